//! The seed page of TensorPool `POST /cluster/create` (seeds/002): its request, its 202 response and its documented errors (typed 422; untyped 400, 402, 500), against httpmock.

use std::num::NonZeroU64;
use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_tensorpool::mock::MockServerExt;
use cloud_clusters_tensorpool::{ApiError, Client, ClientOptions, Error, ResponseValue, types};
use httpmock::MockServer;
use serde_json::json;

const KEY: &str = "test-key";
const PATH: &str = "/cluster/create";

fn client(server: &MockServer) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..Default::default()
        },
        ..Default::default()
    };
    Client::with_options(&server.base_url(), KEY, options)
        .expect("the mock server URL is a valid base URL")
}

type CreateResult =
    Result<ResponseValue<types::ClusterCreateRestResponse>, Error<types::HttpValidationError>>;

/// The seed's minimal request: only the required `instance_type`.
async fn create_8xh100(client: &Client) -> CreateResult {
    client
        .cluster_create()
        .body(types::ClusterCreateRestRequest::builder().instance_type("8xH100"))
        .send()
        .await
}

#[tokio::test]
async fn seed_request_with_every_field_reaches_the_server_exactly_as_documented() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path(PATH)
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .json_body(json!({
                "instance_type": "8xH100",
                "public_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host"],
                "num_nodes": 2,
                "tp_cluster_name": "my-cluster",
                "container": "nvcr.io/nvidia/pytorch:24.05-py3",
                "deletion_protection": true,
                "save_keys": false
            }));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-1", "message": "Cluster creation initiated"}));
    });

    let created = client(&server)
        .cluster_create()
        .body(
            types::ClusterCreateRestRequest::builder()
                .instance_type("8xH100")
                .public_keys(Some(vec![
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@host".to_string(),
                ]))
                .num_nodes(NonZeroU64::new(2).expect("2 is not zero"))
                .tp_cluster_name("my-cluster".to_string())
                .container("nvcr.io/nvidia/pytorch:24.05-py3".to_string())
                .deletion_protection(true)
                .save_keys(false),
        )
        .send()
        .await
        .expect("the full seed request matches the mock")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.cluster_id, "c-1");
}

#[tokio::test]
async fn seed_request_with_only_instance_type_sends_the_documented_defaults() {
    // Defaults from the document: public_keys [], num_nodes 1, deletion_protection false,
    // save_keys true; tp_cluster_name and container have none and are left out.
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner()
            .path(PATH)
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .json_body(json!({
                "instance_type": "8xH100",
                "public_keys": [],
                "num_nodes": 1,
                "deletion_protection": false,
                "save_keys": true
            }));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-1", "message": "ok"}));
    });

    create_8xh100(&client(&server))
        .await
        .expect("the minimal seed request matches the mock");

    mock.assert_async().await;
}

#[tokio::test]
async fn explicit_none_sends_null_for_nullable_fields_with_defaults_and_omits_the_others() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH).json_body(json!({
            "instance_type": "8xH100",
            "public_keys": null,
            "num_nodes": null,
            "deletion_protection": null,
            "save_keys": true
        }));
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-1", "message": "ok"}));
    });

    client(&server)
        .cluster_create()
        .body(
            types::ClusterCreateRestRequest::builder()
                .instance_type("8xH100")
                .public_keys(None)
                .num_nodes(None)
                .deletion_protection(None)
                .tp_cluster_name(None)
                .container(None),
        )
        .send()
        .await
        .expect("explicit nulls match the mock");

    mock.assert_async().await;
}

#[tokio::test]
async fn request_without_instance_type_is_refused_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|_, then| {
        then.into_inner().status(202);
    });

    let err = client(&server)
        .cluster_create()
        .body(
            types::ClusterCreateRestRequest::builder()
                .num_nodes(NonZeroU64::new(1).expect("1 is not zero")),
        )
        .send()
        .await
        .expect_err("instance_type is required");

    match &err {
        Error::InvalidRequest(message) => assert!(message.contains("instance_type"), "{message}"),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn seed_202_response_decodes_every_field() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({
                "cluster_id": "c-7f3a",
                "instance_ids": ["i-1", "i-2"],
                "request_id": "req-42",
                "message": "Cluster creation initiated"
            }));
    });

    let response = create_8xh100(&client(&server))
        .await
        .expect("a 202 is a success");

    mock.assert_async().await;
    assert_eq!(response.status().as_u16(), 202);
    let created = response.into_inner();
    assert_eq!(
        created,
        types::ClusterCreateRestResponse {
            cluster_id: "c-7f3a".to_string(),
            instance_ids: vec!["i-1".to_string(), "i-2".to_string()],
            request_id: Some("req-42".to_string()),
            message: "Cluster creation initiated".to_string(),
        }
    );
}

#[tokio::test]
async fn seed_202_response_with_null_request_id_and_no_instance_ids_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-7f3a", "request_id": null, "message": "queued"}));
    });

    let created = create_8xh100(&client(&server))
        .await
        .expect("request_id may be null")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.cluster_id, "c-7f3a");
    assert_eq!(created.request_id, None);
    assert_eq!(created.instance_ids, Vec::<String>::new());
    assert_eq!(created.message, "queued");
}

#[tokio::test]
async fn seed_202_response_without_the_required_message_is_an_invalid_payload() {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(202)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-secret-marker"}));
    });

    let err = create_8xh100(&client(&server))
        .await
        .expect_err("message is required");

    mock.assert_async().await;
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
    let shown = ApiError::from(err).to_string();
    assert!(!shown.contains("c-secret-marker"), "{shown}");
    assert!(
        shown.contains("is not what the API document describes"),
        "{shown}"
    );
}

/// The 422 error body, decoded.
async fn validation_error(body: serde_json::Value) -> (u16, types::HttpValidationError, String) {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(422)
            .header("content-type", "application/json")
            .json_body(body);
    });
    let err = create_8xh100(&client(&server))
        .await
        .expect_err("a 422 is an error");
    mock.assert_async().await;
    let shown = ApiError::from(err);
    let text = shown.to_string();
    match shown {
        ApiError::Client(Error::ErrorResponse(value)) => {
            (value.status().as_u16(), value.into_inner(), text)
        }
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn seed_422_is_a_typed_error_response_with_a_string_location() {
    let (status, error, shown) = validation_error(json!({
        "detail": [{"loc": ["body", "instance_type"], "msg": "field required", "type": "value_error.missing"}]
    }))
    .await;

    assert_eq!(status, 422);
    assert_eq!(
        error,
        types::HttpValidationError {
            detail: vec![types::ValidationError {
                loc: vec![
                    types::LocationItem::String("body".to_string()),
                    types::LocationItem::String("instance_type".to_string()),
                ],
                msg: "field required".to_string(),
                type_: "value_error.missing".to_string(),
            }],
        }
    );
    assert_eq!(shown, "HTTP 422: the API answered with a documented error");
}

#[tokio::test]
async fn seed_422_location_items_may_be_integers() {
    let (status, error, shown) = validation_error(json!({
        "detail": [{"loc": ["body", "public_keys", 0], "msg": "str type expected", "type": "type_error.str"}]
    }))
    .await;

    assert_eq!(status, 422);
    assert_eq!(error.detail.len(), 1);
    assert_eq!(
        error.detail[0].loc,
        vec![
            types::LocationItem::String("body".to_string()),
            types::LocationItem::String("public_keys".to_string()),
            types::LocationItem::Integer(0),
        ]
    );
    assert_eq!(error.detail[0].msg, "str type expected");
    assert_eq!(error.detail[0].type_, "type_error.str");
    assert!(!shown.contains("str type expected"), "{shown}");
}

/// An undocumented-body status of the create call, as `ApiError`, and its text.
async fn untyped_error(status: u16, body: &str) -> (ApiError<types::HttpValidationError>, String) {
    let server = MockServer::start_async().await;
    let mock = server.cluster_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(status)
            .header("content-type", "application/json")
            .body(body);
    });
    let err = ApiError::from(
        create_8xh100(&client(&server))
            .await
            .expect_err("an error status is an error"),
    );
    // A POST is never retried, whatever the status.
    assert_eq!(mock.calls_async().await, 1);
    let shown = err.to_string();
    (err, shown)
}

fn assert_unexpected(err: &ApiError<types::HttpValidationError>, status: u16) {
    match err.as_client() {
        Some(Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(response.url().path(), PATH);
        }
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
}

#[tokio::test]
async fn seed_400_is_an_unexpected_response_whose_message_has_the_status_not_the_body() {
    let (err, shown) = untyped_error(
        400,
        r#"{"detail":"Cluster name my-cluster already exists"}"#,
    )
    .await;
    assert_unexpected(&err, 400);
    assert_eq!(shown, "unexpected HTTP status 400 for /cluster/create");
    assert!(!shown.contains("already exists"), "{shown}");
}

#[tokio::test]
async fn seed_402_is_an_unexpected_response_whose_message_has_the_status_not_the_body() {
    let (err, shown) = untyped_error(402, r#"{"detail":"Insufficient balance: $0.42 left"}"#).await;
    assert_unexpected(&err, 402);
    assert_eq!(shown, "unexpected HTTP status 402 for /cluster/create");
    assert!(!shown.contains("Insufficient"), "{shown}");
}

#[tokio::test]
async fn seed_500_is_an_unexpected_response_whose_message_has_the_status_not_the_body() {
    let (err, shown) = untyped_error(500, r#"{"detail":"Traceback: secret-internal-state"}"#).await;
    assert_unexpected(&err, 500);
    assert_eq!(shown, "unexpected HTTP status 500 for /cluster/create");
    assert!(!shown.contains("secret-internal-state"), "{shown}");
}

#[tokio::test]
async fn untyped_error_body_stays_readable_for_a_caller_who_needs_it() {
    let (err, _) = untyped_error(402, r#"{"detail":"Insufficient balance"}"#).await;
    let ApiError::Client(Error::UnexpectedResponse(response)) = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    let body: serde_json::Value = response.json().await.expect("the raw body is JSON");
    assert_eq!(body, json!({"detail": "Insufficient balance"}));
}
