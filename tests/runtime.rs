//! What every client does alike, through a real provider client: response
//! bodies are bounded (`ClientOptions::max_response_bytes`), and secrets never
//! show in `Debug`, `Display`, a serialized response or the tracing output,
//! while a request still sends the secrets it carries.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_core::{ApiError, ClientOptions};
use cloud_clusters_tests::{capture_tracing, captured, options};
use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{Client, IntoData, types};
use httpmock::MockServer;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CLUSTER: &str = "in01-xxxxxxxxxxxxxxx";

fn limited(base_url: &str, limit: u64) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        max_response_bytes: limit,
        ..options()
    };
    Client::with_options(base_url, "test-key", options).expect("client")
}

fn cluster_body(padding: usize) -> serde_json::Value {
    json!({"code": 0, "data": {
        "clusterId": CLUSTER, "clusterName": "Dedicated-01", "status": "RUNNING",
        "description": "x".repeat(padding)
    }})
}

#[tokio::test]
async fn a_body_declared_larger_than_the_limit_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER);
        then.into_inner().status(200).json_body(cluster_body(4096));
    });
    let err = limited(&server.base_url(), 1024)
        .describe_cluster()
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
        .expect_err("4 KiB is over the 1 KiB limit");
    assert!(
        matches!(err, ApiError::ResponseTooLarge { limit: 1024 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("larger than 1024 bytes"), "{err}");
    assert!(!err.is_retryable());

    // Within the limit, the same answer decodes.
    let cluster = limited(&server.base_url(), 64 * 1024)
        .describe_cluster()
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
        .expect("within the limit");
    assert_eq!(cluster.cluster_id, CLUSTER);
}

/// A server that answers with a chunked body that never ends: the client must
/// stop once it has read past its limit, not wait for the end.
#[tokio::test]
async fn a_streamed_body_stops_at_the_limit_before_it_ends() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
            )
            .await
            .expect("head");
        let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
        // 1 KiB chunks, forever (until the client hangs up).
        let mut sent = 0u64;
        while socket.write_all(chunk.as_bytes()).await.is_ok() {
            sent += 1024;
            if sent > 64 * 1024 * 1024 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        sent
    });
    let client = limited(&format!("http://{address}"), 8 * 1024);
    let call = client.describe_cluster().cluster_id(CLUSTER).send();
    let result = tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the client stops reading; it does not wait for the end");
    let err = ApiError::from(result.expect_err("over the limit"));
    assert!(
        matches!(err, ApiError::ResponseTooLarge { limit: 8192 }),
        "{err:?}"
    );
    let sent = server.await.expect("server");
    assert!(
        sent < 64 * 1024 * 1024,
        "the server sent everything: {sent}"
    );
}

#[tokio::test]
async fn an_answer_secret_never_shows_and_never_serializes() {
    let buffer = capture_tracing();
    let server = MockServer::start_async().await;
    server.create_serverless(|_, then| {
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {
                "clusterId": "in05-xxxxxxxxxxxxxxx", "username": "db_admin",
                "password": "Lb9.&N,9]Gd4pkp*", "prompt": "submitted"
            }}));
    });
    let client = Client::with_options(&server.base_url(), "test-key", options()).expect("client");
    let created = client
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxxx")
                .region_id("aws-us-west-2"),
        )
        .send()
        .await
        .into_data()
        .expect("created");
    let password = created.password.as_ref().expect("a password");
    assert_eq!(password.expose_secret(), "Lb9.&N,9]Gd4pkp*");
    let shown = [
        format!("{created:?}"),
        format!("{created:#?}"),
        format!("{password}"),
        serde_json::to_string(&created).expect("serializes"),
        captured(&buffer),
    ];
    for text in &shown {
        assert!(!text.contains("Lb9.&N,9]Gd4pkp*"), "{text}");
    }
    assert!(
        shown[3].contains("\"password\":\"[redacted]\""),
        "{}",
        shown[3]
    );
    assert!(shown[4].contains("create_serverless"), "no span was logged");
}

#[tokio::test]
async fn a_request_secret_is_sent_but_never_shown() {
    let buffer = capture_tracing();
    let server = MockServer::start_async().await;
    let mock = server.create_import_jobs(|when, then| {
        when.into_inner()
            .body_includes("\"secretKey\":\"s3cr3t-key-0123\"");
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"}}));
    });
    let request: types::CreateImportJobsRequest = serde_json::from_value(json!({
        "clusterId": CLUSTER,
        "collectionName": "medium_articles",
        "objectUrl": "https://s3.us-west-2.amazonaws.com/bucket/data.parquet",
        "accessKey": "AKIAEXAMPLE",
        "secretKey": "s3cr3t-key-0123"
    }))
    .expect("the request decodes");
    assert!(!format!("{request:?}").contains("s3cr3t-key-0123"));
    let client = Client::with_options(&server.base_url(), "test-key", options()).expect("client");
    client
        .create_import_jobs()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("created");
    mock.assert_async().await;
    assert!(!captured(&buffer).contains("s3cr3t-key-0123"));
}

#[tokio::test]
async fn a_clusters_error_keeps_the_providers_error() {
    use cloud_clusters_core::clusters::{ClusterState, Clusters};
    use cloud_clusters_core::envelope::ErrorKind;

    let server = MockServer::start_async().await;
    server.describe_cluster(|when, then| {
        when.cluster_id("in01-missing");
        then.into_inner()
            .status(200)
            .header("x-request-id", "req-42")
            .json_body(json!({"code": 96018, "message": "The cluster does not exist."}));
    });
    server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER);
        then.into_inner().status(200).json_body(cluster_body(0));
    });
    let client = Client::with_options(&server.base_url(), "test-key", options()).expect("client");
    let provider: &dyn Clusters = &client;

    let found = provider.get(CLUSTER).await.expect("found");
    assert_eq!(
        (found.provider, found.state.clone()),
        ("zilliz-v2", ClusterState::Running)
    );
    assert_eq!(found.vendor_state, "RUNNING");

    let err = provider.get("in01-missing").await.expect_err("not found");
    assert_eq!(err.provider(), "zilliz-v2");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.vendor_code(), Some(96018));
    assert_eq!(err.request_id(), Some("req-42"));
    let api = err
        .downcast_ref::<cloud_clusters_zilliz_v2::ApiError>()
        .expect("the provider's own ApiError");
    assert_eq!(api.vendor_code(), Some(96018));
    assert!(err.to_string().starts_with("zilliz-v2: "), "{err}");
}
