//! The On-Demand Compute operations of Zilliz v2 (specs/zilliz-v2/paths/on-demand-compute.yaml)
//! against httpmock: enableOnDemandCompute and describeOnDemandCompute. Each sends the spec's
//! request example, decodes the spec's example answer field by field, and turns the operation's
//! documented error code, answered with HTTP 200, into a typed vendor error.

mod common;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const PROJECT: &str = "proj-xxx";
const REGION: &str = "aws-us-west-2";

/// The answer both operations document (`responses.200.example`).
fn enabled_answer() -> Value {
    json!({
        "code": 0,
        "data": {
            "projectId": "proj-xxx",
            "regionId": "aws-us-west-2",
            "status": "enabled"
        }
    })
}

fn enable_body() -> types::builder::EnableOnDemandComputeRequest {
    types::EnableOnDemandComputeRequest::builder()
        .project_id(PROJECT)
        .region_id(REGION)
}

// ---------------------------------------------------------------- enableOnDemandCompute

#[tokio::test]
async fn enable_on_demand_compute_sends_the_project_region_and_decodes_enabled() {
    let server = MockServer::start_async().await;
    let mock = server.enable_on_demand_compute(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/on-demand-compute/enable")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "projectId": "proj-xxx",
                "regionId": "aws-us-west-2"
            }));
        then.into_inner().status(200).json_body(enabled_answer());
    });

    let state = common::client(&server)
        .enable_on_demand_compute()
        .body(enable_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(state.project_id, PROJECT);
    assert_eq!(state.region_id, REGION);
    assert_eq!(state.status, Some(types::OnDemandComputeStatus::Enabled));
}

#[tokio::test]
async fn enable_on_demand_compute_unauthenticated_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.enable_on_demand_compute(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/on-demand-compute/enable")
            .header("authorization", common::BEARER)
            .json_body(json!({
                "projectId": "proj-xxx",
                "regionId": "aws-us-west-2"
            }));
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .enable_on_demand_compute()
        .body(enable_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, "User hasn't authenticated");
}

// ---------------------------------------------------------------- describeOnDemandCompute

#[tokio::test]
async fn describe_on_demand_compute_queries_the_project_region_and_decodes_enabled() {
    let server = MockServer::start_async().await;
    let mock = server.describe_on_demand_compute(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/on-demand-compute")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT)
            .query_param("regionId", REGION);
        then.into_inner().status(200).json_body(enabled_answer());
    });

    let state = common::client(&server)
        .describe_on_demand_compute()
        .project_id(PROJECT)
        .region_id(REGION)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(state.project_id, PROJECT);
    assert_eq!(state.region_id, REGION);
    assert_eq!(state.status, Some(types::OnDemandComputeStatus::Enabled));
}

#[tokio::test]
async fn describe_on_demand_compute_unauthenticated_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_on_demand_compute(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/on-demand-compute")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT)
            .query_param("regionId", REGION);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .describe_on_demand_compute()
        .project_id(PROJECT)
        .region_id(REGION)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}
