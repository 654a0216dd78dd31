//! Zilliz v2 private endpoints (`specs/zilliz-v2/paths/private-endpoints.yaml`):
//! list the endpoint services, list, create and delete a project's private
//! endpoints, and add a whitelist entry, each against httpmock with the spec's
//! request example and documented answer, plus an error envelope answered with
//! HTTP 200; and `list_private_endpoints_all` over three pages.
//!
//! The pages list no error codes for this group, so the error tests use 21119,
//! the code the document records for an invalid API key on every v2 operation.

mod common;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxxx";
const REGION: &str = "aws-us-west-2";
const ENDPOINT: &str = "vpce-xxxxxxxxxxxxxxxxx";
const SERVICE: &str = "com.amazonaws.vpce.us-west-2.vpce-svc-xxxxxxxxxxxxxxxxx";
const SERVICES_PATH: &str = "/v2/privateEndpointServices";
const ENDPOINTS_PATH: &str = "/v2/projects/proj-xxxxxxxxxxxxxxxxxxx/privateEndpoints";
const ENDPOINT_PATH: &str =
    "/v2/projects/proj-xxxxxxxxxxxxxxxxxxx/privateEndpoints/vpce-xxxxxxxxxxxxxxxxx";
const WHITELIST_PATH: &str = "/v2/projects/proj-xxxxxxxxxxxxxxxxxxx/privateEndpointWhitelist";
const ILLEGAL: &str = "The apikey is illegal";

fn mock_list_services(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.list_private_endpoint_services(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(SERVICES_PATH)
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT)
            .query_param("regionId", REGION)
            .query_param("pageSize", "10")
            .query_param("currentPage", "1");
        then.into_inner().status(200).json_body(answer);
    })
}

async fn list_services(
    server: &MockServer,
) -> Result<types::PrivateEndpointServicePage, cloud_clusters_zilliz_v2::ApiError> {
    common::client(server)
        .list_private_endpoint_services()
        .project_id(PROJECT)
        .region_id(REGION)
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn list_private_endpoint_services_sends_the_filters_and_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = mock_list_services(
        &server,
        json!({
            "code": 0,
            "data": {
                "endpointServices": [
                    {
                        "regionId": "aws-us-west-2",
                        "cloudId": "aws",
                        "endpointService": "com.amazonaws.vpce.us-west-2.vpce-svc-xxxxxxxxxxxxxxxxx",
                        "whitelistRequired": false
                    }
                ],
                "currentPage": 1,
                "pageSize": 10,
                "count": 1
            }
        }),
    );

    let page = list_services(&server)
        .await
        .expect("the documented page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, Some(1));
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.endpoint_services.len(), 1);
    let service = &page.endpoint_services[0];
    assert_eq!(service.region_id.as_deref(), Some(REGION));
    assert_eq!(service.cloud_id.as_deref(), Some("aws"));
    assert_eq!(service.endpoint_service.as_deref(), Some(SERVICE));
    assert_eq!(service.whitelist_required, Some(false));
}

#[tokio::test]
async fn list_private_endpoint_services_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_list_services(&server, common::error_envelope(21119, ILLEGAL));

    let err = list_services(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL);
}

fn mock_list_endpoints(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.list_private_endpoints(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(ENDPOINTS_PATH)
            .header("authorization", common::BEARER)
            .query_param("pageSize", "10")
            .query_param("currentPage", "1");
        then.into_inner().status(200).json_body(answer);
    })
}

async fn list_endpoints(
    server: &MockServer,
) -> Result<types::PrivateEndpointPage, cloud_clusters_zilliz_v2::ApiError> {
    common::client(server)
        .list_private_endpoints()
        .project_id(PROJECT)
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn list_private_endpoints_sends_the_page_query_and_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = mock_list_endpoints(
        &server,
        json!({
            "code": 0,
            "data": {
                "endpoints": [
                    {
                        "regionId": "aws-us-west-2",
                        "cloudId": "aws",
                        "endpointService": "com.amazonaws.vpce.us-west-2.vpce-svc-xxxxxxxxxxxxxxxxx",
                        "endpointId": "vpce-xxxxxxxxxxxxxxxxx",
                        "gcpProjectId": null
                    }
                ],
                "currentPage": 1,
                "pageSize": 10,
                "count": 1
            }
        }),
    );

    let page = list_endpoints(&server)
        .await
        .expect("the documented page decodes");

    mock.assert_async().await;
    assert_eq!(page.count, Some(1));
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.endpoints.len(), 1);
    let endpoint = &page.endpoints[0];
    assert_eq!(endpoint.endpoint_id, ENDPOINT);
    assert_eq!(endpoint.region_id.as_deref(), Some(REGION));
    assert_eq!(endpoint.cloud_id.as_deref(), Some("aws"));
    assert_eq!(endpoint.endpoint_service.as_deref(), Some(SERVICE));
    assert_eq!(endpoint.gcp_project_id, None);
    assert_eq!(endpoint.endpoint_status, None);
    assert_eq!(endpoint.endpoint_service_status, None);
}

#[tokio::test]
async fn list_private_endpoints_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_list_endpoints(&server, common::error_envelope(21119, ILLEGAL));

    let err = list_endpoints(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

/// One endpoint of the three-page list: `vpce-000` to `vpce-249`.
fn numbered_endpoint(n: usize) -> Value {
    json!({"endpointId": format!("vpce-{n:03}"), "regionId": REGION, "cloudId": "aws"})
}

#[tokio::test]
async fn list_private_endpoints_all_collects_three_pages_of_100_up_to_count_250() {
    let server = MockServer::start_async().await;
    let pages: Vec<_> = [(1, 0..100), (2, 100..200), (3, 200..250)]
        .into_iter()
        .map(|(page, range)| {
            let endpoints: Vec<Value> = range.map(numbered_endpoint).collect();
            server.list_private_endpoints(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path(ENDPOINTS_PATH)
                    .header("authorization", common::BEARER)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100");
                then.into_inner().status(200).json_body(json!({
                    "code": 0,
                    "data": {"count": 250, "currentPage": page, "pageSize": 100, "endpoints": endpoints}
                }));
            })
        })
        .collect();

    let endpoints = common::client(&server)
        .list_private_endpoints_all(PROJECT)
        .await
        .expect("every page decodes");

    for mock in &pages {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(endpoints.len(), 250);
    for (n, endpoint) in endpoints.iter().enumerate() {
        assert_eq!(endpoint.endpoint_id, format!("vpce-{n:03}"));
        assert_eq!(endpoint.region_id.as_deref(), Some(REGION));
    }
}

/// createPrivateEndpoint with the spec's request example, built with the typed builder.
fn create_request() -> types::builder::CreatePrivateEndpointRequest {
    types::CreatePrivateEndpointRequest::builder()
        .region_id(REGION)
        .endpoint_id(ENDPOINT)
}

fn mock_create(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.create_private_endpoint(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(ENDPOINTS_PATH)
            .header("authorization", common::BEARER)
            .json_body(json!({
                "regionId": "aws-us-west-2",
                "endpointId": "vpce-xxxxxxxxxxxxxxxxx"
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

#[tokio::test]
async fn create_private_endpoint_sends_the_example_and_decodes_the_ids() {
    let server = MockServer::start_async().await;
    let mock = mock_create(
        &server,
        json!({
            "code": 0,
            "data": {
                "endpointId": "vpce-xxxxxxxxxxxxxxxxx",
                "regionId": "aws-us-west-2"
            }
        }),
    );

    let created = common::client(&server)
        .create_private_endpoint()
        .project_id(PROJECT)
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(created.endpoint_id, ENDPOINT);
    assert_eq!(created.region_id.as_deref(), Some(REGION));
}

#[tokio::test]
async fn create_private_endpoint_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_create(&server, common::error_envelope(21119, ILLEGAL));

    let err = common::client(&server)
        .create_private_endpoint()
        .project_id(PROJECT)
        .body(create_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

fn mock_delete(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.delete_private_endpoint(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(ENDPOINT_PATH)
            .header("authorization", common::BEARER)
            .query_param("regionId", REGION)
            .query_param_missing("gcpProjectId");
        then.into_inner().status(200).json_body(answer);
    })
}

async fn delete_endpoint(
    server: &MockServer,
) -> Result<types::DeletePrivateEndpointData, cloud_clusters_zilliz_v2::ApiError> {
    common::client(server)
        .delete_private_endpoint()
        .project_id(PROJECT)
        .endpoint_id(ENDPOINT)
        .region_id(REGION)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn delete_private_endpoint_sends_the_region_and_decodes_the_id() {
    let server = MockServer::start_async().await;
    let mock = mock_delete(
        &server,
        json!({
            "code": 0,
            "data": {
                "endpointId": "vpce-xxxxxxxxxxxxxxxxx"
            }
        }),
    );

    let deleted = delete_endpoint(&server)
        .await
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(deleted.endpoint_id, ENDPOINT);
}

#[tokio::test]
async fn delete_private_endpoint_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_delete(&server, common::error_envelope(21119, ILLEGAL));

    let err = delete_endpoint(&server)
        .await
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

/// addPrivateEndpointWhitelistEntry with the spec's request example, built with the typed builder.
fn whitelist_request() -> types::builder::AddPrivateEndpointWhitelistEntryRequest {
    types::AddPrivateEndpointWhitelistEntryRequest::builder()
        .region_id(REGION)
        .outer_user_id("123456789012")
}

fn mock_whitelist(server: &MockServer, answer: Value) -> httpmock::Mock<'_> {
    server.add_private_endpoint_whitelist_entry(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(WHITELIST_PATH)
            .header("authorization", common::BEARER)
            .json_body(json!({
                "regionId": "aws-us-west-2",
                "outerUserId": "123456789012"
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

#[tokio::test]
async fn add_private_endpoint_whitelist_entry_sends_the_example_and_decodes_success_text() {
    let server = MockServer::start_async().await;
    let mock = mock_whitelist(&server, json!({"code": 0, "data": "success"}));

    let data: String = common::client(&server)
        .add_private_endpoint_whitelist_entry()
        .project_id(PROJECT)
        .body(whitelist_request())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data, "success");
}

#[tokio::test]
async fn add_private_endpoint_whitelist_entry_error_envelope_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_whitelist(&server, common::error_envelope(21119, ILLEGAL));

    let err = common::client(&server)
        .add_private_endpoint_whitelist_entry()
        .project_id(PROJECT)
        .body(whitelist_request())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}
