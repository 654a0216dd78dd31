//! The seed page of Zilliz v1 `createServerless` (seeds/000): its request, its success response and its documented errors, against httpmock.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_zilliz_v1::mock::MockServerExt;
use cloud_clusters_zilliz_v1::{
    ApiError, Client, ClientOptions, ErrorKind, IntoData, VendorError, types,
};
use httpmock::MockServer;
use serde_json::json;

const KEY: &str = "test-key";
const PATH: &str = "/v1/clusters/createServerless";
const PASSWORD: &str = "Lb9.&N,9]Gd4pkp*";
const PROMPT: &str = "Submission successful, Cluster is being created, You can use the DescribeCluster interface to obtain the creation progress and the status of the Cluster. When the Cluster status is RUNNING, you can access your vector database using the SDK with the admin account and the initialization password you provided.";
const INVALID_PROJECT: &str = "Invalid projectId. The projectId should like proj-xxxxxx";

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

/// The seed's request, built with the typed builder.
async fn create_seed_cluster(client: &Client) -> Result<types::CreateClusterData, ApiError> {
    client
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("cluster-starter")
                .project_id("8342669010291064832"),
        )
        .send()
        .await
        .into_data()
}

fn vendor(err: ApiError) -> VendorError {
    match err {
        ApiError::Vendor(v) => v,
        other => panic!("expected ApiError::Vendor, got {other:?}"),
    }
}

#[tokio::test]
async fn seed_request_reaches_the_server_exactly_as_documented() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path(PATH)
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .json_body(json!({
                "clusterName": "cluster-starter",
                "projectId": "8342669010291064832"
            }));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"code": 200, "data": {"clusterId": "in03-36cab39b5ef7894"}}));
    });

    let data = create_seed_cluster(&client(&server))
        .await
        .expect("the seed request matches the mock");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in03-36cab39b5ef7894");
}

#[tokio::test]
async fn seed_success_response_decodes_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "code": 200,
                "data": {
                    "clusterId": "in03-36cab39b5ef7894",
                    "username": "db_36cab39b5ef7894",
                    "password": PASSWORD,
                    "prompt": PROMPT
                }
            }));
    });

    let data = create_seed_cluster(&client(&server))
        .await
        .expect("the seed's success response decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in03-36cab39b5ef7894");
    assert_eq!(data.username.as_deref(), Some("db_36cab39b5ef7894"));
    assert_eq!(data.prompt.as_deref(), Some(PROMPT));
    let password = data
        .password
        .as_ref()
        .expect("the seed response carries a password");
    assert_eq!(password.expose_secret(), PASSWORD);
    let shown = format!("{data:?}");
    assert!(
        !shown.contains(PASSWORD),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

async fn error_with_status(status: u16, code: i64, message: &str) -> VendorError {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(status)
            .header("content-type", "application/json")
            .json_body(json!({"code": code, "message": message}));
    });
    let err = create_seed_cluster(&client(&server))
        .await
        .expect_err("an error envelope is an error");
    mock.assert_async().await;
    vendor(err)
}

#[tokio::test]
async fn seed_error_80014_with_http_200_is_an_invalid_argument_vendor_error() {
    let v = error_with_status(200, 80014, INVALID_PROJECT).await;
    assert_eq!(v.status.as_u16(), 200);
    assert_eq!(v.code, 80014);
    assert_eq!(v.message, INVALID_PROJECT);
    assert_eq!(v.kind, ErrorKind::InvalidArgument);
    assert_eq!(v.request_id, None);
    let shown = v.to_string();
    assert!(
        shown.contains("80014") && shown.contains(INVALID_PROJECT),
        "{shown}"
    );
    assert_eq!(
        shown,
        format!("vendor error 80014 (HTTP 200): {INVALID_PROJECT}")
    );
}

#[tokio::test]
async fn seed_error_80014_with_http_400_is_the_same_vendor_error() {
    let v = error_with_status(400, 80014, INVALID_PROJECT).await;
    assert_eq!(v.status.as_u16(), 400);
    assert_eq!(v.code, 80014);
    assert_eq!(v.message, INVALID_PROJECT);
    assert_eq!(v.kind, ErrorKind::InvalidArgument);
    let shown = ApiError::Vendor(v).to_string();
    assert!(
        shown.contains("80014") && shown.contains(INVALID_PROJECT),
        "{shown}"
    );
}

#[tokio::test]
async fn seed_error_80021_is_a_failed_precondition_vendor_error() {
    let message = "Serverless cluster not support this operation.";
    let v = error_with_status(200, 80021, message).await;
    assert_eq!(v.status.as_u16(), 200);
    assert_eq!(v.code, 80021);
    assert_eq!(v.message, message);
    assert_eq!(v.kind, ErrorKind::FailedPrecondition);
    let shown = v.to_string();
    assert!(
        shown.contains("80021") && shown.contains(message),
        "{shown}"
    );
}

#[tokio::test]
async fn v2_success_code_0_is_not_success_for_v1() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "code": 0,
                "data": {"clusterId": "in03-36cab39b5ef7894", "password": PASSWORD}
            }));
    });

    let err = create_seed_cluster(&client(&server))
        .await
        .expect_err("code 0 is not v1's success code");

    mock.assert_async().await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    let v = vendor(err);
    assert_eq!(v.status.as_u16(), 200);
    assert_eq!(v.code, 0);
    assert_eq!(v.kind, ErrorKind::Other);
    assert_eq!(
        v.message,
        "a success-shaped response carried code 0, not 200"
    );
}
