//! Zilliz v2 on-demand clusters (`specs/zilliz-v2/paths/on-demand-clusters.yaml`):
//! create, list, describe, delete and update, each against httpmock with the
//! spec's request example and documented answer, plus the documented 21119 error
//! envelope answered with HTTP 200 (the only code these pages record).

mod common;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ApiError, ErrorKind, IntoData, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
const CLUSTER_PATH: &str = "/v2/clusters/onDemandClusters/inxx-xxxxxxxxxxxxxxx";
const REGION: &str = "aws-us-west-2";
const ORG: &str = "org-xxxxxxxxxxxxxxxxxxx";
const ENDPOINT: &str = "https://proj-xxxxxxxxxxxxxxx.aws-us-west-2.api.zillizcloud.com";
const DESCRIPTION: &str = "An on-demand cluster for vector search workloads.";
const ILLEGAL: &str = "The apikey is illegal";
const CREATE_PROMPT: &str = "Successfully submitted. The on-demand cluster is being created. Use the Describe On-Demand Cluster API to check its creation progress and status. Once the cluster status is RUNNING, use your API key to access the on-demand cluster.";
const DELETE_PROMPT: &str = "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters.";
const UPDATE_PROMPT: &str = "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK.";

/// createOnDemandCluster with the spec's request example, built with the typed builder.
fn create_request() -> types::builder::CreateOnDemandClusterRequest {
    types::CreateOnDemandClusterRequest::builder()
        .project_id("proj-xxxxxxxxxxxxxxxxxxx")
        .region_id(REGION)
        .cluster_name("my-on-demand".to_string())
        .cu_size(8u32)
        .auto_suspend(60)
}

fn mock_create(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.create_on_demand_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/clusters/createOnDemandCluster")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "projectId": "proj-xxxxxxxxxxxxxxxxxxx",
                "regionId": "aws-us-west-2",
                "clusterName": "my-on-demand",
                "cuSize": 8,
                "autoSuspend": 60
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn create(server: &MockServer) -> Result<types::CreateOnDemandClusterData, ApiError> {
    common::client(server)
        .create_on_demand_cluster()
        .body(create_request())
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn create_on_demand_cluster_sends_the_example_and_decodes_id_and_prompt() {
    let server = MockServer::start_async().await;
    let mock = mock_create(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "Successfully submitted. The on-demand cluster is being created. Use the Describe On-Demand Cluster API to check its creation progress and status. Once the cluster status is RUNNING, use your API key to access the on-demand cluster."
            }
        }),
    );

    let created = create(&server)
        .await
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(created.cluster_id, CLUSTER);
    assert_eq!(created.prompt.as_deref(), Some(CREATE_PROMPT));
}

#[tokio::test]
async fn create_on_demand_cluster_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_create(&server, common::error_envelope(21119, ILLEGAL));

    let err = create(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL);
}

fn mock_list(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.list_on_demand_clusters(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/clusters/onDemandClusters")
            .header("authorization", common::BEARER)
            .query_param("projectId", "proj-xxxxxxxxxxxxxxxxxxxx")
            .query_param("regionId", REGION);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn list(server: &MockServer) -> Result<types::OnDemandClusterList, ApiError> {
    common::client(server)
        .list_on_demand_clusters()
        .project_id("proj-xxxxxxxxxxxxxxxxxxxx")
        .region_id(REGION)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn list_on_demand_clusters_sends_project_and_region_and_decodes_both_clusters() {
    let server = MockServer::start_async().await;
    let mock = mock_list(
        &server,
        json!({
            "code": 0,
            "data": {
                "count": 2,
                "onDemandClusters": [
                    {
                        "projectId": "proj-xxxxxxxxxxxxxxx",
                        "clusterId": "inxx-xxxxxxxxxxxxxxx",
                        "clusterName": "Cluster-01",
                        "regionId": "aws-us-west-2",
                        "cuSize": 8,
                        "status": "RUNNING",
                        "endpoint": "https://proj-xxxxxxxxxxxxxxx.aws-us-west-2.api.zillizcloud.com",
                        "privateLink": "",
                        "createdBy": "john.doe@zilliz.com",
                        "createTime": "2024-04-21T10:15:15Z",
                        "autoSuspend": 60,
                        "description": "An on-demand cluster for vector search workloads."
                    },
                    {
                        "projectId": "proj-xxxxxxxxxxxxxxx",
                        "clusterId": "inxx-xxxxxxxxxxxxxxx",
                        "clusterName": "Cluster-02",
                        "regionId": "aws-us-west-2",
                        "status": "RUNNING",
                        "cuSize": 8,
                        "endpoint": "https://proj-xxxxxxxxxxxxxxx.aws-us-west-2.api.zillizcloud.com",
                        "privateLink": "",
                        "createdBy": "john.doe@zilliz.com",
                        "createTime": "2024-04-21T10:15:16Z",
                        "autoSuspend": 60,
                        "description": "An on-demand cluster for vector search workloads."
                    }
                ]
            }
        }),
    );

    let list = list(&server).await.expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(list.count, Some(2));
    assert_eq!(list.on_demand_clusters.len(), 2);
    for (cluster, (name, created)) in list.on_demand_clusters.iter().zip([
        ("Cluster-01", "2024-04-21T10:15:15Z"),
        ("Cluster-02", "2024-04-21T10:15:16Z"),
    ]) {
        assert_eq!(cluster.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxx"));
        assert_eq!(cluster.cluster_id, CLUSTER);
        assert_eq!(cluster.cluster_name.as_deref(), Some(name));
        assert_eq!(cluster.region_id.as_deref(), Some(REGION));
        assert_eq!(cluster.cu_size, Some(8));
        assert_eq!(cluster.status, Some(types::OnDemandClusterStatus::Running));
        assert_eq!(cluster.endpoint.as_deref(), Some(ENDPOINT));
        assert_eq!(cluster.private_link.as_deref(), Some(""));
        assert_eq!(cluster.created_by.as_deref(), Some("john.doe@zilliz.com"));
        assert_eq!(cluster.create_time.as_deref(), Some(created));
        assert_eq!(cluster.auto_suspend, Some(60));
        assert_eq!(cluster.description.as_deref(), Some(DESCRIPTION));
    }
}

#[tokio::test]
async fn list_on_demand_clusters_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_list(&server, common::error_envelope(21119, ILLEGAL));

    let err = list(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

fn mock_describe(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.describe_on_demand_cluster(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(CLUSTER_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn describe(server: &MockServer) -> Result<types::OnDemandCluster, ApiError> {
    common::client(server)
        .describe_on_demand_cluster()
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn describe_on_demand_cluster_decodes_the_documented_running_cluster() {
    let server = MockServer::start_async().await;
    let mock = mock_describe(
        &server,
        json!({
            "code": 0,
            "data": {
                "projectId": "proj-xxxxxxxxxxxxxxxxxx",
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "clusterName": "Cluster-01",
                "regionId": "aws-us-west-2",
                "cuSize": 8,
                "status": "RUNNING",
                "endpoint": "https://proj-xxxxxxxxxxxxxxx.aws-us-west-2.api.zillizcloud.com",
                "privateLink": "",
                "createdBy": "john.doe@zilliz.com",
                "createTime": "2024-04-21T10:15:15Z",
                "autoSuspend": 60
            }
        }),
    );

    let cluster = describe(&server)
        .await
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(
        cluster.project_id.as_deref(),
        Some("proj-xxxxxxxxxxxxxxxxxx")
    );
    assert_eq!(cluster.cluster_id, CLUSTER);
    assert_eq!(cluster.cluster_name.as_deref(), Some("Cluster-01"));
    assert_eq!(cluster.region_id.as_deref(), Some(REGION));
    assert_eq!(cluster.cu_size, Some(8));
    assert_eq!(cluster.status, Some(types::OnDemandClusterStatus::Running));
    assert_eq!(cluster.endpoint.as_deref(), Some(ENDPOINT));
    assert_eq!(cluster.private_link.as_deref(), Some(""));
    assert_eq!(cluster.created_by.as_deref(), Some("john.doe@zilliz.com"));
    assert_eq!(cluster.create_time.as_deref(), Some("2024-04-21T10:15:15Z"));
    assert_eq!(cluster.auto_suspend, Some(60));
    assert_eq!(cluster.description, None);
}

#[tokio::test]
async fn describe_on_demand_cluster_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_describe(&server, common::error_envelope(21119, ILLEGAL));

    let err = describe(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

fn mock_delete(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.delete_on_demand_cluster(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(CLUSTER_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn delete(server: &MockServer) -> Result<types::OnDemandClusterActionData, ApiError> {
    common::client(server)
        .delete_on_demand_cluster()
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn delete_on_demand_cluster_decodes_id_and_prompt() {
    let server = MockServer::start_async().await;
    let mock = mock_delete(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters."
            }
        }),
    );

    let deleted = delete(&server)
        .await
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(deleted.cluster_id, CLUSTER);
    assert_eq!(deleted.prompt.as_deref(), Some(DELETE_PROMPT));
}

#[tokio::test]
async fn delete_on_demand_cluster_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_delete(&server, common::error_envelope(21119, ILLEGAL));

    let err = delete(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

/// updateOnDemandCluster with the spec's request example, built with the typed builder.
fn update_request() -> types::builder::UpdateOnDemandClusterRequest {
    let name: types::UpdateOnDemandClusterRequestClusterName = "New Cluster Name"
        .parse()
        .expect("a non-empty cluster name");
    types::UpdateOnDemandClusterRequest::builder()
        .cluster_name(name)
        .description("This is the new description of the cluster.".to_string())
}

fn mock_update(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.update_on_demand_cluster(|when, then| {
        when.into_inner()
            .method(Method::PATCH)
            .path(CLUSTER_PATH)
            .header("authorization", common::BEARER)
            .header("orgid", ORG)
            .json_body(json!({
                "clusterName": "New Cluster Name",
                "description": "This is the new description of the cluster."
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn update(server: &MockServer) -> Result<types::OnDemandClusterActionData, ApiError> {
    common::client(server)
        .update_on_demand_cluster()
        .cluster_id(CLUSTER)
        .org_id(ORG)
        .body(update_request())
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn update_on_demand_cluster_sends_org_header_and_example_and_decodes_prompt() {
    let server = MockServer::start_async().await;
    let mock = mock_update(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "prompt": "successfully submitted. Cluster is being upgraded, which is expected to take several minutes. You can access data about the creation progress and status of your cluster by DescribeCluster API. Once the cluster status is RUNNING, you may access your vector database using the SDK."
            }
        }),
    );

    let updated = update(&server)
        .await
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(updated.cluster_id, CLUSTER);
    assert_eq!(updated.prompt.as_deref(), Some(UPDATE_PROMPT));
}

#[tokio::test]
async fn update_on_demand_cluster_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_update(&server, common::error_envelope(21119, ILLEGAL));

    let err = update(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}
