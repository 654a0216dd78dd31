//! The Global Clusters (V2) operations of `specs/zilliz-v2/paths/global-clusters.yaml`, against
//! httpmock: for each operation, the documented request (method, path, bearer key, query, body
//! from the spec's request example) answered with the spec's example answer, decoded field by
//! field; and the documented error code (400, the only one these pages give) answered with HTTP
//! 200, which must become a typed vendor error. Also `Client::list_global_clusters_all` across
//! three pages.

mod common;

use std::num::NonZeroU32;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, PAGE_SIZE, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const GLOBAL_CLUSTER_ID: &str = "glo-xxxxxxxxxxxxxxx";
const INVALID: &str = "Invalid request parameters.";
const DELETE_PROMPT: &str = "The cluster has been deleted. If you consider this action to be an error, you have the option to restore the deleted cluster from the recycle bin within a 30-day period. Kindly note, this recovery feature does not apply to free clusters.";

/// A member of a create or add-secondaries body, built with the typed builder.
fn member(cluster_name: &str, region_id: &str) -> types::GlobalClusterMemberSpec {
    types::GlobalClusterMemberSpec::builder()
        .cluster_name(cluster_name)
        .region_id(region_id)
        .try_into()
        .expect("a member with a name and a region is complete")
}

/// The spec's request example of createGlobalCluster.
fn create_request() -> types::builder::GlobalClusterCreateRequest {
    types::GlobalClusterCreateRequest::builder()
        .global_cluster_name("my-global-cluster")
        .project_id("proj-xxxxxxxxxxxxxxxxxxxxxx")
        .cu_type("Performance-optimized")
        .cu_size(NonZeroU32::new(4))
        .primary_cluster(member("primary-cluster", "aws-us-west-2"))
        .secondary_clusters(vec![member("secondary-cluster-eu", "aws-eu-west-1")])
}

fn create_request_json() -> Value {
    json!({
        "globalClusterName": "my-global-cluster",
        "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxx",
        "cuType": "Performance-optimized",
        "cuSize": 4,
        "primaryCluster": {"clusterName": "primary-cluster", "regionId": "aws-us-west-2"},
        "secondaryClusters": [{"clusterName": "secondary-cluster-eu", "regionId": "aws-eu-west-1"}]
    })
}

/// The spec's request example of convertClusterToGlobalCluster.
fn convert_request() -> types::builder::GlobalClusterConvertRequest {
    let secondary: types::GlobalClusterConvertMemberSpec =
        types::GlobalClusterConvertMemberSpec::builder()
            .cluster_name("secondary-cluster-us-east")
            .region_id("aws-us-east-1")
            .try_into()
            .expect("a member with a name and a region is complete");
    types::GlobalClusterConvertRequest::builder()
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .global_cluster_name("my-global-cluster")
        .secondary_clusters(vec![secondary])
}

fn convert_request_json() -> Value {
    json!({
        "clusterId": "in01-xxxxxxxxxxxxxxx",
        "globalClusterName": "my-global-cluster",
        "secondaryClusters": [{"clusterName": "secondary-cluster-us-east", "regionId": "aws-us-east-1"}]
    })
}

/// The spec's request example of addSecondaryClusters.
fn add_secondary_request() -> types::builder::GlobalClusterAddSecondaryRequest {
    types::GlobalClusterAddSecondaryRequest::builder()
        .secondary_clusters(vec![member("secondary-cluster-ap", "aws-ap-southeast-1")])
}

fn add_secondary_request_json() -> Value {
    json!({"secondaryClusters": [{"clusterName": "secondary-cluster-ap", "regionId": "aws-ap-southeast-1"}]})
}

/// The spec's request example of switchoverGlobalCluster and failoverGlobalCluster.
fn new_primary_request() -> types::builder::GlobalClusterNewPrimaryRequest {
    types::GlobalClusterNewPrimaryRequest::builder().new_primary_cluster_id("in01-secondary")
}

fn new_primary_request_json() -> Value {
    json!({"newPrimaryClusterId": "in01-secondary"})
}

/// The spec's request example of modifyGlobalClusterCu.
fn modify_cu_request() -> types::builder::GlobalClusterModifyCuRequest {
    types::GlobalClusterModifyCuRequest::builder().cu_size(Some(8))
}

fn primary_change_answer() -> Value {
    json!({
        "code": 0,
        "data": {
            "globalClusterId": "glo-xxxxxxxxxxxxxxx",
            "oldPrimaryClusterId": "in01-primary",
            "newPrimaryClusterId": "in01-secondary",
            "jobId": "job-xxxxxxxxxxxxxxx"
        }
    })
}

fn assert_primary_change(data: &types::GlobalClusterPrimaryChangeData) {
    assert_eq!(data.global_cluster_id, GLOBAL_CLUSTER_ID);
    assert_eq!(data.old_primary_cluster_id.as_deref(), Some("in01-primary"));
    assert_eq!(
        data.new_primary_cluster_id.as_deref(),
        Some("in01-secondary")
    );
    assert_eq!(data.job_id.as_deref(), Some("job-xxxxxxxxxxxxxxx"));
}

// listAvailableGlobalClusterRegions

#[tokio::test]
async fn list_available_global_cluster_regions_decodes_the_region_groups() {
    let server = MockServer::start_async().await;
    let mock = server.list_available_global_cluster_regions(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters/availableRegions")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "regionGroups": [
                    ["aws-us-west-2", "aws-us-east-1"],
                    ["aws-eu-central-1", "aws-eu-west-1"]
                ]
            }
        }));
    });

    let data = common::client(&server)
        .list_available_global_cluster_regions()
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(
        data.region_groups,
        vec![
            vec!["aws-us-west-2".to_string(), "aws-us-east-1".to_string()],
            vec!["aws-eu-central-1".to_string(), "aws-eu-west-1".to_string()],
        ]
    );
}

#[tokio::test]
async fn list_available_global_cluster_regions_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_available_global_cluster_regions(|when, then| {
        when.into_inner()
            .path("/v2/globalClusters/availableRegions")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .list_available_global_cluster_regions()
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, INVALID);
}

// listGlobalClusters

#[tokio::test]
async fn list_global_clusters_sends_the_page_and_decodes_the_summaries() {
    let server = MockServer::start_async().await;
    let mock = server.list_global_clusters(|when, then| {
        when.current_page(NonZeroU32::new(1))
            .page_size(NonZeroU32::new(10))
            .into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 2);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "globalClusters": [
                    {
                        "globalClusterId": "glo-xxxxxxxxxxxxxxx",
                        "globalClusterName": "my-global-cluster",
                        "projectId": "proj-xxxxxxxxxxxxxxx",
                        "regionIds": ["aws-us-west-2", "aws-eu-west-1"],
                        "cuType": "Performance-optimized",
                        "cuSize": 4,
                        "connectAddress": "https://glo-xxxxxxxx.global-cluster.vectordb.zillizcloud.com",
                        "createTime": "2026-06-01T12:00:00Z"
                    }
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_global_clusters()
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
    assert_eq!(page.global_clusters.len(), 1);
    let g = &page.global_clusters[0];
    assert_eq!(g.global_cluster_id, GLOBAL_CLUSTER_ID);
    assert_eq!(g.global_cluster_name.as_deref(), Some("my-global-cluster"));
    assert_eq!(g.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxx"));
    assert_eq!(g.region_ids, ["aws-us-west-2", "aws-eu-west-1"]);
    assert_eq!(g.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(g.cu_size, Some(4));
    assert_eq!(
        g.connect_address.as_deref(),
        Some("https://glo-xxxxxxxx.global-cluster.vectordb.zillizcloud.com")
    );
    assert_eq!(g.create_time.as_deref(), Some("2026-06-01T12:00:00Z"));
}

#[tokio::test]
async fn list_global_clusters_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.list_global_clusters(|when, then| {
        when.current_page(NonZeroU32::new(1))
            .page_size(NonZeroU32::new(10))
            .into_inner()
            .path("/v2/globalClusters")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .list_global_clusters()
        .current_page(1u32)
        .page_size(10u32)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

/// One page of `listGlobalClusters` for the pagination test: items `first..first + len` of 250.
fn global_cluster_page(page: u32, first: usize, len: usize) -> Value {
    let items: Vec<Value> = (first..first + len)
        .map(|i| {
            json!({
                "globalClusterId": format!("glo-{i:03}"),
                "globalClusterName": format!("global-{i:03}"),
                "projectId": "proj-xxxxxxxxxxxxxxx",
                "regionIds": ["aws-us-west-2", "aws-eu-west-1"],
                "cuType": "Performance-optimized",
                "cuSize": 4
            })
        })
        .collect();
    json!({
        "code": 0,
        "data": {"count": 250, "currentPage": page, "pageSize": 100, "globalClusters": items}
    })
}

#[tokio::test]
async fn list_global_clusters_all_collects_three_pages_of_250() {
    assert_eq!(PAGE_SIZE, 100);
    let server = MockServer::start_async().await;
    let pages: Vec<_> = [(1u32, 0usize, 100usize), (2, 100, 100), (3, 200, 50)]
        .into_iter()
        .map(|(page, first, len)| {
            server.list_global_clusters(|when, then| {
                when.current_page(NonZeroU32::new(page))
                    .page_size(NonZeroU32::new(100))
                    .into_inner()
                    .method(Method::GET)
                    .path("/v2/globalClusters")
                    .header("authorization", common::BEARER);
                then.into_inner()
                    .status(200)
                    .json_body(global_cluster_page(page, first, len));
            })
        })
        .collect();
    let beyond = server.list_global_clusters(|when, then| {
        when.current_page(NonZeroU32::new(4));
        then.into_inner()
            .status(200)
            .json_body(global_cluster_page(4, 250, 0));
    });

    let all = common::client(&server)
        .list_global_clusters_all()
        .await
        .expect("every page decodes");

    for page in &pages {
        page.assert_async().await;
    }
    beyond.assert_calls_async(0).await;
    assert_eq!(all.len(), 250);
    for (i, g) in all.iter().enumerate() {
        assert_eq!(g.global_cluster_id, format!("glo-{i:03}"));
        assert_eq!(
            g.global_cluster_name.as_deref(),
            Some(format!("global-{i:03}").as_str())
        );
    }
    assert_eq!(all[249].region_ids, ["aws-us-west-2", "aws-eu-west-1"]);
    assert_eq!(all[249].cu_size, Some(4));
}

// createGlobalCluster

#[tokio::test]
async fn create_global_cluster_sends_the_example_and_hides_the_password() {
    let server = MockServer::start_async().await;
    let mock = server.create_global_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/create")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(create_request_json());
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "globalClusterId": "glo-xxxxxxxxxxxxxxxx",
                "username": "db_admin",
                "password": "********",
                "jobId": "job-xxxxxxxxxxxxxxxx"
            }
        }));
    });

    let data = common::client(&server)
        .create_global_cluster()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.global_cluster_id, "glo-xxxxxxxxxxxxxxxx");
    assert_eq!(data.username.as_deref(), Some("db_admin"));
    assert_eq!(data.job_id.as_deref(), Some("job-xxxxxxxxxxxxxxxx"));
    let password = data.password.as_ref().expect("the answer has a password");
    assert_eq!(password.expose_secret(), "********");
    let shown = format!("{data:?}");
    assert!(
        !shown.contains("********"),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn create_global_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.create_global_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/create")
            .header("authorization", common::BEARER)
            .json_body(create_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .create_global_cluster()
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// convertClusterToGlobalCluster

#[tokio::test]
async fn convert_cluster_to_global_cluster_sends_the_example_and_decodes_the_job() {
    let server = MockServer::start_async().await;
    let mock = server.convert_cluster_to_global_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/convert")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(convert_request_json());
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"globalClusterId": "glo-xxxxxxxxxxxxxxx", "jobId": "job-xxxxxxxxxxxxxxx"}
        }));
    });

    let data = common::client(&server)
        .convert_cluster_to_global_cluster()
        .body(convert_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.global_cluster_id, GLOBAL_CLUSTER_ID);
    assert_eq!(data.job_id.as_deref(), Some("job-xxxxxxxxxxxxxxx"));
}

#[tokio::test]
async fn convert_cluster_to_global_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.convert_cluster_to_global_cluster(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/convert")
            .header("authorization", common::BEARER)
            .json_body(convert_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .convert_cluster_to_global_cluster()
        .body(convert_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// describeGlobalCluster

#[tokio::test]
async fn describe_global_cluster_decodes_the_members_roles_and_statuses() {
    let server = MockServer::start_async().await;
    let mock = server.describe_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "globalClusterId": "glo-xxxxxxxxxxxxxxx",
                "globalClusterName": "my-global-cluster",
                "projectId": "proj-xxxxxxxxxxxxxxx",
                "regionIds": ["aws-us-west-2", "aws-eu-west-1"],
                "cuType": "Performance-optimized",
                "cuSize": 4,
                "connectAddress": "https://glo-xxxxxxxx.global-cluster.vectordb.zillizcloud.com",
                "createTime": "2026-06-04T10:00:00Z",
                "clusters": [
                    {
                        "clusterId": "in01-primary",
                        "clusterName": "primary-cluster",
                        "regionId": "aws-us-west-2",
                        "role": "PRIMARY",
                        "status": "RUNNING"
                    },
                    {
                        "clusterId": "in01-secondary",
                        "clusterName": "secondary-cluster-eu",
                        "regionId": "aws-eu-west-1",
                        "role": "SECONDARY",
                        "status": "RUNNING"
                    }
                ]
            }
        }));
    });

    let g = common::client(&server)
        .describe_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(g.global_cluster_id, GLOBAL_CLUSTER_ID);
    assert_eq!(g.global_cluster_name.as_deref(), Some("my-global-cluster"));
    assert_eq!(g.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxx"));
    assert_eq!(g.region_ids, ["aws-us-west-2", "aws-eu-west-1"]);
    assert_eq!(g.cu_type.as_deref(), Some("Performance-optimized"));
    assert_eq!(g.cu_size, Some(4));
    assert_eq!(
        g.connect_address.as_deref(),
        Some("https://glo-xxxxxxxx.global-cluster.vectordb.zillizcloud.com")
    );
    assert_eq!(g.create_time.as_deref(), Some("2026-06-04T10:00:00Z"));
    assert!(g.autoscaling.is_none());
    assert_eq!(g.clusters.len(), 2);
    let primary = &g.clusters[0];
    assert_eq!(primary.cluster_id, "in01-primary");
    assert_eq!(primary.cluster_name.as_deref(), Some("primary-cluster"));
    assert_eq!(primary.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(primary.role, Some(types::ClusterGlobalRole::Primary));
    assert_eq!(
        primary.status,
        Some(types::GlobalClusterMemberStatus::Running)
    );
    assert_eq!(primary.replica, None);
    let secondary = &g.clusters[1];
    assert_eq!(secondary.cluster_id, "in01-secondary");
    assert_eq!(
        secondary.cluster_name.as_deref(),
        Some("secondary-cluster-eu")
    );
    assert_eq!(secondary.region_id.as_deref(), Some("aws-eu-west-1"));
    assert_eq!(secondary.role, Some(types::ClusterGlobalRole::Secondary));
    assert_eq!(
        secondary.status,
        Some(types::GlobalClusterMemberStatus::Running)
    );
}

#[tokio::test]
async fn describe_global_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.describe_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .describe_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// getGlobalClusterReplicationLag

#[tokio::test]
async fn get_global_cluster_replication_lag_decodes_the_lag_per_secondary() {
    let server = MockServer::start_async().await;
    let mock = server.get_global_cluster_replication_lag(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/replicationLag")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "globalClusterId": "glo-xxxxxxxxxxxxxxx",
                "primaryClusterId": "in01-primary",
                "primaryRegionId": "aws-us-west-2",
                "lags": [
                    {
                        "secondaryClusterId": "in01-secondary-eu",
                        "secondaryRegionId": "aws-eu-west-1",
                        "lagMs": 120
                    }
                ]
            }
        }));
    });

    let lag = common::client(&server)
        .get_global_cluster_replication_lag()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(lag.global_cluster_id, GLOBAL_CLUSTER_ID);
    assert_eq!(lag.primary_cluster_id.as_deref(), Some("in01-primary"));
    assert_eq!(lag.primary_region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(lag.lags.len(), 1);
    assert_eq!(lag.lags[0].secondary_cluster_id, "in01-secondary-eu");
    assert_eq!(
        lag.lags[0].secondary_region_id.as_deref(),
        Some("aws-eu-west-1")
    );
    assert_eq!(lag.lags[0].lag_ms, Some(120));
}

#[tokio::test]
async fn get_global_cluster_replication_lag_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.get_global_cluster_replication_lag(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::GET)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/replicationLag")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .get_global_cluster_replication_lag()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// addSecondaryClusters

#[tokio::test]
async fn add_secondary_clusters_sends_the_example_and_decodes_the_job() {
    let server = MockServer::start_async().await;
    let mock = server.add_secondary_clusters(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/secondaryClusters")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(add_secondary_request_json());
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"jobId": "job-xxxxxxxxxxxxxxx"}}));
    });

    let data = common::client(&server)
        .add_secondary_clusters()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(add_secondary_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.job_id, "job-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn add_secondary_clusters_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.add_secondary_clusters(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/secondaryClusters")
            .header("authorization", common::BEARER)
            .json_body(add_secondary_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .add_secondary_clusters()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(add_secondary_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// deleteGlobalMemberCluster

#[tokio::test]
async fn delete_global_member_cluster_decodes_the_deleted_member_and_prompt() {
    let server = MockServer::start_async().await;
    let mock = server.delete_global_member_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .cluster_id("in01-xxxxxxxxxxxxxxx")
            .into_inner()
            .method(Method::DELETE)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/clusters/in01-xxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "globalClusterId": "glo-xxxxxxxxxxxxxxx",
                "clusterId": "in01-xxxxxxxxxxxxxxx",
                "prompt": DELETE_PROMPT
            }
        }));
    });

    let data = common::client(&server)
        .delete_global_member_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.global_cluster_id.as_deref(), Some(GLOBAL_CLUSTER_ID));
    assert_eq!(data.cluster_id, "in01-xxxxxxxxxxxxxxx");
    assert_eq!(data.prompt.as_deref(), Some(DELETE_PROMPT));
}

#[tokio::test]
async fn delete_global_member_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.delete_global_member_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .cluster_id("in01-xxxxxxxxxxxxxxx")
            .into_inner()
            .method(Method::DELETE)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/clusters/in01-xxxxxxxxxxxxxxx")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .delete_global_member_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .cluster_id("in01-xxxxxxxxxxxxxxx")
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// switchoverGlobalCluster

#[tokio::test]
async fn switchover_global_cluster_sends_the_new_primary_and_decodes_the_change() {
    let server = MockServer::start_async().await;
    let mock = server.switchover_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/switchover")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(new_primary_request_json());
        then.into_inner()
            .status(200)
            .json_body(primary_change_answer());
    });

    let data = common::client(&server)
        .switchover_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(new_primary_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_primary_change(&data);
}

#[tokio::test]
async fn switchover_global_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.switchover_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/switchover")
            .header("authorization", common::BEARER)
            .json_body(new_primary_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .switchover_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(new_primary_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// failoverGlobalCluster

#[tokio::test]
async fn failover_global_cluster_sends_the_new_primary_and_decodes_the_change() {
    let server = MockServer::start_async().await;
    let mock = server.failover_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/failover")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(new_primary_request_json());
        then.into_inner()
            .status(200)
            .json_body(primary_change_answer());
    });

    let data = common::client(&server)
        .failover_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(new_primary_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_primary_change(&data);
}

#[tokio::test]
async fn failover_global_cluster_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.failover_global_cluster(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/failover")
            .header("authorization", common::BEARER)
            .json_body(new_primary_request_json());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .failover_global_cluster()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(new_primary_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// modifyGlobalClusterCu

#[tokio::test]
async fn modify_global_cluster_cu_sends_the_cu_size_and_decodes_the_job() {
    let server = MockServer::start_async().await;
    let mock = server.modify_global_cluster_cu(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/modifyCU")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({"cuSize": 8}));
        then.into_inner()
            .status(200)
            .json_body(json!({"code": 0, "data": {"jobId": "job-xxxxxxxxxxxxxxx"}}));
    });

    let data = common::client(&server)
        .modify_global_cluster_cu()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(modify_cu_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.job_id, "job-xxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn modify_global_cluster_cu_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.modify_global_cluster_cu(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/modifyCU")
            .header("authorization", common::BEARER)
            .json_body(json!({"cuSize": 8}));
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .modify_global_cluster_cu()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .body(modify_cu_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

// removeGlobalEndpoint

#[tokio::test]
async fn remove_global_endpoint_decodes_the_old_global_cluster_id() {
    let server = MockServer::start_async().await;
    let mock = server.remove_global_endpoint(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/removeGlobalEndpoint")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"oldGlobalClusterId": "glo-xxxxxxxxxxxxxxx"}
        }));
    });

    let data = common::client(&server)
        .remove_global_endpoint()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.old_global_cluster_id, GLOBAL_CLUSTER_ID);
}

#[tokio::test]
async fn remove_global_endpoint_400_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let mock = server.remove_global_endpoint(|when, then| {
        when.global_cluster_id(GLOBAL_CLUSTER_ID)
            .into_inner()
            .method(Method::POST)
            .path("/v2/globalClusters/glo-xxxxxxxxxxxxxxx/removeGlobalEndpoint")
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(400, INVALID));
    });

    let err = common::client(&server)
        .remove_global_endpoint()
        .global_cluster_id(GLOBAL_CLUSTER_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}
