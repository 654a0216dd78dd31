//! Zilliz v2 end to end against httpmock: every operation, error envelopes, undecodable answers, unknown statuses, waiting, retries, secrets and configuration.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_tests::{capture_tracing, captured, options, wait_options};
use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{
    API_KEY_ENV, ApiError, BASE_URLS, Client, ClientOptions, ConfigError, DEFAULT_BASE_URL, Error,
    ErrorKind, IntoData, SPEC, VendorError, WaitError, types,
};
use httpmock::{Method, MockServer, Then};
use serde_json::{Value, json};

const KEY: &str = "test-key";
const PASSWORD: &str = "Zv2.&Init,Pw]7*";
const CLUSTER_ID: &str = "in05-0123456789abcde";
const PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxxxxxxx";
const REGION: &str = "aws-us-west-2";

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
        "clusterName": "Dedicated-01",
        "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
        "description": "",
        "regionId": REGION,
        "cuType": "Performance-optimized",
        "plan": "Standard",
        "status": status,
        "connectAddress": "https://inxx-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530",
        "privateLinkAddress": "",
        "createTime": "2024-06-30T16:34:09Z",
        "cuSize": 2,
        "storageSize": 0,
        "snapshotNumber": 0,
        "createProgress": 100
    })
}

async fn create_serverless(client: &Client) -> Result<types::CreateClusterData, ApiError> {
    client
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id(PROJECT)
                .region_id(REGION),
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
async fn list_clouds_sends_a_bearer_get_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.list_clouds(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/clouds")
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": [
                {"cloudId": "aws", "description": "Amazon Web Services"},
                {"cloudId": "gcp"}
            ]}),
        );
    });

    let clouds = client(&server)
        .list_clouds()
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(clouds.len(), 2);
    assert_eq!(clouds[0].cloud_id, "aws");
    assert_eq!(
        clouds[0].description.as_deref(),
        Some("Amazon Web Services")
    );
    assert_eq!(clouds[1].cloud_id, "gcp");
    assert_eq!(clouds[1].description, None);
}

#[tokio::test]
async fn list_regions_sends_cloud_id_as_a_query_parameter() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.into_inner().path("/v2/regions").query_param("cloudId", "aws");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": [{"cloudId": "aws", "regionId": REGION, "domain": "api.cloud.zilliz.com"}]}),
        );
    });

    let regions = client(&server)
        .list_regions()
        .cloud_id("aws")
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(regions.len(), 1);
    assert_eq!(regions[0].cloud_id, "aws");
    assert_eq!(regions[0].region_id, REGION);
    assert_eq!(regions[0].domain.as_deref(), Some("api.cloud.zilliz.com"));
}

#[tokio::test]
async fn list_regions_without_cloud_id_sends_no_query_parameter() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.into_inner()
            .path("/v2/regions")
            .query_param_missing("cloudId");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": [
                {"cloudId": "aws", "regionId": REGION, "domain": "api.cloud.zilliz.com"},
                {"cloudId": "azure", "regionId": "az-westus3", "domain": "api.cloud.zilliz.com"}
            ]}),
        );
    });

    let regions = client(&server)
        .list_regions()
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    let ids: Vec<&str> = regions.iter().map(|r| r.region_id.as_str()).collect();
    assert_eq!(ids, [REGION, "az-westus3"]);
}

#[tokio::test]
async fn list_regions_error_96000_with_http_200_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.cloud_id("nowhere");
        reply(
            then.into_inner(),
            200,
            json!({"code": 96000, "message": "Invalid CloudId."}),
        );
    });

    let err = client(&server)
        .list_regions()
        .cloud_id("nowhere")
        .send()
        .await
        .into_data()
        .expect_err("96000 is an error");

    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.vendor_code(), Some(96000));
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.to_string(),
        "vendor error 96000 (HTTP 200): Invalid CloudId."
    );
}

#[tokio::test]
async fn list_projects_decodes_projects() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|when, then| {
        when.into_inner().method(Method::GET).path("/v2/projects");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": [{
                "projectName": "Default Project",
                "projectId": PROJECT,
                "instanceCount": 2,
                "createTime": "2023-08-16T07:34:06Z"
            }]}),
        );
    });

    let projects = client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].project_id, PROJECT);
    assert_eq!(projects[0].project_name.as_deref(), Some("Default Project"));
    assert_eq!(projects[0].instance_count, Some(2));
    assert_eq!(
        projects[0].create_time.as_deref(),
        Some("2023-08-16T07:34:06Z")
    );
}

#[tokio::test]
async fn list_projects_error_21119_with_http_401_keeps_status_code_and_request_id() {
    let server = MockServer::start_async().await;
    let mock = server.list_projects(|_, then| {
        then.into_inner()
            .status(401)
            .header("content-type", "application/json")
            .header("x-request-id", "req-21119")
            .json_body(json!({"code": 21119, "message": "The apikey is illegal"}));
    });

    let err = client(&server)
        .list_projects()
        .send()
        .await
        .into_data()
        .expect_err("401 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (401, 21119, ErrorKind::Unauthenticated)
    );
    assert_eq!(v.message, "The apikey is illegal");
    assert_eq!(v.request_id.as_deref(), Some("req-21119"));
    assert_eq!(
        v.to_string(),
        "vendor error 21119 (HTTP 401): The apikey is illegal [request id req-21119]"
    );
}

#[tokio::test]
async fn list_clusters_sends_page_size_and_current_page_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_clusters(|when, then| {
        when.into_inner()
            .path("/v2/clusters")
            .query_param("pageSize", "10")
            .query_param("currentPage", "3");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {
                "count": 21,
                "currentPage": 3,
                "pageSize": 10,
                "clusters": [{
                    "clusterId": "inxx-xxxxxxxxxxxxxxx",
                    "clusterName": "dedicated-3",
                    "description": "",
                    "regionId": REGION,
                    "plan": "Standard",
                    "cuType": "Performance-optimized",
                    "cuSize": 1,
                    "status": "RUNNING",
                    "connectAddress": "https://inxx-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530",
                    "privateLinkAddress": "",
                    "createTime": "2024-06-30T16:49:50Z",
                    "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx"
                }]
            }}),
        );
    });

    let page = client(&server)
        .list_clusters()
        .page_size(10u32)
        .current_page(3u32)
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 21);
    assert_eq!(page.current_page, Some(3));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.clusters.len(), 1);
    let c = &page.clusters[0];
    assert_eq!(c.cluster_name, "dedicated-3");
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(c.plan, Some(types::ClusterPlan::Standard));
    assert_eq!(c.cu_size, Some(1));
    assert!(c.labels.is_empty());
}

#[tokio::test]
async fn list_clusters_error_96008_with_http_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_clusters(|when, then| {
        when.into_inner().query_param("pageSize", "500");
        reply(
            then.into_inner(),
            400,
            json!({"code": 96008, "message": "The pageSize must be between 1 and 100."}),
        );
    });

    let err = client(&server)
        .list_clusters()
        .page_size(500u32)
        .send()
        .await
        .into_data()
        .expect_err("400 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (400, 96008, ErrorKind::InvalidArgument)
    );
    assert_eq!(v.message, "The pageSize must be between 1 and 100.");
}

#[tokio::test]
async fn describe_cluster_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cluster(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/clusters/inxx-xxxxxxxxxxxxxxx");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json("inxx-xxxxxxxxxxxxxxx", "RUNNING")}),
        );
    });

    let c = describe(&client(&server), "inxx-xxxxxxxxxxxxxxx")
        .await
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(c.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(c.cluster_name, "Dedicated-01");
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(c.plan, Some(types::ClusterPlan::Standard));
    assert_eq!(c.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(c.cu_size, Some(2));
    assert_eq!(c.region_id.as_deref(), Some(REGION));
    assert_eq!(c.create_progress, Some(100));
    assert_eq!(
        c.connect_address.as_deref(),
        Some("https://inxx-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530")
    );
    assert_eq!(c.replica, None);
}

#[tokio::test]
async fn describe_cluster_decodes_stopped_and_keeps_an_unknown_status() {
    let server = MockServer::start_async().await;
    let stopped = server.describe_cluster(|when, then| {
        when.cluster_id("in01-stopped");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json("in01-stopped", "STOPPED")}),
        );
    });
    let hibernating = server.describe_cluster(|when, then| {
        when.cluster_id("in01-hibernating");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json("in01-hibernating", "HIBERNATING")}),
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
async fn unknown_fields_in_data_and_envelope_are_ignored_and_labels_decode() {
    let server = MockServer::start_async().await;
    let mut data = cluster_json(CLUSTER_ID, "RUNNING");
    data["futureField"] = json!({"nested": [1, 2, 3]});
    data["replica"] = json!(2);
    data["labels"] = json!({"team": "search"});
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": data, "requestId": "abc", "traceId": 42}),
        );
    });

    let c = describe(&client(&server), CLUSTER_ID)
        .await
        .expect("extra fields are ignored");

    mock.assert_async().await;
    assert_eq!(c.cluster_id, CLUSTER_ID);
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(c.replica, Some(2));
    assert_eq!(c.labels.get("team").map(String::as_str), Some("search"));
}

#[tokio::test]
async fn describe_cluster_error_96018_with_http_200_is_not_found() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id("in01-missing");
        then.ok(&types::DescribeClusterResponse::ErrorEnvelope(
            types::ErrorEnvelope {
                code: 96018,
                message: "The cluster does not exist.".to_string(),
            },
        ));
    });

    let err = describe(&client(&server), "in01-missing")
        .await
        .expect_err("96018 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 96018, ErrorKind::NotFound)
    );
    assert_eq!(v.message, "The cluster does not exist.");
}

#[tokio::test]
async fn create_dedicated_sends_the_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.create_dedicated(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/createDedicated")
            .header("content-type", "application/json")
            .json_body(json!({
                "clusterName": "Cluster-05",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                "regionId": REGION,
                "plan": "Standard",
                "cuType": "Performance-optimized",
                "cuSize": 1
            }));
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {
                "clusterId": "in01-xxxxxxxxxxxxxxx",
                "username": "db_admin",
                "password": PASSWORD,
                "prompt": "Successfully submitted"
            }}),
        );
    });

    let data = client(&server)
        .create_dedicated()
        .body(
            types::CreateDedicatedRequest::builder()
                .cluster_name("Cluster-05")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx")
                .region_id(REGION)
                .plan(types::CreateDedicatedRequestPlan::Standard)
                .cu_type("Performance-optimized")
                .cu_size(1u32),
        )
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
    assert_eq!(data.username.as_deref(), Some("db_admin"));
    assert_eq!(
        data.password.as_ref().map(|p| p.expose_secret()),
        Some(PASSWORD)
    );
    assert!(!format!("{data:?}").contains(PASSWORD));
}

#[tokio::test]
async fn create_free_sends_the_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let request = types::CreateFreeRequest {
        description: None,
        cluster_name: "Free-01".to_string(),
        project_id: "proj-xxxxxxxxxxxxxxxxxxxxxx".to_string(),
        region_id: REGION.to_string(),
    };
    let mock = server.create_free(|when, then| {
        when.body(&request).into_inner().path("/v2/clusters/createFree");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": "in03-free", "username": "db_xxxxxxxx", "password": "free-pw"}}),
        );
    });

    let data = client(&server)
        .create_free()
        .body(request.clone())
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in03-free");
    assert_eq!(data.username.as_deref(), Some("db_xxxxxxxx"));
    assert_eq!(
        data.password.as_ref().map(|p| p.expose_secret()),
        Some("free-pw")
    );
    assert_eq!(data.prompt, None);
}

#[tokio::test]
async fn create_free_duplicate_name_40013_is_already_exists() {
    let server = MockServer::start_async().await;
    let mock = server.create_free(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 40013, "message": "The specified cluster name already exists."}),
        );
    });

    let err = client(&server)
        .create_free()
        .body(
            types::CreateFreeRequest::builder()
                .cluster_name("Free-01")
                .project_id(PROJECT)
                .region_id(REGION),
        )
        .send()
        .await
        .into_data()
        .expect_err("40013 is an error");

    assert_eq!(mock.calls_async().await, 1);
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 40013, ErrorKind::AlreadyExists)
    );
}

#[tokio::test]
async fn create_serverless_without_the_required_region_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID}}),
        );
    });

    let err = client(&server)
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id(PROJECT),
        )
        .send()
        .await
        .into_data()
        .expect_err("regionId is required");

    assert_eq!(mock.calls_async().await, 0);
    assert!(
        matches!(err, ApiError::Client(Error::InvalidRequest(_))),
        "{err:?}"
    );
    assert!(err.to_string().contains("region_id"), "{err}");
}

#[tokio::test]
async fn create_serverless_sends_labels_when_given() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner().json_body(json!({
            "clusterName": "Serverless-05",
            "projectId": PROJECT,
            "regionId": REGION,
            "labels": {"env": "test"}
        }));
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID}}),
        );
    });

    let data = client(&server)
        .create_serverless()
        .body(
            types::CreateServerlessRequest::builder()
                .cluster_name("Serverless-05")
                .project_id(PROJECT)
                .region_id(REGION)
                .labels(
                    [("env".to_string(), "test".to_string())]
                        .into_iter()
                        .collect::<std::collections::HashMap<_, _>>(),
                ),
        )
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, CLUSTER_ID);
}

#[tokio::test]
async fn drop_cluster_sends_delete_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.drop_cluster(|when, then| {
        when.into_inner().method(Method::DELETE).path(format!("/v2/clusters/{CLUSTER_ID}/drop"));
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID, "prompt": "The cluster has been deleted."}}),
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
        when.into_inner().method(Method::POST).path("/v2/clusters/in01-xxxxxxxxxxxxxxx/suspend");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully Submitted."}}),
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
async fn suspend_serverless_cluster_96022_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Serverless clusters do not support this operation.";
    let mock = server.suspend_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 96022, "message": message}),
        );
    });

    let err = client(&server)
        .suspend_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("96022 is an error");

    mock.assert_async().await;
    let v = vendor(err);
    assert_eq!(
        (v.status.as_u16(), v.code, v.kind),
        (200, 96022, ErrorKind::FailedPrecondition)
    );
    assert_eq!(v.message, message);
}

#[tokio::test]
async fn resume_cluster_posts_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.resume_cluster(|when, then| {
        when.into_inner().method(Method::POST).path("/v2/clusters/in01-xxxxxxxxxxxxxxx/resume");
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully Submitted."}}),
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
            .path("/v2/clusters/in01-xxxxxxxxxxxxxxx/modify")
            .json_body(json!({"cuSize": 2}));
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx", "prompt": "Successfully Submitted."}}),
        );
    });

    let data = client(&server)
        .modify_cluster()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .body(types::ModifyClusterRequest::builder().cu_size(std::num::NonZeroU32::new(2)))
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn modify_replica_sends_replica_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.modify_replica(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/in01-xxxxxxxxxxxxxxx/modifyReplica")
            .json_body(json!({"replica": 2}));
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": "in01-xxxxxxxxxxxxxxx"}}),
        );
    });

    let data = client(&server)
        .modify_replica()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .body(types::ModifyReplicaRequest::builder().replica(2u32))
        .send()
        .await
        .into_data()
        .expect("decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn modify_replica_zero_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.modify_replica(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID}}),
        );
    });

    let err = client(&server)
        .modify_replica()
        .cluster_id(CLUSTER_ID)
        .body(types::ModifyReplicaRequest::builder().replica(0u32))
        .send()
        .await
        .into_data()
        .expect_err("replica minimum 1");

    assert_eq!(mock.calls_async().await, 0);
    assert!(
        matches!(err, ApiError::Client(Error::InvalidRequest(_))),
        "{err:?}"
    );
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
    assert_eq!(err.to_string(), "unexpected HTTP status 203 for /v2/clouds");
    let shown = format!("{err} {err:?}");
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

    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.is_retryable());
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
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("clusterId") && !shown.contains("\"code\""),
        "{shown}"
    );
}

#[tokio::test]
async fn the_seeds_unquoted_keys_are_a_typed_error_without_the_body() {
    let server = MockServer::start_async().await;
    // The seed's own example response, verbatim in form: keys `code` and `data` unquoted.
    let body = "{\n  code: 0,\n  data: {\n     \"clusterId\": \"inxx-leaky\",\n     \"password\":\"Seed-Pw-0\"\n  }\n}";
    let mock = server.create_serverless(|_, then| {
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(body);
    });

    let err = create_serverless(&client(&server))
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
    assert!(
        !shown.contains("inxx-leaky") && !shown.contains("Seed-Pw-0"),
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
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID, "password": PASSWORD}}),
        );
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
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
            then.into_inner().up_to_n_times(3),
            200,
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "CREATING")}),
        );
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
        );
    });

    let cluster = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect("RUNNING after CREATING");

    assert_eq!(creating.calls_async().await, 3);
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
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "ABNORMAL")}),
        );
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect_err("ABNORMAL is a failure");

    assert_eq!(abnormal.calls_async().await, 1);
    match err {
        WaitError::Failed(c) => assert_eq!(c.status, types::ClusterStatus::Abnormal),
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
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "CREATING")}),
        );
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect_err("never RUNNING");

    assert!(creating.calls_async().await >= 2);
    assert!(
        err.to_string().starts_with("gave up waiting after 2."),
        "{err}"
    );
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
async fn wait_treats_an_unknown_status_as_pending() {
    let server = MockServer::start_async().await;
    let hibernating = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner().up_to_n_times(1),
            200,
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "HIBERNATING")}),
        );
    });
    let running = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": cluster_json(CLUSTER_ID, "RUNNING")}),
        );
    });

    let cluster = client(&server)
        .wait_for_cluster(CLUSTER_ID, &wait_options())
        .await
        .expect("RUNNING after HIBERNATING");

    assert_eq!(hibernating.calls_async().await, 1);
    assert_eq!(running.calls_async().await, 1);
    assert_eq!(cluster.status, types::ClusterStatus::Running);
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
    // 5xx is not declared, so the envelope is not decoded: the status is what counts.
    assert!(
        matches!(&err, ApiError::Client(Error::UnexpectedResponse(_))),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn retries_follow_the_configured_max_attempts() {
    let server = MockServer::start_async().await;
    let unavailable = server.list_clusters(|_, then| {
        then.into_inner()
            .status(503)
            .json_body(serde_json::json!({"code": 503, "message": "Service Unavailable"}));
    });
    let options = ClientOptions {
        retry: RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(1),
            ..Default::default()
        },
        ..options()
    };
    let client = Client::with_options(&server.base_url(), KEY, options).expect("valid");

    let err = client
        .list_clusters()
        .send()
        .await
        .into_data()
        .expect_err("always 503");

    assert_eq!(unavailable.calls_async().await, 5);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
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
}

// ---- secrets ------------------------------------------------------------------------------------------

#[test]
fn client_debug_does_not_show_the_api_key() {
    let client =
        Client::with_api_key(DEFAULT_BASE_URL, "sk-secret-123").expect("a valid key and URL");
    let shown = format!("{client:?}");
    assert!(!shown.contains("sk-secret-123"), "{shown}");
}

#[tokio::test]
async fn an_undecodable_create_answer_does_not_print_the_password() {
    let server = MockServer::start_async().await;
    let secret = "Pw-Leak-Check-v2-77";
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": 5, "password": secret}}),
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
    let key = "sk-trace-key-v2-88";
    let mock = server.create_serverless(|_, then| {
        reply(
            then.into_inner(),
            200,
            json!({"code": 0, "data": {"clusterId": CLUSTER_ID, "password": PASSWORD}}),
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
    assert!(log.contains("provider=\"zilliz-v2\""), "{log}");
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
fn constants_name_both_sites() {
    assert_eq!(DEFAULT_BASE_URL, "https://api.cloud.zilliz.com");
    assert_eq!(API_KEY_ENV, "ZILLIZ_API_KEY");
    let urls: Vec<(&str, &str)> = BASE_URLS.iter().map(|b| (b.name, b.url)).collect();
    assert_eq!(
        urls,
        [
            ("global", "https://api.cloud.zilliz.com"),
            ("china", "https://api.cloud.zilliz.com.cn")
        ]
    );
    assert_eq!(SPEC.provider, "zilliz-v2");
    assert_eq!(SPEC.path, "specs/zilliz-v2/openapi.yaml");
    assert_eq!(SPEC.title, "Zilliz Cloud Control Plane API v2");
    assert_eq!(SPEC.version, "2.0.0");
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
