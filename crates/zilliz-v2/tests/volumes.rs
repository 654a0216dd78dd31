//! The Volumes group of Zilliz v2 (`specs/zilliz-v2/paths/volumes.yaml`) against httpmock:
//! for each of its five operations, the request the client sends (method, exact path,
//! bearer key, query, body from the spec's request example), the spec's example answer
//! decoded field by field, and the one documented error code (21119) mapped to its kind.
//! Also `list_volumes_all` across three pages.

mod common;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ApiError, ErrorKind, IntoData, types};
use httpmock::{Method, Mock, MockServer};
use serde_json::{Value, json};

/// The project ID the listVolumes example uses.
const PROJECT: &str = "proj-xxxxxxxxxxxxxxxxx";
/// The volume name the path examples use.
const VOLUME: &str = "my_volume";
const ILLEGAL_KEY: &str = "The apikey is illegal";

/// Checks the vendor error is 21119, an invalid API key, answered with HTTP 200.
fn assert_illegal_key(err: ApiError) {
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---------------------------------------------------------------- createVolume

fn mock_create_volume(server: &MockServer, answer: Value) -> Mock<'_> {
    server.create_volume(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v2/volumes/create")
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            // The spec's example, plus `type`: the field has a default (MANAGED) and the
            // generated request type always sends it.
            .json_body(json!({
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxxx",
                "regionId": "aws-us-west-2",
                "volumeName": "my_volume",
                "type": "MANAGED"
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_create_volume(server: &MockServer) -> Result<types::VolumeNameData, ApiError> {
    common::client(server)
        .create_volume()
        .body(
            types::CreateVolumeRequest::builder()
                .project_id("proj-xxxxxxxxxxxxxxxxxxxxxxx")
                .region_id("aws-us-west-2")
                .volume_name("my_volume"),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn create_volume_sends_the_example_body_and_decodes_the_name() {
    let server = MockServer::start_async().await;
    let mock = mock_create_volume(
        &server,
        json!({
            "code": 0,
            "data": {
                "volumeName": "my_volume"
            }
        }),
    );

    let data = call_create_volume(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.volume_name, "my_volume");
}

#[tokio::test]
async fn create_volume_with_an_illegal_key_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_create_volume(&server, common::error_envelope(21119, ILLEGAL_KEY));

    let err = call_create_volume(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    assert_illegal_key(err);
}

// ----------------------------------------------------------------- listVolumes

fn mock_list_volumes(server: &MockServer, answer: Value) -> Mock<'_> {
    server.list_volumes(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/volumes")
            .header("authorization", common::BEARER)
            .query_param("projectId", PROJECT)
            .query_param("type", "MANAGED")
            .query_param("pageSize", "10")
            .query_param("currentPage", "1")
            .query_param_count(".*", ".*", 4);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_list_volumes(server: &MockServer) -> Result<types::VolumePage, ApiError> {
    common::client(server)
        .list_volumes()
        .project_id(PROJECT)
        .type_(types::ListVolumesType::Managed)
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn list_volumes_sends_every_filter_and_decodes_the_example_page() {
    let server = MockServer::start_async().await;
    let mock = mock_list_volumes(
        &server,
        json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "volumes": [
                    {"volumeName": "my_volume"}
                ]
            }
        }),
    );

    let page = call_list_volumes(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.volumes.len(), 1);
    let v = &page.volumes[0];
    assert_eq!(v.volume_name, "my_volume");
    assert_eq!(v.type_, None);
    assert_eq!(v.region_id, None);
    assert_eq!(v.status, None);
    assert_eq!(v.create_time, None);
}

#[tokio::test]
async fn list_volumes_with_an_illegal_key_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_list_volumes(&server, common::error_envelope(21119, ILLEGAL_KEY));

    let err = call_list_volumes(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    assert_illegal_key(err);
}

/// One page of `list_volumes_all`: `len` volumes numbered from `first`, out of 250.
fn volume_page(page: u32, first: usize, len: usize) -> Value {
    let volumes: Vec<Value> = (first..first + len)
        .map(|i| json!({"volumeName": format!("volume_{i:03}"), "type": "MANAGED"}))
        .collect();
    json!({
        "code": 0,
        "data": {"count": 250, "currentPage": page, "pageSize": 100, "volumes": volumes}
    })
}

#[tokio::test]
async fn list_volumes_all_collects_three_pages_of_one_hundred() {
    let server = MockServer::start_async().await;
    let pages: Vec<Mock<'_>> = [(1u32, 0usize, 100usize), (2, 100, 100), (3, 200, 50)]
        .into_iter()
        .map(|(page, first, len)| {
            server.list_volumes(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path("/v2/volumes")
                    .header("authorization", common::BEARER)
                    .query_param("projectId", PROJECT)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100")
                    .query_param_count(".*", ".*", 3);
                then.into_inner()
                    .status(200)
                    .json_body(volume_page(page, first, len));
            })
        })
        .collect();

    let all = common::client(&server)
        .list_volumes_all(PROJECT)
        .await
        .expect("every page decodes");

    for mock in &pages {
        mock.assert_async().await;
    }
    assert_eq!(all.len(), 250);
    for (i, volume) in all.iter().enumerate() {
        assert_eq!(volume.volume_name, format!("volume_{i:03}"));
        assert_eq!(volume.type_, Some(types::VolumeType::Managed));
    }
}

// -------------------------------------------------------------- describeVolume

fn mock_describe_volume(server: &MockServer, answer: Value) -> Mock<'_> {
    server.describe_volume(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v2/volumes/{VOLUME}"))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_describe_volume(server: &MockServer) -> Result<types::Volume, ApiError> {
    common::client(server)
        .describe_volume()
        .volume_name(VOLUME)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn describe_volume_decodes_the_example_volume() {
    let server = MockServer::start_async().await;
    let mock = mock_describe_volume(
        &server,
        json!({
            "code": 0,
            "data": {
                "volumeName": "managed_volume",
                "type": "MANAGED",
                "regionId": "aws-us-west-2",
                "status": "RUNNING",
                "createTime": "2026-05-06T02:24:26Z"
            }
        }),
    );

    let v = call_describe_volume(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(v.volume_name, "managed_volume");
    assert_eq!(v.type_, Some(types::VolumeType::Managed));
    assert_eq!(v.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(v.status, Some(types::VolumeStatus::Running));
    assert_eq!(v.create_time.as_deref(), Some("2026-05-06T02:24:26Z"));
    assert_eq!(v.storage_integration_id, None);
    assert_eq!(v.path, None);
}

#[tokio::test]
async fn describe_volume_with_an_illegal_key_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_describe_volume(&server, common::error_envelope(21119, ILLEGAL_KEY));

    let err = call_describe_volume(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    assert_illegal_key(err);
}

// ---------------------------------------------------------------- updateVolume

fn mock_update_volume(server: &MockServer, answer: Value) -> Mock<'_> {
    server.update_volume(|when, then| {
        when.into_inner()
            .method(Method::PATCH)
            .path(format!("/v2/volumes/{VOLUME}"))
            .header("authorization", common::BEARER)
            .header("orgid", "org-xxxxxxxxxxxxxxxxxxx")
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "description": "This is the new description of the volume."
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_update_volume(server: &MockServer) -> Result<types::Volume, ApiError> {
    common::client(server)
        .update_volume()
        .volume_name(VOLUME)
        .org_id("org-xxxxxxxxxxxxxxxxxxx")
        .body(
            types::UpdateVolumeRequest::builder()
                .description("This is the new description of the volume."),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn update_volume_sends_the_description_and_org_header_and_decodes_the_volume() {
    let server = MockServer::start_async().await;
    let mock = mock_update_volume(
        &server,
        json!({
            "code": 0,
            "data": {
                "volumeName": "my_volume",
                "type": "MANAGED",
                "regionId": "ali-cn-hangzhou",
                "status": "RUNNING",
                "createTime": "2026-05-06T03:50:35Z"
            }
        }),
    );

    let v = call_update_volume(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(v.volume_name, "my_volume");
    assert_eq!(v.type_, Some(types::VolumeType::Managed));
    assert_eq!(v.region_id.as_deref(), Some("ali-cn-hangzhou"));
    assert_eq!(v.status, Some(types::VolumeStatus::Running));
    assert_eq!(v.create_time.as_deref(), Some("2026-05-06T03:50:35Z"));
}

#[tokio::test]
async fn update_volume_with_an_illegal_key_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_update_volume(&server, common::error_envelope(21119, ILLEGAL_KEY));

    let err = call_update_volume(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    assert_illegal_key(err);
}

// ---------------------------------------------------------------- deleteVolume

fn mock_delete_volume(server: &MockServer, answer: Value) -> Mock<'_> {
    server.delete_volume(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(format!("/v2/volumes/{VOLUME}"))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_delete_volume(server: &MockServer) -> Result<types::VolumeNameData, ApiError> {
    common::client(server)
        .delete_volume()
        .volume_name(VOLUME)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn delete_volume_decodes_the_deleted_name() {
    let server = MockServer::start_async().await;
    let mock = mock_delete_volume(
        &server,
        json!({
            "code": 0,
            "data": {
                "volumeName": "my_volume"
            }
        }),
    );

    let data = call_delete_volume(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.volume_name, "my_volume");
}

#[tokio::test]
async fn delete_volume_with_an_illegal_key_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = mock_delete_volume(&server, common::error_envelope(21119, ILLEGAL_KEY));

    let err = call_delete_volume(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    assert_illegal_key(err);
}
