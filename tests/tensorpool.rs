//! TensorPool end to end against httpmock: all 13 operations, typed and untyped errors, unknown enum values, query and path parameters, create-then-wait with Retry-After, retries, `from_env` and tracing.

use std::num::NonZeroU64;
use std::time::Duration;

use cloud_clusters_tensorpool::mock::MockServerExt;
use cloud_clusters_tensorpool::{
    API_KEY_ENV, ApiError, Client, ConfigError, Error, WaitError, WaitOptions, types,
};
use cloud_clusters_tests::{capture_tracing, captured, options, wait_options};
use httpmock::MockServer;
use serde_json::{Value, json};
use types::{RequestStatus, RequestType};

const KEY: &str = "test-key";
const CREATED_AT: &str = "2025-06-01T12:00:00Z";

type TpError = Error<types::HttpValidationError>;

fn client(server: &MockServer) -> Client {
    Client::with_options(&server.base_url(), KEY, options())
        .expect("the mock server URL is a valid base URL")
}

/// A `RequestInfoResponse` as the server sends it.
fn request_json(request_id: &str, status: &str, external_message: Option<&str>) -> Value {
    json!({
        "request_id": request_id,
        "request_type": "CLUSTER_CLAIM",
        "status": status,
        "created_at": CREATED_AT,
        "object_id": "c-1",
        "external_message": external_message
    })
}

fn unexpected_status(err: &TpError) -> u16 {
    match err {
        Error::UnexpectedResponse(response) => response.status().as_u16(),
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Every operation, with its request and its decoded success.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cluster_create_posts_the_body_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/cluster/create")
            .header("authorization", format!("Bearer {KEY}"))
            .json_body(json!({
                "instance_type": "1xH100",
                "public_keys": [],
                "num_nodes": 1,
                "tp_cluster_name": "trainer",
                "deletion_protection": false,
                "save_keys": true
            }));
        then.accepted(&types::ClusterCreateRestResponse {
            cluster_id: "c-1".to_string(),
            instance_ids: vec!["i-1".to_string()],
            request_id: Some("req-1".to_string()),
            message: "Cluster creation initiated".to_string(),
        });
    });

    let created = client(&server)
        .cluster_create()
        .body(
            types::ClusterCreateRestRequest::builder()
                .instance_type("1xH100")
                .tp_cluster_name("trainer".to_string()),
        )
        .send()
        .await
        .expect("create succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.cluster_id, "c-1");
    assert_eq!(created.instance_ids, vec!["i-1".to_string()]);
    assert_eq!(created.request_id.as_deref(), Some("req-1"));
    assert_eq!(created.message, "Cluster creation initiated");
}

#[tokio::test]
async fn cluster_list_sends_include_org_and_instances_and_decodes_the_clusters() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_list(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/cluster/list")
            .query_param("include_org", "true")
            .query_param("instances", "true");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "message": "2 clusters",
                "clusters": [{"cluster_id": "c-1", "status": "running"}, {"cluster_id": "c-2"}]
            }));
    });

    let list = client(&server)
        .cluster_list()
        .include_org(true)
        .instances(true)
        .send()
        .await
        .expect("list succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(list.message, "2 clusters");
    let clusters = list.clusters.expect("clusters are present");
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0].get("cluster_id"), Some(&json!("c-1")));
    assert_eq!(clusters[0].get("status"), Some(&json!("running")));
    assert_eq!(clusters[1].get("cluster_id"), Some(&json!("c-2")));
}

#[tokio::test]
async fn cluster_list_sends_false_flags_and_no_flags_when_unset() {
    let server = MockServer::start_async().await;
    let with_false = server.cluster_list(|when, then| {
        when.include_org(false).instances(false);
        then.ok(&types::ClusterListResponse {
            clusters: None,
            message: "explicit".to_string(),
            extra: Default::default(),
        });
    });
    let without = server.cluster_list(|when, then| {
        when.include_org(None).instances(None);
        then.ok(&types::ClusterListResponse {
            clusters: None,
            message: "none".to_string(),
            extra: Default::default(),
        });
    });
    let client = client(&server);

    let explicit = client
        .cluster_list()
        .include_org(false)
        .instances(false)
        .send()
        .await
        .expect("list succeeds")
        .into_inner();
    let none = client
        .cluster_list()
        .send()
        .await
        .expect("list succeeds")
        .into_inner();

    with_false.assert_async().await;
    without.assert_async().await;
    assert_eq!(explicit.message, "explicit");
    assert_eq!(explicit.clusters, None);
    assert_eq!(none.message, "none");
}

#[tokio::test]
async fn cluster_info_percent_encodes_the_cluster_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_info(|when, then| {
        when.into_inner()
            .path("/cluster/info/my%20cluster%2F1%3Fx%23y");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"message": "Cluster c-1: RUNNING", "cluster_id": "c-1"}));
    });

    let info = client(&server)
        .cluster_info()
        .cluster("my cluster/1?x#y")
        .send()
        .await
        .expect("info succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.message, "Cluster c-1: RUNNING");
    assert_eq!(info.cluster_id.as_deref(), Some("c-1"));
}

#[tokio::test]
async fn cluster_edit_patches_the_body_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_edit(|when, then| {
        when.into_inner()
            .method(httpmock::Method::PATCH)
            .path("/cluster/edit/c-1")
            .header("content-type", "application/json")
            .json_body(json!({"cluster_name": "renamed", "deletion_protection": false}));
        then.accepted(&types::MessageResponse {
            message: "Cluster updated".to_string(),
        });
    });

    let response = client(&server)
        .cluster_edit()
        .cluster("c-1")
        .body(
            types::ClusterEditRequest::builder()
                .cluster_name("renamed".to_string())
                .deletion_protection(false),
        )
        .send()
        .await
        .expect("edit succeeds");

    mock.assert_async().await;
    assert_eq!(response.status().as_u16(), 202);
    assert_eq!(response.into_inner().message, "Cluster updated");
}

#[tokio::test]
async fn cluster_edit_with_nothing_set_sends_an_empty_object() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_edit(|when, then| {
        when.into_inner()
            .path("/cluster/edit/c-1")
            .json_body(json!({}));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"message": "nothing to do"}));
    });

    let edited = client(&server)
        .cluster_edit()
        .cluster("c-1")
        .body(types::ClusterEditRequest::default())
        .send()
        .await
        .expect("edit succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(edited.message, "nothing to do");
}

#[tokio::test]
async fn cluster_destroy_deletes_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_destroy(|when, then| {
        when.into_inner().method(httpmock::Method::DELETE).path("/cluster/c-1");
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-1", "request_id": "req-9", "message": "Cluster destruction initiated"}));
    });

    let destroyed = client(&server)
        .cluster_destroy()
        .cluster("c-1")
        .send()
        .await
        .expect("destroy succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        destroyed,
        types::ClusterDestroyResponse {
            cluster_id: "c-1".to_string(),
            request_id: Some("req-9".to_string()),
            message: "Cluster destruction initiated".to_string(),
        }
    );
}

#[tokio::test]
async fn storage_create_posts_size_name_and_default_protection_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.storage_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/storage/create")
            .json_body(json!({"size": 500, "name": "datasets", "deletion_protection": false}));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"storage_id": "s-1", "message": "Storage creation initiated", "request_id": "req-2"}));
    });

    let created = client(&server)
        .storage_create()
        .body(
            types::StorageCreateRequest::builder()
                .size(NonZeroU64::new(500).expect("500 is not zero"))
                .name("datasets".to_string()),
        )
        .send()
        .await
        .expect("storage create succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        created,
        types::StorageCreateResponse {
            storage_id: "s-1".to_string(),
            message: "Storage creation initiated".to_string(),
            request_id: Some("req-2".to_string()),
        }
    );
}

#[tokio::test]
async fn storage_destroy_percent_encodes_the_id_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.storage_destroy(|when, then| {
        when.into_inner().method(httpmock::Method::DELETE).path("/storage/vol%231%3Fx");
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"storage_id": "vol#1?x", "request_id": null, "message": "Storage destruction initiated"}));
    });

    let destroyed = client(&server)
        .storage_destroy()
        .storage_id("vol#1?x")
        .send()
        .await
        .expect("storage destroy succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(destroyed.storage_id, "vol#1?x");
    assert_eq!(destroyed.request_id, None);
    assert_eq!(destroyed.message, "Storage destruction initiated");
}

#[tokio::test]
async fn storage_attach_posts_cluster_ids_and_decodes_one_request_id_per_cluster() {
    let server = MockServer::start_async().await;
    let mock = server.storage_attach(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/storage/attach")
            .json_body(json!({"storage_id": "s-1", "cluster_ids": ["c-1", "c-2"]}));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"storage_id": "s-1", "message": "Attaching", "request_ids": ["req-a", "req-b"]}));
    });

    let attached = client(&server)
        .storage_attach()
        .body(
            types::StorageAttachRequest::builder()
                .storage_id("s-1")
                .cluster_ids(vec!["c-1".to_string(), "c-2".to_string()]),
        )
        .send()
        .await
        .expect("attach succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(attached.storage_id, "s-1");
    assert_eq!(attached.message, "Attaching");
    assert_eq!(
        attached.request_ids,
        vec!["req-a".to_string(), "req-b".to_string()]
    );
}

#[tokio::test]
async fn storage_detach_posts_the_body_and_decodes_the_202() {
    let server = MockServer::start_async().await;
    let mock = server.storage_detach(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/storage/detach")
            .json_body(json!({"storage_id": "s-1", "cluster_id": "c-1"}));
        then.accepted(&types::StorageDetachResponse {
            storage_id: "s-1".to_string(),
            message: "Detaching".to_string(),
            request_id: Some("req-d".to_string()),
        });
    });

    let detached = client(&server)
        .storage_detach()
        .body(
            types::StorageDetachRequest::builder()
                .storage_id("s-1")
                .cluster_id("c-1"),
        )
        .send()
        .await
        .expect("detach succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(detached.storage_id, "s-1");
    assert_eq!(detached.message, "Detaching");
    assert_eq!(detached.request_id.as_deref(), Some("req-d"));
}

#[tokio::test]
async fn storage_list_sends_include_org_and_decodes_the_message() {
    let server = MockServer::start_async().await;
    let mock = server.storage_list(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/storage/list")
            .query_param("include_org", "true");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"message": "1 volume: s-1 (500 GB)"}));
    });

    let list = client(&server)
        .storage_list()
        .include_org(true)
        .send()
        .await
        .expect("storage list succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(list.message, "1 volume: s-1 (500 GB)");
}

#[tokio::test]
async fn storage_info_gets_the_volume_and_decodes_it() {
    let server = MockServer::start_async().await;
    let mock = server.storage_info(|when, then| {
        when.storage_id("s-1");
        then.ok(&types::StorageInfoResponse {
            message: "s-1: 500 GB, ready".to_string(),
            storage_id: Some("s-1".to_string()),
            extra: Default::default(),
        });
    });

    let info = client(&server)
        .storage_info()
        .storage_id("s-1")
        .send()
        .await
        .expect("storage info succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.message, "s-1: 500 GB, ready");
    assert_eq!(info.storage_id.as_deref(), Some("s-1"));
}

#[tokio::test]
async fn user_info_decodes_the_message() {
    let server = MockServer::start_async().await;
    let mock = server.user_info(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/user/info")
            .header("authorization", format!("Bearer {KEY}"));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"message": "user@example.com, balance $12.00"}));
    });

    let user = client(&server)
        .user_info()
        .send()
        .await
        .expect("user info succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(user.message, "user@example.com, balance $12.00");
}

#[tokio::test]
async fn request_info_decodes_every_field() {
    let server = MockServer::start_async().await;
    let mock = server.request_info(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/request/info/req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .header("retry-after", "2")
            .json_body(json!({
                "request_id": "req-1",
                "request_type": "STORAGE_ATTACH",
                "status": "PROCESSING",
                "created_at": CREATED_AT,
                "object_id": "s-1",
                "external_message": "attaching to c-1"
            }));
    });

    let response = client(&server)
        .request_info()
        .request_id("req-1")
        .send()
        .await
        .expect("request info succeeds");

    mock.assert_async().await;
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let info = response.into_inner();
    assert_eq!(info.request_id, "req-1");
    assert_eq!(info.request_type, RequestType::StorageAttach);
    assert_eq!(info.status, RequestStatus::Processing);
    assert_eq!(info.created_at.to_rfc3339(), "2025-06-01T12:00:00+00:00");
    assert_eq!(info.object_id.as_deref(), Some("s-1"));
    assert_eq!(info.external_message.as_deref(), Some("attaching to c-1"));
}

// ---------------------------------------------------------------------------------------------
// Enums that arrive only in responses accept values the document does not list.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn request_info_unknown_status_and_type_are_kept_as_unknown() {
    let server = MockServer::start_async().await;
    let mock = server.request_info(|when, then| {
        when.request_id("req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "request_id": "req-1",
                "request_type": "JOB_CANCEL",
                "status": "CANCELLED",
                "created_at": CREATED_AT
            }));
    });

    let info = client(&server)
        .request_info()
        .request_id("req-1")
        .send()
        .await
        .expect("unknown enum values still decode")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.status, RequestStatus::Unknown("CANCELLED".to_string()));
    assert_eq!(
        info.request_type,
        RequestType::Unknown("JOB_CANCEL".to_string())
    );
    assert_eq!(info.status.to_string(), "CANCELLED");
    assert_eq!(info.object_id, None);
    assert_eq!(info.external_message, None);
}

#[tokio::test]
async fn known_request_statuses_and_types_decode_to_their_variants() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let statuses = [
        ("PENDING", RequestStatus::Pending),
        ("PROCESSING", RequestStatus::Processing),
        ("COMPLETED", RequestStatus::Completed),
        ("FAILED", RequestStatus::Failed),
        ("RETRYING", RequestStatus::Retrying),
    ];
    let types_ = [
        ("CLUSTER_CLAIM", RequestType::ClusterClaim),
        ("CLUSTER_RELEASE", RequestType::ClusterRelease),
        ("CLUSTER_EDIT", RequestType::ClusterEdit),
        ("STORAGE_CREATE", RequestType::StorageCreate),
        ("STORAGE_DESTROY", RequestType::StorageDestroy),
        ("STORAGE_ATTACH", RequestType::StorageAttach),
        ("STORAGE_DETACH", RequestType::StorageDetach),
        ("STORAGE_EDIT", RequestType::StorageEdit),
    ];
    let pairs = statuses
        .iter()
        .map(|(s, status)| {
            (
                *s,
                status.clone(),
                "CLUSTER_CLAIM",
                RequestType::ClusterClaim,
            )
        })
        .chain(
            types_
                .iter()
                .map(|(t, kind)| ("PENDING", RequestStatus::Pending, *t, kind.clone())),
        );
    for (status_wire, status, type_wire, kind) in pairs {
        let mock = server.request_info(|when, then| {
            when.request_id("req-1");
            then.into_inner()
                .status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "request_id": "req-1",
                    "request_type": type_wire,
                    "status": status_wire,
                    "created_at": CREATED_AT
                }));
        });
        let info = client
            .request_info()
            .request_id("req-1")
            .send()
            .await
            .expect("a documented value decodes")
            .into_inner();
        mock.assert_async().await;
        mock.delete_async().await;
        assert_eq!(info.status, status, "{status_wire}");
        assert_eq!(info.request_type, kind, "{type_wire}");
        assert_eq!(info.status.to_string(), status_wire);
        assert_eq!(info.request_type.to_string(), type_wire);
    }
}

#[tokio::test]
async fn extra_unknown_fields_are_ignored() {
    let server = MockServer::start_async().await;
    let create = server.cluster_create(|when, then| {
        when.into_inner().path("/cluster/create");
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({
                "cluster_id": "c-1",
                "message": "ok",
                "request_id": "req-1",
                "price_per_hour": 24.5,
                "nodes": [{"id": "n-1", "ip": "10.0.0.1"}],
                "experimental": {"nested": true}
            }));
    });
    let request = server.request_info(|when, then| {
        when.request_id("req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body({
                let mut body = request_json("req-1", "COMPLETED", None);
                body["progress"] = json!(100);
                body["sub_requests"] = json!([{"id": "x"}]);
                body
            });
    });
    let client = client(&server);

    let created = client
        .cluster_create()
        .body(types::ClusterCreateRestRequest::builder().instance_type("8xH100"))
        .send()
        .await
        .expect("extra fields do not break decoding")
        .into_inner();
    let info = client
        .request_info()
        .request_id("req-1")
        .send()
        .await
        .expect("extra fields do not break decoding")
        .into_inner();

    create.assert_async().await;
    request.assert_async().await;
    assert_eq!(created.cluster_id, "c-1");
    assert_eq!(created.request_id.as_deref(), Some("req-1"));
    assert_eq!(info.status, RequestStatus::Completed);
    assert_eq!(info.object_id.as_deref(), Some("c-1"));
}

// ---------------------------------------------------------------------------------------------
// Errors: documented, undocumented, malformed.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn cluster_info_documented_422_is_a_typed_error_response() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_info(|when, then| {
        when.cluster("c-1");
        then.unprocessable_entity(&types::HttpValidationError {
            detail: vec![types::ValidationError {
                loc: vec![
                    types::LocationItem::String("path".to_string()),
                    types::LocationItem::String("cluster".to_string()),
                ],
                msg: "invalid cluster id".to_string(),
                type_: "value_error".to_string(),
            }],
        });
    });

    let err = client(&server)
        .cluster_info()
        .cluster("c-1")
        .send()
        .await
        .expect_err("a 422 is an error");

    // A 422 is not retryable: one call.
    assert_eq!(mock.calls_async().await, 1);
    let err = ApiError::from(err);
    assert_eq!(
        err.to_string(),
        "HTTP 422: the API answered with a documented error"
    );
    match err {
        ApiError::Client(Error::ErrorResponse(value)) => {
            assert_eq!(value.status().as_u16(), 422);
            let body = value.into_inner();
            assert_eq!(body.detail.len(), 1);
            assert_eq!(body.detail[0].msg, "invalid cluster id");
            assert_eq!(
                body.detail[0].loc[1],
                types::LocationItem::String("cluster".to_string())
            );
        }
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn cluster_info_404_is_an_unexpected_response_and_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_info(|when, then| {
        when.cluster("missing");
        then.into_inner()
            .status(404)
            .header("content-type", "application/json")
            .json_body(json!({"detail": "Cluster missing not found"}));
    });

    let err = client(&server)
        .cluster_info()
        .cluster("missing")
        .send()
        .await
        .expect_err("a 404 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 404);
    let shown = ApiError::from(err).to_string();
    assert_eq!(
        shown,
        "unexpected HTTP status 404 for /cluster/info/missing"
    );
}

#[tokio::test]
async fn cluster_destroy_409_deletion_protection_is_an_unexpected_response_without_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_destroy(|when, then| {
        when.cluster("c-1");
        then.into_inner()
            .status(409)
            .header("content-type", "application/json")
            .json_body(json!({"detail": "Deletion protection is enabled for c-1"}));
    });

    let err = client(&server)
        .cluster_destroy()
        .cluster("c-1")
        .send()
        .await
        .expect_err("a 409 is an error");

    mock.assert_async().await;
    assert_eq!(unexpected_status(&err), 409);
    let shown = ApiError::from(err).to_string();
    assert!(!shown.contains("Deletion protection"), "{shown}");
    assert!(shown.contains("409"), "{shown}");
}

const HTML_502: &str =
    "<html><body><h1>502 Bad Gateway</h1><p>upstream secret-upstream-host</p></body></html>";

#[tokio::test]
async fn get_answered_502_html_is_retried_then_an_unexpected_response_whose_message_lacks_the_body()
{
    let server = MockServer::start_async().await;
    let mock = server.cluster_list(|when, then| {
        when.into_inner().path("/cluster/list");
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML_502);
    });

    let err = client(&server)
        .cluster_list()
        .send()
        .await
        .expect_err("a 502 is an error");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(unexpected_status(&err), 502);
    let err = ApiError::from(err);
    assert!(err.is_retryable());
    let shown = err.to_string();
    assert_eq!(shown, "unexpected HTTP status 502 for /cluster/list");
    let debug = format!("{err:?}");
    assert!(
        !debug.contains("secret-upstream-host") && !debug.contains("<html>"),
        "{debug}"
    );
}

#[tokio::test]
async fn post_answered_502_html_is_not_retried_and_its_message_lacks_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.storage_create(|when, then| {
        when.into_inner().path("/storage/create");
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML_502);
    });

    let err = client(&server)
        .storage_create()
        .body(
            types::StorageCreateRequest::builder().size(NonZeroU64::new(1).expect("1 is not zero")),
        )
        .send()
        .await
        .expect_err("a 502 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 502);
    let shown = ApiError::from(err).to_string();
    assert_eq!(shown, "unexpected HTTP status 502 for /storage/create");
}

#[tokio::test]
async fn wrong_type_in_a_success_body_is_an_invalid_response_payload_whose_message_lacks_the_body()
{
    let server = MockServer::start_async().await;
    let mock = server.storage_info(|when, then| {
        when.storage_id("s-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"message": ["secret-body-marker"], "storage_id": 7}));
    });

    let err = client(&server)
        .storage_info()
        .storage_id("s-1")
        .send()
        .await
        .expect_err("a list is not a string");

    mock.assert_async().await;
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
    let err = ApiError::from(err);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("secret-body-marker"), "{shown}");
    assert!(
        shown.contains("is not what the API document describes"),
        "{shown}"
    );
}

#[tokio::test]
async fn invalid_json_in_a_success_body_is_an_invalid_response_payload_whose_message_lacks_the_body()
 {
    let server = MockServer::start_async().await;
    let body = r#"{"message": "secret-body-marker", "#;
    let mock = server.user_info(|when, then| {
        when.into_inner().path("/user/info");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(body);
    });

    let err = client(&server)
        .user_info()
        .send()
        .await
        .expect_err("truncated JSON is an error");

    mock.assert_async().await;
    match &err {
        Error::InvalidResponsePayload(bytes, _) => assert_eq!(bytes.as_ref(), body.as_bytes()),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
    let shown = ApiError::from(err).to_string();
    assert!(!shown.contains("secret-body-marker"), "{shown}");
    assert!(
        shown.starts_with(&format!("the response body ({} bytes)", body.len())),
        "{shown}"
    );
}

#[tokio::test]
async fn wrong_enum_shape_in_request_info_is_an_invalid_response_payload_not_a_panic() {
    let server = MockServer::start_async().await;
    let mock = server.request_info(|when, then| {
        when.request_id("req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"request_id": "req-1", "request_type": "CLUSTER_CLAIM", "status": 3, "created_at": "yesterday"}));
    });

    let err = client(&server)
        .request_info()
        .request_id("req-1")
        .send()
        .await
        .expect_err("a number is not a status");

    mock.assert_async().await;
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Create, then wait for the request.
// ---------------------------------------------------------------------------------------------

/// Mocks the create call answering `request_id` and returns the created request id.
async fn create_with_request(server: &MockServer, client: &Client, request_id: &str) -> String {
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path("/cluster/create");
        then.accepted(&types::ClusterCreateRestResponse {
            cluster_id: "c-1".to_string(),
            instance_ids: vec![],
            request_id: Some(request_id.to_string()),
            message: "Cluster creation initiated".to_string(),
        });
    });
    let created = client
        .cluster_create()
        .body(types::ClusterCreateRestRequest::builder().instance_type("8xH100"))
        .send()
        .await
        .expect("create succeeds")
        .into_inner();
    mock.assert_async().await;
    created
        .request_id
        .expect("the create answer carries a request id")
}

#[tokio::test]
async fn create_then_wait_ends_ok_when_the_request_completes() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let pending = server.request_info(|when, then| {
        when.into_inner().path("/request/info/req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-1", "PENDING", None))
            .up_to_n_times(2);
    });
    let completed = server.request_info(|when, then| {
        when.into_inner().path("/request/info/req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-1", "COMPLETED", Some("Cluster is ready")));
    });

    let request_id = create_with_request(&server, &client, "req-1").await;
    let done = client
        .wait_for_request(&request_id, &wait_options())
        .await
        .expect("the request completes");

    assert_eq!(pending.calls_async().await, 2);
    assert_eq!(completed.calls_async().await, 1);
    assert_eq!(done.status, RequestStatus::Completed);
    assert_eq!(done.request_id, "req-1");
    assert_eq!(done.external_message.as_deref(), Some("Cluster is ready"));
}

#[tokio::test]
async fn create_then_wait_reports_failed_with_the_external_message() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let failed = server.request_info(|when, then| {
        when.request_id("req-f");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json(
                "req-f",
                "FAILED",
                Some("No capacity for 8xH100 in any region"),
            ));
    });

    let request_id = create_with_request(&server, &client, "req-f").await;
    let err = client
        .wait_for_request(&request_id, &wait_options())
        .await
        .expect_err("a FAILED request is an error");

    assert_eq!(failed.calls_async().await, 1);
    assert_eq!(err.to_string(), "reached a failed state");
    match err {
        WaitError::Failed(info) => {
            assert_eq!(info.status, RequestStatus::Failed);
            assert_eq!(
                info.external_message.as_deref(),
                Some("No capacity for 8xH100 in any region")
            );
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn create_then_wait_times_out_when_the_request_stays_pending() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let pending = server.request_info(|when, then| {
        when.request_id("req-p");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-p", "PENDING", None));
    });

    let request_id = create_with_request(&server, &client, "req-p").await;
    let options = WaitOptions {
        timeout: Duration::from_millis(100),
        ..wait_options()
    };
    let err = client
        .wait_for_request(&request_id, &options)
        .await
        .expect_err("PENDING forever times out");

    assert!(pending.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
            let last = last.expect("at least one poll succeeded");
            assert_eq!(last.status, RequestStatus::Pending);
            assert_eq!(last.request_id, "req-p");
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_honours_retry_after_zero_instead_of_its_own_interval() {
    // The waiter's own first interval (60 s) is beyond its deadline (2 s): without the server's
    // `Retry-After: 0` it would poll twice (once at once, once at the deadline) and time out on
    // the second PENDING. Honouring it, it polls again at once and sees COMPLETED on the third poll.
    let server = MockServer::start_async().await;
    let client = client(&server);
    let pending = server.request_info(|when, then| {
        when.request_id("req-r");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .header("retry-after", "0")
            .json_body(request_json("req-r", "PENDING", None))
            .up_to_n_times(2);
    });
    let completed = server.request_info(|when, then| {
        when.request_id("req-r");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-r", "COMPLETED", None));
    });

    let request_id = create_with_request(&server, &client, "req-r").await;
    let options = WaitOptions {
        timeout: Duration::from_secs(2),
        initial_interval: Duration::from_secs(60),
        max_interval: Duration::from_secs(60),
        multiplier: 2.0,
    };
    let done = client
        .wait_for_request(&request_id, &options)
        .await
        .expect("Retry-After: 0 means poll again now");

    assert_eq!(done.status, RequestStatus::Completed);
    assert_eq!(pending.calls_async().await, 2);
    assert_eq!(completed.calls_async().await, 1);
}

#[tokio::test]
async fn wait_honours_a_retry_after_beyond_the_deadline_with_one_last_poll() {
    // The server asks for 1 s between polls; the deadline is 200 ms away. Honouring it means
    // exactly two polls (the first, then one at the deadline), not one every 5-20 ms.
    let server = MockServer::start_async().await;
    let client = client(&server);
    let pending = server.request_info(|when, then| {
        when.request_id("req-s");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .header("retry-after", "1")
            .json_body(request_json("req-s", "PROCESSING", None));
    });

    let options = WaitOptions {
        timeout: Duration::from_millis(200),
        ..wait_options()
    };
    let err = client
        .wait_for_request("req-s", &options)
        .await
        .expect_err("still processing at the deadline");

    assert!(matches!(err, WaitError::TimedOut { .. }), "{err:?}");
    assert_eq!(pending.calls_async().await, 2);
}

#[tokio::test]
async fn wait_stops_with_the_api_error_when_a_poll_fails() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let missing = server.request_info(|when, then| {
        when.request_id("req-x");
        then.into_inner()
            .status(404)
            .header("content-type", "application/json")
            .json_body(json!({"detail": "Request req-x not found"}));
    });

    let err = client
        .wait_for_request("req-x", &wait_options())
        .await
        .expect_err("a 404 poll ends the wait");

    assert_eq!(missing.calls_async().await, 1);
    let shown = err.to_string();
    assert_eq!(
        shown,
        "polling failed: unexpected HTTP status 404 for /request/info/req-x"
    );
    match err {
        WaitError::Api(api) => assert_eq!(api.status().map(|s| s.as_u16()), Some(404)),
        other => panic!("expected WaitError::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_treats_an_unknown_status_as_not_finished_and_times_out() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let cancelled = server.request_info(|when, then| {
        when.request_id("req-c");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-c", "CANCELLED", None));
    });

    let options = WaitOptions {
        timeout: Duration::from_millis(100),
        ..wait_options()
    };
    let err = client
        .wait_for_request("req-c", &options)
        .await
        .expect_err("an unlisted status is not COMPLETED");

    assert!(cancelled.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { last, .. } => assert_eq!(
            last.expect("polls succeeded").status,
            RequestStatus::Unknown("CANCELLED".to_string())
        ),
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Retries: only idempotent requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_answered_503_is_tried_three_times_then_fails() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_info(|when, then| {
        when.cluster("c-1");
        then.into_inner().status(503).body("busy");
    });

    let err = client(&server)
        .cluster_info()
        .cluster("c-1")
        .send()
        .await
        .expect_err("503 three times is an error");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn post_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path("/cluster/create");
        then.into_inner().status(503).body("busy");
    });

    let err = client(&server)
        .cluster_create()
        .body(types::ClusterCreateRestRequest::builder().instance_type("8xH100"))
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn patch_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_edit(|when, then| {
        when.cluster("c-1");
        then.into_inner().status(503).body("busy");
    });

    let err = client(&server)
        .cluster_edit()
        .cluster("c-1")
        .body(types::ClusterEditRequest::builder().deletion_protection(false))
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn delete_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.storage_destroy(|when, then| {
        when.storage_id("s-1");
        then.into_inner().status(503).body("busy");
    });

    let err = client(&server)
        .storage_destroy()
        .storage_id("s-1")
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn get_answered_503_then_200_succeeds() {
    let server = MockServer::start_async().await;
    // The 503 mock serves one call and is then exhausted; the 200 mock takes over.
    let unavailable = server.request_info(|when, then| {
        when.request_id("req-1");
        then.into_inner().status(503).body("busy").up_to_n_times(1);
    });
    let ok = server.request_info(|when, then| {
        when.request_id("req-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(request_json("req-1", "COMPLETED", None));
    });

    let info = client(&server)
        .request_info()
        .request_id("req-1")
        .send()
        .await
        .expect("the retry succeeds")
        .into_inner();

    assert_eq!(unavailable.calls_async().await, 1);
    assert_eq!(ok.calls_async().await, 1);
    assert_eq!(info.status, RequestStatus::Completed);
}

// ---------------------------------------------------------------------------------------------
// Configuration and observability.
// ---------------------------------------------------------------------------------------------

#[test]
fn from_env_without_tensorpool_key_names_the_variable() {
    assert_eq!(API_KEY_ENV, "TENSORPOOL_KEY");
    if std::env::var_os("TENSORPOOL_KEY").is_some() {
        // Never touch the environment: with the variable set there is nothing to check.
        return;
    }
    let err = Client::from_env().expect_err("no key, no client");
    assert!(
        matches!(&err, ConfigError::MissingEnv { var } if var == "TENSORPOOL_KEY"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "environment variable TENSORPOOL_KEY is not set: set it to your API key"
    );
}

#[tokio::test]
async fn a_request_is_traced_with_provider_operation_and_status_but_never_the_key() {
    const SECRET_KEY: &str = "tp-live-0123456789abcdef";
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner()
            .path("/cluster/create")
            .header("authorization", format!("Bearer {SECRET_KEY}"));
        then.accepted(&types::ClusterCreateRestResponse {
            cluster_id: "c-1".to_string(),
            instance_ids: vec![],
            request_id: None,
            message: "ok".to_string(),
        });
    });
    let client =
        Client::with_options(&server.base_url(), SECRET_KEY, options()).expect("valid base URL");

    let buffer = capture_tracing();
    client
        .cluster_create()
        .body(types::ClusterCreateRestRequest::builder().instance_type("8xH100"))
        .send()
        .await
        .expect("create succeeds");

    mock.assert_async().await;
    let logs = captured(&buffer);
    assert!(logs.contains(r#"provider="tensorpool""#), "{logs}");
    assert!(logs.contains(r#"operation="cluster_create""#), "{logs}");
    assert!(logs.contains("status=202"), "{logs}");
    // With a subscriber the span is enabled, so the call is timed.
    assert!(logs.contains("duration_ms="), "{logs}");
    assert!(!logs.contains(SECRET_KEY), "{logs}");
}

#[tokio::test]
async fn fields_the_document_does_not_list_are_kept_where_it_says_they_pass_through() {
    // ClusterInfoResponse declares `additionalProperties: true`: unlisted fields
    // land in `extra` instead of being dropped.
    let server = MockServer::start_async().await;
    let _mock = server.cluster_info(|when, then| {
        when.cluster("c-1");
        then.into_inner().status(200).json_body(json!({
            "message": "Cluster c-1: RUNNING",
            "cluster_id": "c-1",
            "status": "RUNNING",
            "instances": [{"id": "i-1"}]
        }));
    });
    let info = client(&server)
        .cluster_info()
        .cluster("c-1")
        .send()
        .await
        .expect("info succeeds")
        .into_inner();
    assert_eq!(info.cluster_id.as_deref(), Some("c-1"));
    assert_eq!(info.extra.get("status"), Some(&json!("RUNNING")));
    assert_eq!(info.extra.get("instances"), Some(&json!([{"id": "i-1"}])));
    assert!(!info.extra.contains_key("message"));
}
