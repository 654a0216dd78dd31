//! Zilliz v1 end to end against httpmock: every operation, error envelopes, undecodable answers, unknown statuses, waiting, retries, secrets and configuration.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_tests::{capture_tracing, captured, options, wait_options};
use cloud_clusters_zilliz_v1::mock::MockServerExt;
use cloud_clusters_zilliz_v1::{
    API_KEY_ENV, ApiError, BASE_URLS, Client, ConfigError, DEFAULT_BASE_URL, Error, ErrorKind,
    IntoData, SPEC, VendorError, WaitError, base_url_for_region, types,
};
use httpmock::{Method, MockServer, Then};
use serde_json::{Value, json};

const KEY: &str = "test-key";
const PASSWORD: &str = "Lb9.&N,9]Gd4pkp*";
const CLUSTER_ID: &str = "in03-36cab39b5ef7894";

fn client(server: &MockServer) -> Client {
    Client::with_options(&server.base_url(), KEY, options())
        .expect("the mock server URL is a valid base URL")
}

/// Answers with `body` as literal JSON.
fn reply(then: Then, status: u16, body: Value) {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(body);
}

fn vendor(err: ApiError) -> VendorError {
    match err {
        ApiError::Vendor(v) => v,
        other => panic!("expected ApiError::Vendor, got {other:?}"),
    }
}

/// A describe answer: the document's example with another id and status.
fn cluster_json(id: &str, status: &str) -> Value {
    json!({
        "clusterId": id,
        "clusterName": "Cluster-01",
        "description": "",
        "regionId": "gcp-us-west1",
        "clusterType": "",
        "plan": "Free",
        "cuSize": 0,
        "status": status,
        "connectAddress": "https://inxx-xxxxxxxxxxxxxxx.api.gcp-us-west1.zillizcloud.com",
        "privateLinkAddress": "",
        "createTime": "2024-04-01T06:32:39Z",
        "storageSize": 0,
        "snapshotNumber": 0,
        "createProgress": 100,
        "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx"
    })
}

async fn create_serverless(client: &Client) -> Result<types::CreateClusterData, ApiError> {
    client
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("cluster-starter")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx"),
        )
        .send()
        .await
        .into_data()
}

async fn describe(client: &Client, id: &str) -> Result<types::Cluster, ApiError> {
    client
        .describe_cluster()
        .cluster_id(id)
        .send()
        .await
        .into_data()
}

// ---- every operation -------------------------------------------------------------------------

#[tokio::test]
async fn list_clouds_sends_a_bearer_get_and_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.list_clouds(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/clouds")
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": [
                {"cloudId": "aws", "description": "amazon aws"},
                {"cloudId": "gcp", "description": "GCP"},
                {"cloudId": "azure", "description": "azure"}
            ]}),
        );
    });

    let clouds = client(&server)
        .list_clouds()
        .send()
        .await
        .into_data()
        .expect("the example decodes");

    mock.assert_async().await;
    let ids: Vec<&str> = clouds.iter().map(|c| c.cloud_id.as_str()).collect();
    assert_eq!(ids, ["aws", "gcp", "azure"]);
    assert_eq!(clouds[0].description.as_deref(), Some("amazon aws"));
}

#[tokio::test]
async fn list_regions_sends_cloud_id_as_a_query_parameter() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.into_inner().path("/v1/regions").query_param("cloudId", "gcp");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": [
                {"cloudId": "gcp", "domain": "*.api.gcp-us-west1.zillizcloud.com", "regionId": "gcp-us-west1"}
            ]}),
        );
    });

    let regions = client(&server)
        .list_regions()
        .cloud_id("gcp")
        .send()
        .await
        .into_data()
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(regions.len(), 1);
    assert_eq!(regions[0].cloud_id, "gcp");
    assert_eq!(regions[0].region_id, "gcp-us-west1");
    assert_eq!(
        regions[0].domain.as_deref(),
        Some("*.api.gcp-us-west1.zillizcloud.com")
    );
}

#[tokio::test]
async fn list_regions_without_the_required_cloud_id_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|_, then| {
        reply(then.into_inner(), 200, json!({"code": 200, "data": []}));
    });

    let err = client(&server)
        .list_regions()
        .send()
        .await
        .into_data()
        .expect_err("cloudId is required");

    assert_eq!(mock.calls_async().await, 0);
    assert!(
        matches!(err, ApiError::Client(Error::InvalidRequest(_))),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid request: cloud_id was not initialized"
    );
}

#[tokio::test]
async fn list_regions_error_80000_with_http_200_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.cloud_id("nowhere");
        reply(
            then.into_inner(),
            200,
            json!({"code": 80000, "message": "Incorrect parameter."}),
        );
    });

    let err = client(&server)
        .list_regions()
        .cloud_id("nowhere")
        .send()
        .await
        .into_data()
        .expect_err("80000 is an error");

    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.vendor_code(), Some(80000));
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.to_string(),
        "vendor error 80000 (HTTP 200): Incorrect parameter."
    );
}

#[tokio::test]
async fn list_projects_decodes_projects_with_millisecond_times() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|when, then| {
        when.into_inner().method(Method::GET).path("/v1/projects");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": [{
                "createTimeMilli": 1685006867000_i64,
                "instanceCount": 1,
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                "projectName": "Default Project"
            }]}),
        );
    });

    let projects = client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].project_id, "proj-xxxxxxxxxxxxxxxxxxxxxx");
    assert_eq!(projects[0].project_name, "Default Project");
    assert_eq!(projects[0].instance_count, Some(1));
    assert_eq!(projects[0].create_time_milli, Some(1_685_006_867_000));
    assert_eq!(projects[0].create_time, None);
}

#[tokio::test]
async fn list_projects_error_80001_with_http_401_keeps_status_code_and_request_id() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|_, then| {
        then.into_inner()
            .status(401)
            .header("content-type", "application/json")
            .header("x-request-id", "req-7f3a")
            .json_body(json!({"code": 80001, "message": "The token is illegal."}));
    });

    let err = client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect_err("401 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(v.status.as_u16(), 401);
    assert_eq!(v.code, 80001);
    assert_eq!(v.message, "The token is illegal.");
    assert_eq!(v.kind, ErrorKind::Unauthenticated);
    assert_eq!(v.request_id.as_deref(), Some("req-7f3a"));
    assert_eq!(
        v.to_string(),
        "vendor error 80001 (HTTP 401): The token is illegal. [request id req-7f3a]"
    );
}

#[tokio::test]
async fn list_clusters_sends_page_size_and_current_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_clusters(|when, then| {
        when.into_inner()
            .path("/v1/clusters")
            .query_param("pageSize", "10")
            .query_param("current", "2");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {
                "count": 11,
                "currentPage": 2,
                "pageSize": 10,
                "clusters": [{
                    "clusterId": "inxx-xxxxxxxxxxxxxxx",
                    "clusterName": "Cluster-01",
                    "description": "",
                    "regionId": "gcp-us-west1",
                    "clusterType": "Cost-optimized",
                    "plan": "Free",
                    "cuSize": 0,
                    "status": "RUNNING",
                    "connectAddress": "https://inxx-xxxxxxxxxxxxxxx.api.gcp-us-west1.zillizcloud.com",
                    "privateLinkAddress": "",
                    "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                    "createTime": "2024-04-01T06:42:31Z"
                }]
            }}),
        );
    });

    let page = client(&server)
        .list_clusters()
        .page_size(10)
        .current(2u32)
        .send()
        .await
        .into_data()
        .expect("the page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 11);
    assert_eq!(page.current_page, Some(2));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.clusters.len(), 1);
    let c = &page.clusters[0];
    assert_eq!(c.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(c.plan, Some(types::ClusterPlan::Free));
    assert_eq!(c.cluster_type.as_deref(), Some("Cost-optimized"));
    assert_eq!(c.storage_size, None);
}

#[tokio::test]
async fn list_clusters_error_80003_with_http_200_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_clusters(|when, then| {
        when.into_inner().query_param("pageSize", "1000");
        reply(
            then.into_inner(),
            200,
            json!({"code": 80003, "message": "The pageSize must be between 5 and 100."}),
        );
    });

    let err = client(&server)
        .list_clusters()
        .page_size(1000)
        .send()
        .await
        .into_data()
        .expect_err("80003 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 80003, ErrorKind::InvalidArgument)
    );
    assert_eq!(v.message, "The pageSize must be between 5 and 100.");
}

#[tokio::test]
async fn describe_cluster_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cluster(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/clusters/inxx-xxxxxxxxxxxxxxx");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json("inxx-xxxxxxxxxxxxxxx", "DELETED")}),
        );
    });

    let c = describe(&client(&server), "inxx-xxxxxxxxxxxxxxx")
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(c.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(c.cluster_name, "Cluster-01");
    assert_eq!(c.status, types::ClusterStatus::Deleted);
    assert_eq!(c.plan, Some(types::ClusterPlan::Free));
    assert_eq!(c.region_id.as_deref(), Some("gcp-us-west1"));
    assert_eq!(c.cu_size, Some(0));
    assert_eq!(c.storage_size, Some(0));
    assert_eq!(c.snapshot_number, Some(0));
    assert_eq!(c.create_progress, Some(100));
    assert_eq!(c.create_time.as_deref(), Some("2024-04-01T06:32:39Z"));
    assert_eq!(c.private_link_address.as_deref(), Some(""));
    assert_eq!(c.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxxxxxxxxx"));
}

#[tokio::test]
async fn describe_cluster_decodes_stopped_and_keeps_an_unknown_status() {
    let server = MockServer::start_async().await;
    let stopped = server.describe_cluster(|when, then| {
        when.cluster_id("in01-stopped");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json("in01-stopped", "STOPPED")}),
        );
    });
    let hibernating = server.describe_cluster(|when, then| {
        when.cluster_id("in01-hibernating");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json("in01-hibernating", "HIBERNATING")}),
        );
    });
    let client = client(&server);

    let s = describe(&client, "in01-stopped")
        .await
        .expect("STOPPED decodes");
    let h = describe(&client, "in01-hibernating")
        .await
        .expect("an unknown status decodes");

    stopped.assert_async().await;
    hibernating.assert_async().await;
    assert_eq!(s.status, types::ClusterStatus::Stopped);
    assert_eq!(s.status.to_string(), "STOPPED");
    assert_eq!(
        h.status,
        types::ClusterStatus::Unknown("HIBERNATING".to_string())
    );
    assert_eq!(h.status.to_string(), "HIBERNATING");
}

#[tokio::test]
async fn unknown_fields_in_data_and_envelope_are_ignored() {
    let server = MockServer::start_async().await;
    let mut data = cluster_json(CLUSTER_ID, "RUNNING");
    data["futureField"] = json!({"nested": [1, 2, 3]});
    data["replica"] = json!(3);
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": data, "requestId": "abc", "message": "", "traceId": 42}),
        );
    });

    let c = describe(&client(&server), CLUSTER_ID)
        .await
        .expect("extra fields are ignored");

    mock.assert_async().await;
    assert_eq!(c.cluster_id, CLUSTER_ID);
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(c.create_progress, Some(100));
}

#[tokio::test]
async fn an_envelope_with_neither_data_nor_message_is_a_typed_error() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(then.into_inner(), 200, json!({"code": 200}));
    });

    let err = describe(&client(&server), CLUSTER_ID)
        .await
        .expect_err("neither a success nor an error envelope");

    mock.assert_async().await;
    match &err {
        ApiError::Client(Error::InvalidResponsePayload(_, e)) => {
            assert!(e.is_data(), "{e}");
            assert!(e.to_string().contains("missing field `message`"), "{e}");
        }
        other => panic!("expected InvalidResponsePayload, got {other:?}"),
    }
}

#[tokio::test]
async fn describe_cluster_error_80020_with_http_404_is_not_found() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist or you have no permission on it.";
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id("in01-missing");
        then.client_error(
            404,
            &types::ErrorEnvelope {
                code: 80020,
                message: message.to_string(),
            },
        );
    });

    let err = describe(&client(&server), "in01-missing")
        .await
        .expect_err("404 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (404, 80020, ErrorKind::NotFound)
    );
    assert_eq!(v.message, message);
}

#[tokio::test]
async fn create_cluster_sends_the_dedicated_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.create_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/clusters/create")
            .header("content-type", "application/json")
            .json_body(json!({
                "plan": "Standard",
                "clusterName": "Cluster-02",
                "cuSize": 1,
                "cuType": "Performance-optimized",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx"
            }));
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {
                "clusterId": "in01-xxxxxxxxxxxxxxx",
                "username": "db_admin",
                "password": "Dedicated-Pw-1!",
                "prompt": "Submission successful"
            }}),
        );
    });

    let data = client(&server)
        .create_cluster()
        .body(
            types::CreateClusterRequest::builder()
                .plan(types::CreateClusterRequestPlan::Standard)
                .cluster_name("Cluster-02")
                .cu_size(1u32)
                .cu_type("Performance-optimized")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx"),
        )
        .send()
        .await
        .into_data()
        .expect("the answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
    assert_eq!(data.username.as_deref(), Some("db_admin"));
    assert_eq!(
        data.password.as_ref().map(|p| p.expose_secret()),
        Some("Dedicated-Pw-1!")
    );
    assert_eq!(data.prompt.as_deref(), Some("Submission successful"));
}

#[tokio::test]
async fn create_cluster_duplicate_name_80010_is_already_exists() {
    let server = MockServer::start_async().await;
    let mock = server.create_cluster(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 80010, "message": "Duplicate clusterName."}),
        );
    });

    let err = client(&server)
        .create_cluster()
        .body(
            types::CreateClusterRequest::builder()
                .plan(types::CreateClusterRequestPlan::Enterprise)
                .cluster_name("Cluster-02")
                .cu_size(2u32)
                .cu_type("Capacity-optimized")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx"),
        )
        .send()
        .await
        .into_data()
        .expect_err("80010 is an error");

    assert_eq!(mock.calls_async().await, 1);
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 80010, ErrorKind::AlreadyExists)
    );
}

#[tokio::test]
async fn create_serverless_refuses_a_name_over_32_characters_without_sending() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": CLUSTER_ID}}),
        );
    });

    let err = client(&server)
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("a-name-that-is-longer-than-32-characters")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx"),
        )
        .send()
        .await
        .into_data()
        .expect_err("maxLength 32");

    assert_eq!(mock.calls_async().await, 0);
    assert!(
        matches!(err, ApiError::Client(Error::InvalidRequest(_))),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("longer than 32 characters"),
        "{err}"
    );
}

#[tokio::test]
async fn drop_cluster_sends_delete_and_decodes_the_prompt() {
    let server = MockServer::start_async().await;
    let mock = server.drop_cluster(|when, then| {
        when.into_inner().method(Method::DELETE).path(format!("/v1/clusters/{CLUSTER_ID}/drop"));
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": CLUSTER_ID, "prompt": "The cluster has been deleted."}}),
        );
    });

    let data = client(&server)
        .drop_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, CLUSTER_ID);
    assert_eq!(
        data.prompt.as_deref(),
        Some("The cluster has been deleted.")
    );
}

#[tokio::test]
async fn suspend_cluster_posts_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.suspend_cluster(|when, then| {
        when.into_inner().method(Method::POST).path("/v1/clusters/in01-xxxxxxxxxxxxxxx/suspend");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully Submitted."}}),
        );
    });

    let data = client(&server)
        .suspend_cluster()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
    assert_eq!(data.prompt.as_deref(), Some("Successfully Submitted."));
}

#[tokio::test]
async fn suspend_serverless_cluster_80021_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Serverless cluster not support this operation.";
    let mock = server.suspend_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 80021, "message": message}),
        );
    });

    let err = client(&server)
        .suspend_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("80021 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 80021, ErrorKind::FailedPrecondition)
    );
    assert_eq!(v.message, message);
}

#[tokio::test]
async fn resume_cluster_posts_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.resume_cluster(|when, then| {
        when.into_inner().method(Method::POST).path("/v1/clusters/in01-xxxxxxxxxxxxxxx/resume");
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully Submitted."}}),
        );
    });

    let data = client(&server)
        .resume_cluster()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn modify_cluster_sends_cu_size_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.modify_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/clusters/in01-xxxxxxxxxxxxxxx/modify")
            .json_body(json!({"cuSize": 2}));
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully submitted."}}),
        );
    });

    let data = client(&server)
        .modify_cluster()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .body(types::ModifyClusterRequest::builder().cu_size(2u32))
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
    assert_eq!(data.prompt.as_deref(), Some("Successfully submitted."));
}

// ---- answers the document does not describe -----------------------------------------------------

const HTML: &str = "<html><body><h1>502 Bad Gateway</h1>upstream-host-10.0.0.7</body></html>";

#[tokio::test]
async fn undocumented_status_203_is_unexpected_response_without_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.list_clouds(|_, then| {
        then.into_inner()
            .status(203)
            .header("content-type", "text/html")
            .body(HTML);
    });

    let err = client(&server)
        .list_clouds()
        .send()
        .await
        .into_data()
        .expect_err("203 is not documented");

    mock.assert_async().await;
    assert!(
        matches!(&err, ApiError::Client(Error::UnexpectedResponse(_))),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(203));
    let shown = format!("{err} {err:?}");
    assert_eq!(err.to_string(), "unexpected HTTP status 203 for /v1/clouds");
    assert!(
        !shown.contains("upstream-host") && !shown.contains("<html>"),
        "{shown}"
    );
}

#[tokio::test]
async fn html_502_is_an_unexpected_response_without_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.resume_cluster(|_, then| {
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML);
    });

    let err = client(&server)
        .resume_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an HTML 502 is an error");

    assert_eq!(mock.calls_async().await, 1, "a POST is never retried");
    // 5xx is not declared (the docs document no server-error body): the status is kept.
    match &err {
        ApiError::Client(Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status().as_u16(), 502)
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("upstream-host") && !shown.contains("<html>"),
        "{shown}"
    );
    assert!(
        err.to_string()
            .starts_with("unexpected HTTP status 502 for "),
        "{err}"
    );
}

#[tokio::test]
async fn html_502_keeps_its_status_and_is_retryable() {
    let server = MockServer::start_async().await;
    let _mock = server.resume_cluster(|_, then| {
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML);
    });

    let err = client(&server)
        .resume_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an HTML 502 is an error");

    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(502),
        "ApiError::status documents 'the HTTP status of the response, if there was one'"
    );
    assert!(
        err.is_retryable(),
        "ApiError::is_retryable documents 502 as retryable"
    );
}

#[tokio::test]
async fn malformed_data_is_a_typed_error_without_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": 5}}),
        );
    });

    let err = create_serverless(&client(&server))
        .await
        .expect_err("clusterId 5 is not a string");

    mock.assert_async().await;
    assert!(
        matches!(&err, ApiError::Client(Error::InvalidResponsePayload(..))),
        "{err:?}"
    );
    assert_eq!(err.status(), None);
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("clusterId") && !shown.contains("\"code\""),
        "{shown}"
    );
}

#[tokio::test]
async fn invalid_json_is_a_typed_error_without_the_body() {
    let server = MockServer::start_async().await;
    let body = "{code: 200, data: {\"clusterId\": \"in03-leaky\"}}";
    let mock = server.describe_cluster(|_, then| {
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(body);
    });

    let err = describe(&client(&server), CLUSTER_ID)
        .await
        .expect_err("unquoted keys are not JSON");

    mock.assert_async().await;
    match &err {
        ApiError::Client(Error::InvalidResponsePayload(bytes, e)) => {
            assert_eq!(bytes.as_ref(), body.as_bytes());
            assert!(e.is_syntax(), "{e}");
        }
        other => panic!("expected InvalidResponsePayload, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("in03-leaky"), "{shown}");
    assert!(
        shown.contains("Syntax error at line 1, column 2"),
        "{shown}"
    );
}

// ---- create, then wait ------------------------------------------------------------------------------

#[tokio::test]
async fn create_then_wait_returns_the_running_cluster() {
    let server = MockServer::start_async().await;
    let create = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": CLUSTER_ID, "password": PASSWORD}}),
        );
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
        );
    });
    let client = client(&server);

    let created = create_serverless(&client).await.expect("created");
    let cluster = client
        .wait_for_cluster(&created.cluster_id, &wait_options())
        .await
        .expect("RUNNING ends the wait");

    create.assert_async().await;
    assert_eq!(running.calls_async().await, 1);
    assert_eq!(cluster.cluster_id, CLUSTER_ID);
    assert_eq!(cluster.status, types::ClusterStatus::Running);
}

#[tokio::test]
async fn wait_moves_from_creating_to_running() {
    let server = MockServer::start_async().await;
    let creating = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner().up_to_n_times(2),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "CREATING")}),
        );
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
        );
    });

    let cluster = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect("RUNNING after two CREATING");

    assert_eq!(creating.calls_async().await, 2);
    assert_eq!(running.calls_async().await, 1);
    assert_eq!(cluster.status, types::ClusterStatus::Running);
}

#[tokio::test]
async fn wait_fails_on_abnormal() {
    let server = MockServer::start_async().await;
    let abnormal = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "ABNORMAL")}),
        );
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect_err("ABNORMAL is a failure");

    assert_eq!(abnormal.calls_async().await, 1);
    assert_eq!(err.to_string(), "reached a failed state");
    match err {
        WaitError::Failed(c) => {
            assert_eq!(c.cluster_id, CLUSTER_ID);
            assert_eq!(c.status, types::ClusterStatus::Abnormal);
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_times_out_with_the_last_creating_cluster() {
    let server = MockServer::start_async().await;
    let creating = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "CREATING")}),
        );
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect_err("never RUNNING");

    assert!(creating.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= Duration::from_secs(2), "{elapsed:?}");
            let last = last.expect("the last poll succeeded");
            assert_eq!(last.cluster_id, CLUSTER_ID);
            assert_eq!(last.status, types::ClusterStatus::Creating);
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_ends_on_a_vendor_error() {
    let server = MockServer::start_async().await;
    let missing = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 90102, "message": "The cluster does not exist in the current region."}),
        );
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect_err("90102 ends the wait");

    assert_eq!(missing.calls_async().await, 1);
    match err {
        WaitError::Api(e) => {
            assert_eq!(e.vendor_code(), Some(90102));
            assert_eq!(e.kind(), ErrorKind::NotFound);
        }
        other => panic!("expected WaitError::Api, got {other:?}"),
    }
}

// ---- retries ------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_get_answered_503_is_tried_max_attempts_times_then_fails() {
    let server = MockServer::start_async().await;
    let unavailable = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        then.into_inner()
            .status(503)
            .json_body(serde_json::json!({"code": 503, "message": "Service Unavailable"}));
    });

    let err = describe(&client(&server), CLUSTER_ID)
        .await
        .expect_err("always 503");

    assert_eq!(
        unavailable.calls_async().await,
        3,
        "RetryPolicy::default().max_attempts"
    );
    assert_eq!(RetryPolicy::default().max_attempts, 3);
    // 5xx is not declared, so the envelope is not decoded: the status is what counts.
    assert!(
        matches!(&err, ApiError::Client(Error::UnexpectedResponse(_))),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_get_answered_503_then_200_succeeds_on_retry() {
    let server = MockServer::start_async().await;
    let unavailable = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        then.into_inner().up_to_n_times(1).status(503).body("busy");
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
        );
    });

    let c = describe(&client(&server), CLUSTER_ID)
        .await
        .expect("the retry succeeds");

    assert_eq!(unavailable.calls_async().await, 1);
    assert_eq!(running.calls_async().await, 1);
    assert_eq!(c.status, types::ClusterStatus::Running);
}

#[tokio::test]
async fn a_create_answered_503_is_sent_exactly_once() {
    let server = MockServer::start_async().await;
    let unavailable = server.create_serverless(|_, then| {
        then.into_inner()
            .status(503)
            .json_body(serde_json::json!({"code": 503, "message": "Service Unavailable"}));
    });

    let err = create_serverless(&client(&server)).await.expect_err("503");

    assert_eq!(
        unavailable.calls_async().await,
        1,
        "a create is never repeated"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
}

// ---- secrets ------------------------------------------------------------------------------------------

#[test]
fn client_debug_does_not_show_the_api_key() {
    let client = Client::with_api_key(
        "https://controller.api.gcp-us-west1.zillizcloud.com",
        "sk-secret-123",
    )
    .expect("a valid key and URL");
    let shown = format!("{client:?}");
    assert!(!shown.contains("sk-secret-123"), "{shown}");
}

#[tokio::test]
async fn an_undecodable_create_answer_does_not_print_the_password() {
    let server = MockServer::start_async().await;
    let secret = "Pw-Leak-Check-9f2c";
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": 5, "password": secret}}),
        );
    });

    let err = create_serverless(&client(&server))
        .await
        .expect_err("clusterId 5 does not decode");

    mock.assert_async().await;
    assert!(
        matches!(&err, ApiError::Client(Error::InvalidResponsePayload(..))),
        "{err:?}"
    );
    let display = err.to_string();
    let debug = format!("{err:?} {err:#?}");
    assert!(!display.contains(secret), "{display}");
    assert!(!debug.contains(secret), "{debug}");
}

#[tokio::test]
async fn tracing_of_a_create_has_the_span_fields_but_no_secret() {
    let server = MockServer::start_async().await;
    let key = "sk-trace-key-5e1d";
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 200, "data": {"clusterId": CLUSTER_ID, "username": "db_36cab39b5ef7894", "password": PASSWORD}}),
        );
    });
    let client = Client::with_options(&server.base_url(), key, options()).expect("valid");
    let buffer = capture_tracing();

    let data = create_serverless(&client).await.expect("created");
    tracing::info!(?data, "created");

    mock.assert_async().await;
    assert_eq!(
        data.password.as_ref().map(|p| p.expose_secret()),
        Some(PASSWORD)
    );
    let log = captured(&buffer);
    assert!(log.contains("cloud_clusters.request"), "{log}");
    assert!(log.contains("provider=\"zilliz-v1\""), "{log}");
    assert!(log.contains("operation=\"create_serverless\""), "{log}");
    assert!(log.contains("password: Some([redacted])"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains(key), "{log}");
    assert!(!log.contains(PASSWORD), "{log}");
}

// ---- configuration ----------------------------------------------------------------------------------

#[test]
fn from_env_names_the_missing_variable() {
    if std::env::var_os("ZILLIZ_API_KEY").is_some() {
        eprintln!("ZILLIZ_API_KEY is set in this environment: the unset case is not tested");
        return;
    }
    let err = Client::from_env().expect_err("the variable is unset");
    assert!(
        matches!(&err, ConfigError::MissingEnv { var } if var == "ZILLIZ_API_KEY"),
        "{err:?}"
    );
    assert!(err.to_string().contains("ZILLIZ_API_KEY"), "{err}");
}

#[test]
fn constants_and_regional_base_urls() {
    assert_eq!(
        base_url_for_region("aws-us-east-2"),
        "https://controller.api.aws-us-east-2.zillizcloud.com"
    );
    assert_eq!(
        DEFAULT_BASE_URL,
        "https://controller.api.gcp-us-west1.zillizcloud.com"
    );
    assert_eq!(DEFAULT_BASE_URL, base_url_for_region("gcp-us-west1"));
    assert_eq!(API_KEY_ENV, "ZILLIZ_API_KEY");
    assert_eq!(BASE_URLS.len(), 2);
    assert_eq!(
        BASE_URLS[1].with(&[("cloud-region", "ali-cn-hangzhou")]),
        "https://controller.api.ali-cn-hangzhou.cloud.zilliz.com.cn"
    );
    assert_eq!(SPEC.provider, "zilliz-v1");
    assert_eq!(SPEC.path, "specs/zilliz-v1/openapi.yaml");
    assert_eq!(SPEC.title, "Zilliz Cloud Control Plane API v1");
    assert_eq!(SPEC.version, "1.0.0");
    assert_eq!(SPEC.openapi, "3.0.3");
    assert_eq!(SPEC.sha256.len(), 64);
    assert!(
        SPEC.sha256
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{}",
        SPEC.sha256
    );
}

#[test]
fn a_base_url_must_be_absolute_http() {
    let err = Client::with_api_key("controller.api.gcp-us-west1.zillizcloud.com", KEY)
        .expect_err("no scheme");
    assert!(matches!(err, ConfigError::InvalidBaseUrl { .. }), "{err:?}");
    let err = Client::with_api_key(DEFAULT_BASE_URL, "  ").expect_err("an empty key");
    assert!(matches!(err, ConfigError::EmptyApiKey { .. }), "{err:?}");
}
