//! The Storage Integrations (V2) operations of `specs/zilliz-v2/paths/storage-integrations.yaml`,
//! against httpmock: for each operation, the documented request (method, path, bearer key, query,
//! body from the spec's request example) answered with the spec's example answer, decoded field
//! by field, with the shared `externalId` kept out of `Debug`; and the documented error code
//! (1800, the only one these pages give) answered with HTTP 200, which must become a typed vendor
//! error. Also `Client::list_storage_integrations_all` across three pages.

mod common;

use std::num::NonZeroU32;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, PAGE_SIZE, RequestSecret, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const PROJECT_ID: &str = "proj-xxxxxxxxxxxxxxxxxxxxxx";
const INTEGRATION_ID: &str = "integ-xxxxxxxxxxxxxxxxxxx";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/zilliz-bucket-role";
const EXTERNAL_ID: &str = "zilliz-external-AbCdEf12345678";
const UNAUTHENTICATED: &str = "User hasn't authenticated";

/// The AWS `externalCred` of the spec's create and validate examples, built with the typed builder.
fn external_cred() -> types::StorageIntegrationExternalCred {
    types::StorageIntegrationExternalCred::builder()
        .role_arn(Some(ROLE_ARN.to_string()))
        .external_id(Some(RequestSecret::from(EXTERNAL_ID)))
        .try_into()
        .expect("every field of externalCred is optional")
}

fn external_cred_json() -> Value {
    json!({"roleArn": ROLE_ARN, "externalId": EXTERNAL_ID})
}

/// The spec's request example of createStorageIntegration.
fn create_request() -> types::builder::StorageIntegrationCreateRequest {
    types::StorageIntegrationCreateRequest::builder()
        .project_id(PROJECT_ID)
        .name("analytics-s3")
        .description(Some("S3 bucket for external tables".to_string()))
        .region_id("aws-us-west-2")
        .bucket_name("my-bucket")
        .external_cred(Some(external_cred()))
}

fn create_request_json() -> Value {
    json!({
        "projectId": PROJECT_ID,
        "name": "analytics-s3",
        "description": "S3 bucket for external tables",
        "regionId": "aws-us-west-2",
        "bucketName": "my-bucket",
        "externalCred": external_cred_json()
    })
}

/// The spec's request example of validateStorageIntegration.
fn validate_request() -> types::builder::StorageIntegrationValidateRequest {
    types::StorageIntegrationValidateRequest::builder()
        .project_id(PROJECT_ID)
        .region_id("aws-us-west-2")
        .bucket_name("my-bucket")
        .external_cred(Some(external_cred()))
}

fn validate_request_json() -> Value {
    json!({
        "projectId": PROJECT_ID,
        "regionId": "aws-us-west-2",
        "bucketName": "my-bucket",
        "externalCred": external_cred_json()
    })
}

/// The spec's request example of generateStorageIntegrationAuthorizationMaterials.
fn materials_request() -> types::builder::StorageIntegrationAuthorizationMaterialsRequest {
    types::StorageIntegrationAuthorizationMaterialsRequest::builder()
        .project_id(PROJECT_ID)
        .region_id("aws-us-west-2")
        .bucket_name("my-bucket")
}

fn materials_request_json() -> Value {
    json!({"projectId": PROJECT_ID, "regionId": "aws-us-west-2", "bucketName": "my-bucket"})
}

fn integration_ref_answer() -> Value {
    json!({
        "code": 0,
        "data": {"integrationId": "integ-xxxxxxxxxxxxxxxxxxx", "name": "analytics-s3"}
    })
}

// listStorageIntegrations

#[tokio::test]
async fn list_storage_integrations_sends_the_project_and_page_and_decodes_the_summaries() {
    let server = MockServer::start_async().await;
    let mock = server.list_storage_integrations(|when, then| {
        when.project_id(PROJECT_ID)
            .current_page(NonZeroU32::new(1))
            .page_size(NonZeroU32::new(10))
            .into_inner()
            .method(Method::GET)
            .path("/v2/storageIntegrations")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 3);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "storageIntegrations": [
                    {
                        "integrationId": "integ-xxxxxxxxxxxxxxxxxxx",
                        "name": "analytics-s3",
                        "status": "ACTIVE",
                        "message": "",
                        "regionId": "aws-us-west-2",
                        "bucketName": "my-bucket"
                    }
                ],
                "count": 1,
                "currentPage": 1,
                "pageSize": 10
            }
        }));
    });

    let page = common::client(&server)
        .list_storage_integrations()
        .project_id(PROJECT_ID)
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.storage_integrations.len(), 1);
    let s = &page.storage_integrations[0];
    assert_eq!(s.integration_id, INTEGRATION_ID);
    assert_eq!(s.name.as_deref(), Some("analytics-s3"));
    assert_eq!(s.status, Some(types::StorageIntegrationStatus::Active));
    assert_eq!(s.message.as_deref(), Some(""));
    assert_eq!(s.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(s.bucket_name.as_deref(), Some("my-bucket"));
}

#[tokio::test]
async fn list_storage_integrations_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_storage_integrations(|when, then| {
        when.project_id(PROJECT_ID)
            .current_page(NonZeroU32::new(1))
            .page_size(NonZeroU32::new(10))
            .into_inner()
            .method(Method::GET)
            .path("/v2/storageIntegrations")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .list_storage_integrations()
        .project_id(PROJECT_ID)
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, UNAUTHENTICATED);
}

/// One page of `listStorageIntegrations` for the pagination test: items `first..first + len` of 250.
fn storage_integration_page(page: u32, first: usize, len: usize) -> Value {
    let items: Vec<Value> = (first..first + len)
        .map(|i| {
            json!({
                "integrationId": format!("integ-{i:03}"),
                "name": format!("bucket-{i:03}"),
                "status": if i % 2 == 0 { "ACTIVE" } else { "ERROR" },
                "message": "",
                "regionId": "aws-us-west-2",
                "bucketName": format!("bucket-{i:03}")
            })
        })
        .collect();
    json!({
        "code": 0,
        "data": {"storageIntegrations": items, "count": 250, "currentPage": page, "pageSize": 100}
    })
}

#[tokio::test]
async fn list_storage_integrations_all_collects_three_pages_of_250() {
    assert_eq!(PAGE_SIZE, 100);
    let server = MockServer::start_async().await;
    let pages: Vec<_> = [(1u32, 0usize, 100usize), (2, 100, 100), (3, 200, 50)]
        .into_iter()
        .map(|(page, first, len)| {
            server.list_storage_integrations(|when, then| {
                when.project_id(PROJECT_ID)
                    .current_page(NonZeroU32::new(page))
                    .page_size(NonZeroU32::new(100))
                    .into_inner()
                    .method(Method::GET)
                    .path("/v2/storageIntegrations")
                    .header("authorization", common::BEARER);
                then.into_inner()
                    .status(200)
                    .json_body(storage_integration_page(page, first, len));
            })
        })
        .collect();
    let beyond = server.list_storage_integrations(|when, then| {
        when.current_page(NonZeroU32::new(4));
        then.into_inner()
            .status(200)
            .json_body(storage_integration_page(4, 250, 0));
    });

    let all = common::client(&server)
        .list_storage_integrations_all(PROJECT_ID)
        .await
        .expect("every page decodes");

    for page in &pages {
        page.assert_async().await;
    }
    beyond.assert_calls_async(0).await;
    assert_eq!(all.len(), 250);
    for (i, s) in all.iter().enumerate() {
        assert_eq!(s.integration_id, format!("integ-{i:03}"));
        assert_eq!(
            s.bucket_name.as_deref(),
            Some(format!("bucket-{i:03}").as_str())
        );
        let status = if i % 2 == 0 {
            types::StorageIntegrationStatus::Active
        } else {
            types::StorageIntegrationStatus::Error
        };
        assert_eq!(s.status, Some(status));
    }
}

// createStorageIntegration

#[tokio::test]
async fn create_storage_integration_sends_the_example_with_its_external_id() {
    let server = MockServer::start_async().await;
    let mock = server.create_storage_integration(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(create_request_json());
        then.into_inner()
            .status(200)
            .json_body(integration_ref_answer());
    });

    let request = create_request();
    let shown = format!("{request:?}");
    assert!(
        !shown.contains(EXTERNAL_ID),
        "Debug shows the externalId: {shown}"
    );
    let data = common::client(&server)
        .create_storage_integration()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.integration_id, INTEGRATION_ID);
    assert_eq!(data.name.as_deref(), Some("analytics-s3"));
}

#[tokio::test]
async fn create_storage_integration_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_storage_integration(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations")
            .header("authorization", common::BEARER)
            .json_body(create_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .create_storage_integration()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// validateStorageIntegration

#[tokio::test]
async fn validate_storage_integration_sends_the_example_and_decodes_the_verdict() {
    let server = MockServer::start_async().await;
    let mock = server.validate_storage_integration(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations/validate")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(validate_request_json());
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"success": true, "message": ""}}));
    });

    let data = common::client(&server)
        .validate_storage_integration()
        .body(validate_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.success, Some(true));
    assert_eq!(data.message.as_deref(), Some(""));
}

#[tokio::test]
async fn validate_storage_integration_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.validate_storage_integration(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations/validate")
            .header("authorization", common::BEARER)
            .json_body(validate_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .validate_storage_integration()
        .body(validate_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// generateStorageIntegrationAuthorizationMaterials

#[tokio::test]
async fn generate_authorization_materials_decodes_the_policies_and_hides_the_external_id() {
    let server = MockServer::start_async().await;
    let mock = server.generate_storage_integration_authorization_materials(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations/authorizationMaterials")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(materials_request_json());
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "readonly": "{...}",
                "readwrite": "{...}",
                "iamPolicy": "{...}",
                "trustPolicy": "{...}",
                "zillizAccount": "306787409409",
                "externalId": "zilliz-external-AbCdEf12345678"
            }
        }));
    });

    let data = common::client(&server)
        .generate_storage_integration_authorization_materials()
        .body(materials_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.readonly.as_deref(), Some("{...}"));
    assert_eq!(data.readwrite.as_deref(), Some("{...}"));
    assert_eq!(data.iam_policy.as_deref(), Some("{...}"));
    assert_eq!(data.trust_policy.as_deref(), Some("{...}"));
    assert_eq!(data.zilliz_account.as_deref(), Some("306787409409"));
    assert_eq!(data.ram_policy, None);
    assert_eq!(data.google_cloud_service_account, None);
    assert!(data.permission.is_empty());
    assert!(data.credential.is_none());
    let external_id = data
        .external_id
        .as_ref()
        .expect("AWS materials carry an externalId");
    assert_eq!(external_id.expose_secret(), EXTERNAL_ID);
    let shown = format!("{data:?}");
    assert!(
        !shown.contains(EXTERNAL_ID),
        "Debug shows the externalId: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn generate_authorization_materials_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.generate_storage_integration_authorization_materials(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/storageIntegrations/authorizationMaterials")
            .header("authorization", common::BEARER)
            .json_body(materials_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .generate_storage_integration_authorization_materials()
        .body(materials_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// describeStorageIntegration

#[tokio::test]
async fn describe_storage_integration_decodes_the_detail_and_hides_the_external_id() {
    let server = MockServer::start_async().await;
    let mock = server.describe_storage_integration(|when, then| {
        when.integration_id(INTEGRATION_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/storageIntegrations/integ-xxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "integrationId": "integ-xxxxxxxxxxxxxxxxxxx",
                "name": "analytics-s3",
                "description": "S3 bucket for external tables",
                "status": "ACTIVE",
                "message": "",
                "regionId": "aws-us-west-2",
                "bucketName": "my-bucket",
                "externalCred": {
                    "roleArn": "arn:aws:iam::123456789012:role/zilliz-bucket-role",
                    "externalId": "zilliz-external-AbCdEf12345678"
                },
                "createTime": "2024-07-30T16:49:50Z"
            }
        }));
    });

    let s = common::client(&server)
        .describe_storage_integration()
        .integration_id(INTEGRATION_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(s.integration_id, INTEGRATION_ID);
    assert_eq!(s.name.as_deref(), Some("analytics-s3"));
    assert_eq!(
        s.description.as_deref(),
        Some("S3 bucket for external tables")
    );
    assert_eq!(s.status, Some(types::StorageIntegrationStatus::Active));
    assert_eq!(s.message.as_deref(), Some(""));
    assert_eq!(s.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(s.bucket_name.as_deref(), Some("my-bucket"));
    assert_eq!(s.create_time.as_deref(), Some("2024-07-30T16:49:50Z"));
    let cred = s
        .external_cred
        .as_ref()
        .expect("the answer has externalCred");
    assert_eq!(cred.role_arn.as_deref(), Some(ROLE_ARN));
    assert_eq!(cred.account_name, None);
    assert_eq!(cred.client_id, None);
    assert_eq!(cred.tenant_id, None);
    assert_eq!(cred.gcp_project_id, None);
    assert_eq!(cred.service_account_email, None);
    let external_id = cred
        .external_id
        .as_ref()
        .expect("the AWS credential has an externalId");
    assert_eq!(external_id.expose_secret(), EXTERNAL_ID);
    let shown = format!("{s:?}");
    assert!(
        !shown.contains(EXTERNAL_ID),
        "Debug shows the externalId: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn describe_storage_integration_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_storage_integration(|when, then| {
        when.integration_id(INTEGRATION_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/storageIntegrations/integ-xxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .describe_storage_integration()
        .integration_id(INTEGRATION_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// deleteStorageIntegration

#[tokio::test]
async fn delete_storage_integration_decodes_the_deleted_reference() {
    let server = MockServer::start_async().await;
    let mock = server.delete_storage_integration(|when, then| {
        when.integration_id(INTEGRATION_ID)
            .into_inner()
            .method(Method::DELETE)
            .path("/v2/storageIntegrations/integ-xxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner()
            .status(200)
            .json_body(integration_ref_answer());
    });

    let data = common::client(&server)
        .delete_storage_integration()
        .integration_id(INTEGRATION_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.integration_id, INTEGRATION_ID);
    assert_eq!(data.name.as_deref(), Some("analytics-s3"));
}

#[tokio::test]
async fn delete_storage_integration_1800_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.delete_storage_integration(|when, then| {
        when.integration_id(INTEGRATION_ID)
            .into_inner()
            .method(Method::DELETE)
            .path("/v2/storageIntegrations/integ-xxxxxxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, UNAUTHENTICATED));
    });

    let err = common::client(&server)
        .delete_storage_integration()
        .integration_id(INTEGRATION_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}
