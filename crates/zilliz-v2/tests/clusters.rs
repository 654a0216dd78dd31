//! The `clusters` and `cloud-meta` groups of Zilliz v2 (specs/zilliz-v2/paths/clusters.yaml and
//! paths/cloud-meta.yaml), against httpmock: for each of their 13 operations, the documented
//! request (method, path, API key, query, body) answered with the spec's example, decoded field by
//! field, and one of its documented error codes answered with HTTP 200, mapped to its kind. The
//! create calls' initial passwords stay out of `Debug`. Also the hand-written helpers built on
//! them: `list_clusters_all` / `list_clusters_stream` across three pages, and `wait_for_cluster`
//! until RUNNING, until ABNORMAL, until its timeout, and on a failed poll.

mod common;

use std::future::poll_fn;
use std::num::NonZeroU32;
use std::pin::{Pin, pin};
use std::time::Duration;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, PAGE_SIZE, WaitError, WaitOptions, types};
use futures_core::Stream;
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

use common::{BEARER, assert_vendor, client, error_envelope};

/// The cluster ID the spec's path parameters show.
const CLUSTER_ID: &str = "in01-xxxxxxxxxxxxxxx";
/// The organization ID updateDedicatedCluster's `OrgId` header example shows.
const ORG_ID: &str = "org-xxxxxxxxxxxxxxxxxxx";
/// The cluster ID the action answers' examples carry.
const ANSWER_ID: &str = "inxx-xxxxxxxxxxxxxxx";
/// The prompt of the create examples.
const CREATE_PROMPT: &str = "successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified.";
/// The prompt of the update, modify and modifyReplica examples.
const UPGRADE_PROMPT: &str = "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK.";

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("not zero")
}

/// A create call's answer: the example's values, and its password readable but not in `Debug`.
fn assert_created(data: &types::CreateClusterData, username: &str, password: &str) {
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(data.username.as_deref(), Some(username));
    assert_eq!(data.prompt.as_deref(), Some(CREATE_PROMPT));
    let secret = data
        .password
        .as_ref()
        .expect("the answer carries a password");
    assert_eq!(secret.expose_secret(), password);
    let shown = format!("{data:?}");
    assert!(
        !shown.contains(password),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
    assert_eq!(format!("{secret:?}"), "[redacted]");
}

// ---------------------------------------------------------------- listClusters

#[tokio::test]
async fn list_clusters_sends_its_page_and_region_and_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_clusters(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/clusters")
            .header("authorization", BEARER)
            .query_param("pageSize", "10")
            .query_param("currentPage", "1")
            .query_param("region", "aws-us-west-2");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "clusters": [
                    {
                        "clusterId": "inxx-xxxxxxxxxxxxxxx",
                        "clusterName": "dedicated-3",
                        "description": "",
                        "regionId": "aws-us-west-2",
                        "plan": "Enterprise",
                        "cuType": "Performance-optimized",
                        "cuSize": 1,
                        "status": "RUNNING",
                        "connectAddress": "https://inxx-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530",
                        "privateLinkAddress": "",
                        "createTime": "2024-06-30T16:49:50Z",
                        "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                        "deploymentOption": "Dedicated"
                    }
                ]
            }
        }));
    });

    let page = client(&server)
        .list_clusters()
        .page_size(10u32)
        .current_page(1u32)
        .region("aws-us-west-2")
        .send()
        .await
        .into_data()
        .expect("the documented page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.clusters.len(), 1);
    let c = &page.clusters[0];
    assert_eq!(c.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(c.cluster_name, "dedicated-3");
    assert_eq!(c.description.as_deref(), Some(""));
    assert_eq!(c.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(c.plan, Some(types::ClusterPlan::Enterprise));
    assert_eq!(c.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(c.cu_size, Some(1));
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(
        c.connect_address.as_deref(),
        Some("https://inxx-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530")
    );
    assert_eq!(c.private_link_address.as_deref(), Some(""));
    assert_eq!(c.create_time.as_deref(), Some("2024-06-30T16:49:50Z"));
    assert_eq!(c.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxxxxxxxxx"));
    assert_eq!(c.deployment_option.as_deref(), Some("Dedicated"));
    // Describe-only fields are absent from a list item.
    assert_eq!(c.replica, None);
    assert_eq!(c.storage_size, None);
    assert_eq!(c.snapshot_number, None);
    assert_eq!(c.create_progress, None);
    assert!(c.autoscaling.is_none());
    assert!(c.global_cluster_meta.is_none());
    assert!(c.labels.is_empty());
}

#[tokio::test]
async fn list_clusters_bad_page_size_96008_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "The pageSize must be between 1 and 100.";
    let mock = server.list_clusters(|when, then| {
        when.page_size(nz(10))
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96008, message));
    });

    let err = client(&server)
        .list_clusters()
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96008, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

/// One generated cluster of the three-page list: number `i`, from 0.
fn generated_cluster(i: usize) -> Value {
    json!({
        "clusterId": format!("in01-{i:015}"),
        "clusterName": format!("cluster-{i:03}"),
        "regionId": "aws-us-west-2",
        "status": "RUNNING",
        "cuSize": 1
    })
}

/// Mounts pages 1, 2 and 3 of a 250-cluster list (100, 100 and 50 items), each
/// expecting the helper's page size and no region filter; returns the mocks.
fn mount_three_pages(server: &MockServer) -> Vec<httpmock::Mock<'_>> {
    [(1, 0..100), (2, 100..200), (3, 200..250)]
        .into_iter()
        .map(|(page, range)| {
            let clusters: Vec<Value> = range.map(generated_cluster).collect();
            server.list_clusters(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path("/v2/clusters")
                    .header("authorization", BEARER)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100")
                    .query_param_missing("region");
                then.into_inner().status(200).json_body(json!({
                    "code": 0,
                    "data": {
                        "count": 250,
                        "currentPage": page,
                        "pageSize": 100,
                        "clusters": clusters
                    }
                }));
            })
        })
        .collect()
}

fn assert_generated_order(ids: &[String]) {
    assert_eq!(ids.len(), 250);
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(*id, format!("in01-{i:015}"), "item {i}");
    }
}

#[tokio::test]
async fn list_clusters_all_collects_every_cluster_of_three_pages() {
    assert_eq!(PAGE_SIZE, 100);
    let server = MockServer::start_async().await;
    let pages = mount_three_pages(&server);

    let all = client(&server)
        .list_clusters_all()
        .await
        .expect("three pages are collected");

    for page in &pages {
        page.assert_calls_async(1).await;
    }
    let ids: Vec<String> = all.iter().map(|c| c.cluster_id.clone()).collect();
    assert_generated_order(&ids);
    assert_eq!(all[249].cluster_name, "cluster-249");
    assert!(
        all.iter()
            .all(|c| c.status == types::ClusterStatus::Running && c.cu_size == Some(1))
    );
}

/// The stream's next item.
async fn next<S: Stream>(mut stream: Pin<&mut S>) -> Option<S::Item> {
    poll_fn(|cx| stream.as_mut().poll_next(cx)).await
}

#[tokio::test]
async fn list_clusters_stream_yields_clusters_in_order_fetching_each_page_when_needed() {
    let server = MockServer::start_async().await;
    let pages = mount_three_pages(&server);
    let client = client(&server);
    let mut stream = pin!(client.list_clusters_stream());
    let mut ids = Vec::new();

    // Nothing is fetched before the first item is asked for.
    assert_eq!(pages[0].calls_async().await, 0);
    for i in 0..250 {
        let cluster = next(stream.as_mut())
            .await
            .expect("the stream has 250 items")
            .expect("every page decodes");
        ids.push(cluster.cluster_id);
        match i {
            0 | 99 => {
                assert_eq!(pages[0].calls_async().await, 1, "item {i}");
                assert_eq!(pages[1].calls_async().await, 0, "item {i}");
            }
            100 | 199 => {
                assert_eq!(pages[1].calls_async().await, 1, "item {i}");
                assert_eq!(pages[2].calls_async().await, 0, "item {i}");
            }
            _ => {}
        }
    }
    assert!(
        next(stream.as_mut()).await.is_none(),
        "the stream ends after count items"
    );

    for page in &pages {
        page.assert_calls_async(1).await;
    }
    assert_generated_order(&ids);
}

// ---------------------------------------------------------------- describeCluster

/// describeCluster's documented answer.
fn describe_example() -> Value {
    json!({
        "code": 0,
        "data": {
            "clusterId": "in01-108240180a4faf8",
            "clusterName": "dedicated-test",
            "projectId": "proj-b44a39b0c51cf21791a841",
            "description": "",
            "regionId": "aws-us-west-2",
            "cuType": "Performance-optimized",
            "plan": "Enterprise",
            "status": "RUNNING",
            "connectAddress": "https://in01-108240180a4faf8.aws-us-west-2.vectordb.zillizcloud.com:19539",
            "privateLinkAddress": "",
            "createTime": "2024-06-30T16:34:09Z",
            "replica": 1,
            "cuSize": 2,
            "storageSize": 0,
            "snapshotNumber": 0,
            "createProgress": 100,
            "deploymentOption": "Dedicated"
        }
    })
}

/// describeCluster's documented answer with another status.
fn described_with_status(status: &str) -> Value {
    let mut answer = describe_example();
    answer["data"]["status"] = json!(status);
    answer
}

#[tokio::test]
async fn describe_cluster_decodes_the_documented_dedicated_cluster() {
    let server = MockServer::start_async().await;
    let mock = server.describe_cluster(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v2/clusters/{CLUSTER_ID}"))
            .header("authorization", BEARER);
        then.into_inner().status(200).json_body(describe_example());
    });

    let c = client(&server)
        .describe_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented cluster decodes");

    mock.assert_async().await;
    assert_eq!(c.cluster_id, "in01-108240180a4faf8");
    assert_eq!(c.cluster_name, "dedicated-test");
    assert_eq!(c.project_id.as_deref(), Some("proj-b44a39b0c51cf21791a841"));
    assert_eq!(c.description.as_deref(), Some(""));
    assert_eq!(c.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(c.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(c.plan, Some(types::ClusterPlan::Enterprise));
    assert_eq!(c.status, types::ClusterStatus::Running);
    assert_eq!(
        c.connect_address.as_deref(),
        Some("https://in01-108240180a4faf8.aws-us-west-2.vectordb.zillizcloud.com:19539")
    );
    assert_eq!(c.private_link_address.as_deref(), Some(""));
    assert_eq!(c.create_time.as_deref(), Some("2024-06-30T16:34:09Z"));
    assert_eq!(c.replica, Some(1));
    assert_eq!(c.cu_size, Some(2));
    assert_eq!(c.storage_size, Some(0));
    assert_eq!(c.snapshot_number, Some(0));
    assert_eq!(c.create_progress, Some(100));
    assert_eq!(c.deployment_option.as_deref(), Some("Dedicated"));
    assert!(c.autoscaling.is_none());
    assert!(c.global_cluster_meta.is_none());
}

#[tokio::test]
async fn describe_cluster_missing_cluster_96018_is_not_found() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist.";
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96018, message));
    });

    let err = client(&server)
        .describe_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96018, ErrorKind::NotFound, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- updateDedicatedCluster

fn update_body() -> types::builder::UpdateDedicatedClusterRequest {
    types::UpdateDedicatedClusterRequest::builder()
        .cluster_name(
            types::UpdateDedicatedClusterRequestClusterName::try_from("New Cluster Name")
                .expect("a non-empty name"),
        )
        .description("This is the new description of the cluster.".to_string())
}

#[tokio::test]
async fn update_dedicated_cluster_sends_org_id_and_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.update_dedicated_cluster(|when, then| {
        when.into_inner()
            .method(Method::PATCH)
            .path(format!("/v2/clusters/{CLUSTER_ID}"))
            .header("authorization", BEARER)
            .header("orgid", ORG_ID)
            .json_body(json!({
                "clusterName": "New Cluster Name",
                "description": "This is the new description of the cluster."
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
            }
        }));
    });

    let data = client(&server)
        .update_dedicated_cluster()
        .cluster_id(CLUSTER_ID)
        .org_id(ORG_ID)
        .body(update_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(data.prompt.as_deref(), Some(UPGRADE_PROMPT));
}

#[tokio::test]
async fn update_dedicated_cluster_invalid_name_96010_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "Invalid clusterName.";
    let mock = server.update_dedicated_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .org_id(ORG_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96010, message));
    });

    let err = client(&server)
        .update_dedicated_cluster()
        .cluster_id(CLUSTER_ID)
        .org_id(ORG_ID)
        .body(update_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96010, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- createDedicated

fn dedicated_body() -> types::builder::CreateDedicatedRequest {
    types::CreateDedicatedRequest::builder()
        .cluster_name("Cluster-05")
        .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx")
        .region_id("aws-us-west-2")
        .plan(types::CreateDedicatedRequestPlan::Standard)
        .cu_type("Performance-optimized")
        .cu_size(nz(1))
}

#[tokio::test]
async fn create_dedicated_sends_the_documented_body_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_dedicated(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/createDedicated")
            .header("authorization", BEARER)
            .json_body(json!({
                "clusterName": "Cluster-05",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                "regionId": "aws-us-west-2",
                "plan": "Standard",
                "cuType": "Performance-optimized",
                "cuSize": 1
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "username": "db_admin",
                "password": "****************",
                "prompt": "successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified."
            }
        }));
    });

    let data = client(&server)
        .create_dedicated()
        .body(dedicated_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&data, "db_admin", "****************");
}

#[tokio::test]
async fn create_dedicated_duplicate_name_96017_is_already_exists() {
    let server = MockServer::start_async().await;
    let message = "A cluster with this name already exists in the project.";
    let mock = server.create_dedicated(|when, then| {
        when.into_inner().header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96017, message));
    });

    let err = client(&server)
        .create_dedicated()
        .body(dedicated_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96017, ErrorKind::AlreadyExists, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- createServerless

fn serverless_body() -> types::builder::CreateServerlessRequest {
    types::CreateServerlessRequest::builder()
        .cluster_name("Serverless-05")
        .project_id("proj-xxxxxxxxxxxxxxxxxxxxxxx")
        .region_id("gcp-us-west1")
}

#[tokio::test]
async fn create_serverless_sends_the_documented_body_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_serverless(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/createServerless")
            .header("authorization", BEARER)
            .json_body(json!({
                "clusterName": "Serverless-05",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxxx",
                "regionId": "gcp-us-west1"
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "username": "db_xxxxxxxx",
                "password": "***********",
                "prompt": "successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified."
            }
        }));
    });

    let data = client(&server)
        .create_serverless()
        .body(serverless_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&data, "db_xxxxxxxx", "***********");
}

#[tokio::test]
async fn create_serverless_unsupported_region_96020_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "The region does not support serverless clusters.";
    let mock = server.create_serverless(|when, then| {
        when.into_inner().header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96020, message));
    });

    let err = client(&server)
        .create_serverless()
        .body(serverless_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96020, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- createFree

fn free_body() -> types::builder::CreateFreeRequest {
    types::CreateFreeRequest::builder()
        .cluster_name("Free-01")
        .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx")
        .region_id("gcp-us-west1")
}

#[tokio::test]
async fn create_free_sends_the_documented_body_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_free(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/createFree")
            .header("authorization", BEARER)
            .json_body(json!({
                "clusterName": "Free-01",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
                "regionId": "gcp-us-west1"
            }));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "username": "db_xxxxxxxx",
                "password": "*************",
                "prompt": "successfully submitted, cluster is being created. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK with the admin account and the initial password you specified."
            }
        }));
    });

    let data = client(&server)
        .create_free()
        .body(free_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&data, "db_xxxxxxxx", "*************");
}

#[tokio::test]
async fn create_free_unsupported_region_96019_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "The region does not support free clusters.";
    let mock = server.create_free(|when, then| {
        when.into_inner().header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96019, message));
    });

    let err = client(&server)
        .create_free()
        .body(free_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96019, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- dropCluster

#[tokio::test]
async fn drop_cluster_sends_delete_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.drop_cluster(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(format!("/v2/clusters/{CLUSTER_ID}/drop"))
            .header("authorization", BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters."
            }
        }));
    });

    let data = client(&server)
        .drop_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(
        data.prompt.as_deref(),
        Some(
            "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters."
        )
    );
}

#[tokio::test]
async fn drop_cluster_missing_cluster_96018_is_not_found() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist.";
    let mock = server.drop_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96018, message));
    });

    let err = client(&server)
        .drop_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96018, ErrorKind::NotFound, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- suspendCluster

#[tokio::test]
async fn suspend_cluster_sends_post_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.suspend_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/clusters/{CLUSTER_ID}/suspend"))
            .header("authorization", BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "Successfully Submitted. The cluster will not incur any computing costs when suspended. You will only be billed for the storage costs during this time."
            }
        }));
    });

    let data = client(&server)
        .suspend_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(
        data.prompt.as_deref(),
        Some(
            "Successfully Submitted. The cluster will not incur any computing costs when suspended. You will only be billed for the storage costs during this time."
        )
    );
}

#[tokio::test]
async fn suspend_cluster_on_serverless_96022_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Serverless clusters do not support this operation.";
    let mock = server.suspend_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96022, message));
    });

    let err = client(&server)
        .suspend_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96022, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- resumeCluster

#[tokio::test]
async fn resume_cluster_sends_post_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.resume_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/clusters/{CLUSTER_ID}/resume"))
            .header("authorization", BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "successfully Submitted. Cluster is being resumed, which is expected to takes several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
            }
        }));
    });

    let data = client(&server)
        .resume_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(
        data.prompt.as_deref(),
        Some(
            "successfully Submitted. Cluster is being resumed, which is expected to takes several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
        )
    );
}

#[tokio::test]
async fn resume_cluster_on_free_96021_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Free clusters do not support this operation.";
    let mock = server.resume_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96021, message));
    });

    let err = client(&server)
        .resume_cluster()
        .cluster_id(CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96021, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- modifyCluster

fn modify_body() -> types::builder::ModifyClusterRequest {
    types::ModifyClusterRequest::builder()
        .cu_size(nz(2))
        .replica(nz(2))
}

#[tokio::test]
async fn modify_cluster_sends_cu_size_and_replica_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.modify_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/clusters/{CLUSTER_ID}/modify"))
            .header("authorization", BEARER)
            .json_body(json!({"cuSize": 2, "replica": 2}));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
            }
        }));
    });

    let data = client(&server)
        .modify_cluster()
        .cluster_id(CLUSTER_ID)
        .body(modify_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(data.prompt.as_deref(), Some(UPGRADE_PROMPT));
}

#[tokio::test]
async fn modify_cluster_no_cluster_class_96023_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "No cluster class matches this cuType, cuSize and plan.";
    let mock = server.modify_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96023, message));
    });

    let err = client(&server)
        .modify_cluster()
        .cluster_id(CLUSTER_ID)
        .body(modify_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96023, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- modifyReplica

fn replica_body() -> types::builder::ModifyReplicaRequest {
    types::ModifyReplicaRequest::builder().replica(nz(2))
}

#[tokio::test]
async fn modify_replica_sends_the_replica_count_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.modify_replica(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/clusters/{CLUSTER_ID}/modifyReplica"))
            .header("authorization", BEARER)
            .json_body(json!({"replica": 2}));
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
            }
        }));
    });

    let data = client(&server)
        .modify_replica()
        .cluster_id(CLUSTER_ID)
        .body(replica_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, ANSWER_ID);
    assert_eq!(data.prompt.as_deref(), Some(UPGRADE_PROMPT));
}

#[tokio::test]
async fn modify_replica_on_serverless_96022_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Serverless clusters do not support this operation.";
    let mock = server.modify_replica(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96022, message));
    });

    let err = client(&server)
        .modify_replica()
        .cluster_id(CLUSTER_ID)
        .body(replica_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96022, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- listClouds

#[tokio::test]
async fn list_clouds_decodes_the_documented_providers() {
    let server = MockServer::start_async().await;
    let mock = server.list_clouds(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/clouds")
            .header("authorization", BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": [
                {"cloudId": "aws", "description": "Amazon Web Services"},
                {"cloudId": "gcp", "description": "Google Cloud Platform"},
                {"cloudId": "azure", "description": "Microsoft Azure"}
            ]
        }));
    });

    let clouds = client(&server)
        .list_clouds()
        .send()
        .await
        .into_data()
        .expect("the documented list decodes");

    mock.assert_async().await;
    let got: Vec<(&str, Option<&str>)> = clouds
        .iter()
        .map(|c| (c.cloud_id.as_str(), c.description.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("aws", Some("Amazon Web Services")),
            ("gcp", Some("Google Cloud Platform")),
            ("azure", Some("Microsoft Azure")),
        ]
    );
}

#[tokio::test]
async fn list_clouds_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let message = "The apikey is illegal";
    let mock = server.list_clouds(|when, then| {
        when.into_inner().header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(21119, message));
    });

    let err = client(&server)
        .list_clouds()
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- listRegions

#[tokio::test]
async fn list_regions_sends_the_cloud_id_and_decodes_the_documented_regions() {
    let server = MockServer::start_async().await;
    let mock = server.list_regions(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/regions")
            .header("authorization", BEARER)
            .query_param("cloudId", "aws");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": [
                {"cloudId": "aws", "regionId": "aws-us-west-2", "domain": "api.cloud.zilliz.com"},
                {"cloudId": "gcp", "regionId": "gcp-us-west1", "domain": "api.cloud.zilliz.com"},
                {"cloudId": "azure", "regionId": "az-westus3", "domain": "api.cloud.zilliz.com"}
            ]
        }));
    });

    let regions = client(&server)
        .list_regions()
        .cloud_id("aws")
        .send()
        .await
        .into_data()
        .expect("the documented list decodes");

    mock.assert_async().await;
    let got: Vec<(&str, &str, Option<&str>)> = regions
        .iter()
        .map(|r| {
            (
                r.cloud_id.as_str(),
                r.region_id.as_str(),
                r.domain.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("aws", "aws-us-west-2", Some("api.cloud.zilliz.com")),
            ("gcp", "gcp-us-west1", Some("api.cloud.zilliz.com")),
            ("azure", "az-westus3", Some("api.cloud.zilliz.com")),
        ]
    );
}

#[tokio::test]
async fn list_regions_invalid_cloud_id_96000_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "Invalid CloudId.";
    let mock = server.list_regions(|when, then| {
        when.cloud_id("aws")
            .into_inner()
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96000, message));
    });

    let err = client(&server)
        .list_regions()
        .cloud_id("aws")
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 96000, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- wait_for_cluster

fn fast(timeout: Duration) -> WaitOptions {
    WaitOptions::default()
        .with_interval(Duration::from_millis(10))
        .with_timeout(timeout)
}

/// Mounts a describeCluster mock answering `status`, limited to `times` answers when given.
fn mount_status<'a>(
    server: &'a MockServer,
    status: &str,
    times: Option<usize>,
) -> httpmock::Mock<'a> {
    let answer = described_with_status(status);
    server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID)
            .into_inner()
            .header("authorization", BEARER);
        let then = then.into_inner().status(200).json_body(answer);
        if let Some(n) = times {
            then.up_to_n_times(n);
        }
    })
}

#[tokio::test]
async fn wait_for_cluster_returns_the_cluster_once_it_is_running() {
    let server = MockServer::start_async().await;
    let creating = mount_status(&server, "CREATING", Some(2));
    let running = mount_status(&server, "RUNNING", None);

    let cluster = client(&server)
        .wait_for_cluster(CLUSTER_ID, &fast(Duration::from_secs(5)))
        .await
        .expect("the cluster becomes RUNNING");

    creating.assert_calls_async(2).await;
    running.assert_calls_async(1).await;
    assert_eq!(cluster.status, types::ClusterStatus::Running);
    assert_eq!(cluster.cluster_id, "in01-108240180a4faf8");
    assert_eq!(cluster.create_progress, Some(100));
}

#[tokio::test]
async fn wait_for_cluster_fails_when_the_cluster_turns_abnormal() {
    let server = MockServer::start_async().await;
    let creating = mount_status(&server, "CREATING", Some(1));
    let abnormal = mount_status(&server, "ABNORMAL", None);

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &fast(Duration::from_secs(5)))
        .await
        .expect_err("ABNORMAL ends the wait as a failure");

    creating.assert_calls_async(1).await;
    abnormal.assert_calls_async(1).await;
    match err {
        WaitError::Failed(cluster) => {
            assert_eq!(cluster.status, types::ClusterStatus::Abnormal);
            assert_eq!(cluster.cluster_id, "in01-108240180a4faf8");
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_for_cluster_times_out_with_the_last_cluster_seen() {
    let server = MockServer::start_async().await;
    let creating = mount_status(&server, "CREATING", None);
    let timeout = Duration::from_millis(80);

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &fast(timeout))
        .await
        .expect_err("a cluster that stays CREATING times out");

    assert!(creating.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= timeout, "{elapsed:?}");
            let last = last.expect("the polls succeeded");
            assert_eq!(last.status, types::ClusterStatus::Creating);
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_for_cluster_stops_on_a_failed_poll() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist.";
    let mock = server.describe_cluster(|when, then| {
        when.cluster_id(CLUSTER_ID);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(96018, message));
    });

    let err = client(&server)
        .wait_for_cluster(CLUSTER_ID, &fast(Duration::from_secs(5)))
        .await
        .expect_err("a vendor error ends the wait");

    mock.assert_calls_async(1).await;
    match err {
        WaitError::Api(e) => {
            let v = assert_vendor(e, 96018, ErrorKind::NotFound, 200);
            assert_eq!(v.message, message);
        }
        other => panic!("expected WaitError::Api, got {other:?}"),
    }
}
