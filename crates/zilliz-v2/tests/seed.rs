//! The seed page of Zilliz v2 `createServerless` (seeds/001): its request, its success response (as valid JSON) and its recorded errors, against httpmock.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{
    ApiError, Client, ClientOptions, ErrorKind, IntoData, VendorError, types,
};
use httpmock::MockServer;
use serde_json::json;

const KEY: &str = "test-key";
const PATH: &str = "/v2/clusters/createServerless";
/// The seed's `${REGION_ID}` is a shell variable; this is the region the v2 regions example lists.
const REGION: &str = "aws-us-west-2";
const PASSWORD: &str = "***********";
const PROMPT: &str = "Successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified.";

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
                .cluster_name("Serverless-05")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxxx")
                .region_id(REGION),
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
                "clusterName": "Serverless-05",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxxx",
                "regionId": REGION
            }));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"code": 0, "data": {"clusterId": "inxx-xxxxxxxxxxxxxxx"}}));
    });

    let data = create_seed_cluster(&client(&server))
        .await
        .expect("the seed request matches the mock");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "inxx-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn seed_success_response_as_valid_json_decodes_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().path(PATH);
        // The seed writes `code` and `data` unquoted; this is the same content as valid JSON.
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "code": 0,
                "data": {
                    "clusterId": "inxx-xxxxxxxxxxxxxxx",
                    "username": "db_xxxxxxxx",
                    "password": PASSWORD,
                    "prompt": PROMPT
                }
            }));
    });

    let data = create_seed_cluster(&client(&server))
        .await
        .expect("the seed's success response decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(data.username.as_deref(), Some("db_xxxxxxxx"));
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
async fn duplicate_name_40013_with_http_200_is_already_exists() {
    let message = "The specified cluster name already exists.";
    let v = error_with_status(200, 40013, message).await;
    assert_eq!(v.status.as_u16(), 200);
    assert_eq!(v.code, 40013);
    assert_eq!(v.message, message);
    assert_eq!(v.kind, ErrorKind::AlreadyExists);
    let shown = v.to_string();
    assert_eq!(shown, format!("vendor error 40013 (HTTP 200): {message}"));
}

#[tokio::test]
async fn illegal_api_key_21119_with_http_401_is_unauthenticated() {
    let message = "The apikey is illegal";
    let v = error_with_status(401, 21119, message).await;
    assert_eq!(v.status.as_u16(), 401);
    assert_eq!(v.code, 21119);
    assert_eq!(v.message, message);
    assert_eq!(v.kind, ErrorKind::Unauthenticated);
    let shown = ApiError::Vendor(v).to_string();
    assert!(
        shown.contains("21119") && shown.contains(message),
        "{shown}"
    );
}

#[tokio::test]
async fn v1_success_code_200_is_not_success_for_v2() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "code": 200,
                "data": {"clusterId": "inxx-xxxxxxxxxxxxxxx", "password": "v1-Style-Pw-77"}
            }));
    });

    let err = create_seed_cluster(&client(&server))
        .await
        .expect_err("code 200 is not v2's success code");

    mock.assert_async().await;
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("v1-Style-Pw-77"), "{shown}");
    let v = vendor(err);
    assert_eq!(v.status.as_u16(), 200);
    assert_eq!(v.code, 200);
    assert_eq!(v.kind, ErrorKind::Other);
    assert_eq!(
        v.message,
        "a success-shaped response carried code 200, not 0"
    );
}
