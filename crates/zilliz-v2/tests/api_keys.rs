//! Zilliz v2 API keys (`specs/zilliz-v2/paths/api-keys.yaml`): list, create,
//! describe, update and delete, each against httpmock with the spec's request
//! example and documented answer, plus an error envelope answered with HTTP 200;
//! the one-time key secret of createApiKey (a `SecretString`); and
//! `list_api_keys_all` over three pages.
//!
//! The pages list no error codes for this group, so the error tests use 21119,
//! the code the document records for an invalid API key on every v2 operation.

mod common;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const KEY_ID: &str = "key-xxxxxxxxxxxxxx";
const KEY_PATH: &str = "/v2/api-keys/key-xxxxxxxxxxxxxx";
const LIST_PATH: &str = "/v2/api-keys";
const ILLEGAL: &str = "The apikey is illegal";

/// The documented `ApiKey` answer of describe and delete (list carries it too).
fn documented_key() -> Value {
    json!({
        "apiKeyId": "key-xxxxxxxxxxxxxx",
        "name": "Data Pipeline",
        "description": "API key used by the ingestion pipeline",
        "creatorName": "John Doe",
        "createdBy": "john.doe@zilliz.com",
        "orgRole": "Member",
        "projects": [
            {
                "projectId": "proj-xxxxxxxx",
                "projectName": "Default Project",
                "role": "Data Reader",
                "allCluster": true,
                "clusters": [],
                "allVolume": true,
                "volumes": []
            }
        ]
    })
}

/// The project access the create and update examples send.
fn example_project() -> types::ApiKeyProjectAccessInput {
    types::ApiKeyProjectAccessInput::try_from(
        types::ApiKeyProjectAccessInput::builder()
            .project_id("proj-xxxxxxxx")
            .role("Data Reader")
            .all_cluster(true)
            .all_volume(true),
    )
    .expect("the example project access is complete")
}

/// The fields every documented `ApiKey` answer shares, with its name and description.
fn assert_documented_key(key: &types::ApiKey, name: &str, description: &str) {
    assert_eq!(key.api_key_id, KEY_ID);
    assert_eq!(key.name.as_deref(), Some(name));
    assert_eq!(key.description.as_deref(), Some(description));
    assert_eq!(key.creator_name.as_deref(), Some("John Doe"));
    assert_eq!(key.created_by.as_deref(), Some("john.doe@zilliz.com"));
    assert_eq!(key.org_role, Some(types::ApiKeyAssignedOrgRole::Member));
    assert_eq!(key.projects.len(), 1);
    let project = &key.projects[0];
    assert_eq!(project.project_id, "proj-xxxxxxxx");
    assert_eq!(project.project_name.as_deref(), Some("Default Project"));
    assert_eq!(project.role.as_deref(), Some("Data Reader"));
    assert_eq!(project.all_cluster, Some(true));
    assert!(project.clusters.is_empty());
    assert_eq!(project.all_volume, Some(true));
    assert!(project.volumes.is_empty());
}

#[tokio::test]
async fn list_api_keys_sends_the_page_query_and_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_api_keys(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(LIST_PATH)
            .header("authorization", common::BEARER)
            .query_param("currentPage", "1")
            .query_param("pageSize", "10");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "apiKeys": [
                    {
                        "apiKeyId": "key-xxxxxxxxxxxxxx",
                        "name": "Data Pipeline",
                        "description": "API key used by the ingestion pipeline",
                        "creatorName": "John Doe",
                        "createdBy": "john.doe@zilliz.com",
                        "orgRole": "Member",
                        "projects": [
                            {
                                "projectId": "proj-xxxxxxxx",
                                "projectName": "Default Project",
                                "role": "Data Reader",
                                "allCluster": true,
                                "clusters": [],
                                "allVolume": true,
                                "volumes": []
                            }
                        ]
                    }
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_api_keys()
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the documented page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.api_keys.len(), 1);
    assert_documented_key(
        &page.api_keys[0],
        "Data Pipeline",
        "API key used by the ingestion pipeline",
    );
}

#[tokio::test]
async fn list_api_keys_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_api_keys(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(LIST_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, ILLEGAL));
    });

    let err = common::client(&server)
        .list_api_keys()
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL);
}

/// One key of the three-page list: `key-000` to `key-249`.
fn numbered_key(n: usize) -> Value {
    json!({"apiKeyId": format!("key-{n:03}"), "name": format!("Key {n}"), "orgRole": "Member"})
}

#[tokio::test]
async fn list_api_keys_all_collects_three_pages_of_100_up_to_count_250() {
    let server = MockServer::start_async().await;
    let pages: Vec<_> = [(1, 0..100), (2, 100..200), (3, 200..250)]
        .into_iter()
        .map(|(page, range)| {
            let keys: Vec<Value> = range.map(numbered_key).collect();
            server.list_api_keys(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path(LIST_PATH)
                    .header("authorization", common::BEARER)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100");
                then.into_inner().status(200).json_body(json!({
                    "code": 0,
                    "data": {"count": 250, "currentPage": page, "pageSize": 100, "apiKeys": keys}
                }));
            })
        })
        .collect();

    let keys = common::client(&server)
        .list_api_keys_all()
        .await
        .expect("every page decodes");

    for mock in &pages {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(keys.len(), 250);
    for (n, key) in keys.iter().enumerate() {
        assert_eq!(key.api_key_id, format!("key-{n:03}"));
    }
    assert_eq!(keys[0].name.as_deref(), Some("Key 0"));
    assert_eq!(keys[249].name.as_deref(), Some("Key 249"));
    assert_eq!(
        keys[100].org_role,
        Some(types::ApiKeyAssignedOrgRole::Member)
    );
}

/// createApiKey with the spec's request example, built with the typed builders.
fn create_request() -> types::builder::CreateApiKeyRequest {
    types::CreateApiKeyRequest::builder()
        .name("Data Pipeline")
        .description("API key used by the ingestion pipeline".to_string())
        .org_role(types::ApiKeyOrgRole::Member)
        .projects(vec![example_project()])
}

/// A mock of createApiKey that checks the example body and answers `data` in a success envelope.
fn mock_create(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.create_api_key(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(LIST_PATH)
            .header("authorization", common::BEARER)
            .json_body(json!({
                "name": "Data Pipeline",
                "description": "API key used by the ingestion pipeline",
                "orgRole": "Member",
                "projects": [
                    {
                        "projectId": "proj-xxxxxxxx",
                        "role": "Data Reader",
                        "allCluster": true,
                        "allVolume": true
                    }
                ]
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

#[tokio::test]
async fn create_api_key_sends_the_example_and_hides_the_documented_secret() {
    let server = MockServer::start_async().await;
    let mock = mock_create(
        &server,
        json!({
            "code": 0,
            "data": {
                "apiKeyId": "key-xxxxxxxxxxxxxx",
                "apiKey": "****************"
            }
        }),
    );

    let created = common::client(&server)
        .create_api_key()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(created.api_key_id, KEY_ID);
    let secret = created
        .api_key
        .as_ref()
        .expect("the answer carries the key");
    assert_eq!(secret.expose_secret(), "****************");
    let shown = format!("{created:?}");
    assert!(!shown.contains("****************"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

/// What the crate does: `SecretString` hides itself from `Debug` and `Display`
/// but serializes as the plain string (core/src/secret.rs: "the wire format
/// needs it"), so `serde_json::to_string` of the decoded answer carries the key.
#[tokio::test]
async fn created_api_key_is_readable_and_redacted_in_debug_and_when_serialized() {
    const SECRET: &str = "9c1f0e7d2b4a68e5f3d1c0b9a7e6d5c4b3a2f1e0d9c8b7a6e5f4d3c2b1a09f8e7d6";
    let server = MockServer::start_async().await;
    let mock = mock_create(
        &server,
        json!({"code": 0, "data": {"apiKeyId": "key-xxxxxxxxxxxxxx", "apiKey": SECRET}}),
    );

    let created = common::client(&server)
        .create_api_key()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect("the answer decodes");

    mock.assert_async().await;
    let secret = created
        .api_key
        .as_ref()
        .expect("the answer carries the key");
    assert_eq!(secret.expose_secret(), SECRET);
    for shown in [
        format!("{created:?}"),
        format!("{created:#?}"),
        format!("{secret}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    // An answer's secret never serializes: a logged answer keeps no key.
    let serialized = serde_json::to_string(&created).expect("the answer serializes");
    assert!(!serialized.contains(SECRET), "{serialized}");
    assert_eq!(
        serde_json::from_str::<Value>(&serialized).expect("valid JSON"),
        json!({"apiKeyId": "key-xxxxxxxxxxxxxx", "apiKey": "[redacted]"})
    );
}

#[tokio::test]
async fn create_api_key_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_create(&server, common::error_envelope(21119, ILLEGAL));

    let err = common::client(&server)
        .create_api_key()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

#[tokio::test]
async fn describe_api_key_decodes_the_documented_key() {
    let server = MockServer::start_async().await;
    let mock = server.describe_api_key(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(KEY_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "apiKeyId": "key-xxxxxxxxxxxxxx",
                "name": "Data Pipeline",
                "description": "API key used by the ingestion pipeline",
                "creatorName": "John Doe",
                "createdBy": "john.doe@zilliz.com",
                "orgRole": "Member",
                "projects": [
                    {
                        "projectId": "proj-xxxxxxxx",
                        "projectName": "Default Project",
                        "role": "Data Reader",
                        "allCluster": true,
                        "clusters": [],
                        "allVolume": true,
                        "volumes": []
                    }
                ]
            }
        }));
    });

    let key = common::client(&server)
        .describe_api_key()
        .api_key_id(KEY_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_documented_key(
        &key,
        "Data Pipeline",
        "API key used by the ingestion pipeline",
    );
}

#[tokio::test]
async fn describe_api_key_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_api_key(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(KEY_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, ILLEGAL));
    });

    let err = common::client(&server)
        .describe_api_key()
        .api_key_id(KEY_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

/// updateApiKey with the spec's request example, built with the typed builders.
fn update_request() -> types::builder::UpdateApiKeyRequest {
    types::UpdateApiKeyRequest::builder()
        .name("Data Pipeline Production")
        .description("Production ingestion pipeline".to_string())
        .org_role(types::ApiKeyOrgRole::Member)
        .projects(vec![example_project()])
}

fn mock_update(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.update_api_key(|when, then| {
        when.into_inner()
            .method(Method::PUT)
            .path(KEY_PATH)
            .header("authorization", common::BEARER)
            .json_body(json!({
                "name": "Data Pipeline Production",
                "description": "Production ingestion pipeline",
                "orgRole": "Member",
                "projects": [
                    {
                        "projectId": "proj-xxxxxxxx",
                        "role": "Data Reader",
                        "allCluster": true,
                        "allVolume": true
                    }
                ]
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

#[tokio::test]
async fn update_api_key_sends_the_example_and_decodes_the_updated_key() {
    let server = MockServer::start_async().await;
    let mock = mock_update(
        &server,
        json!({
            "code": 0,
            "data": {
                "apiKeyId": "key-xxxxxxxxxxxxxx",
                "name": "Data Pipeline Production",
                "description": "Production ingestion pipeline",
                "creatorName": "John Doe",
                "createdBy": "john.doe@zilliz.com",
                "orgRole": "Member",
                "projects": [
                    {
                        "projectId": "proj-xxxxxxxx",
                        "projectName": "Default Project",
                        "role": "Data Reader",
                        "allCluster": true,
                        "clusters": [],
                        "allVolume": true,
                        "volumes": []
                    }
                ]
            }
        }),
    );

    let key = common::client(&server)
        .update_api_key()
        .api_key_id(KEY_ID)
        .body(update_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_documented_key(
        &key,
        "Data Pipeline Production",
        "Production ingestion pipeline",
    );
}

#[tokio::test]
async fn update_api_key_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_update(&server, common::error_envelope(21119, ILLEGAL));

    let err = common::client(&server)
        .update_api_key()
        .api_key_id(KEY_ID)
        .body(update_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

#[tokio::test]
async fn delete_api_key_decodes_the_key_as_it_was() {
    let server = MockServer::start_async().await;
    let mock = server.delete_api_key(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(KEY_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": documented_key()}));
    });

    let key = common::client(&server)
        .delete_api_key()
        .api_key_id(KEY_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_documented_key(
        &key,
        "Data Pipeline",
        "API key used by the ingestion pipeline",
    );
}

#[tokio::test]
async fn delete_api_key_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.delete_api_key(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(KEY_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, ILLEGAL));
    });

    let err = common::client(&server)
        .delete_api_key()
        .api_key_id(KEY_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}
