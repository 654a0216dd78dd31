//! The seed page of Together `POST /api/v1/gpu_cluster` (seeds/003): its request (the document's curl body plus the required billing_type), its 200 response, and num_gpus passed through unchecked, against httpmock.

use std::time::Duration;

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_together_tcloud::mock::MockServerExt;
use cloud_clusters_together_tcloud::{ApiError, Client, ClientOptions, Error, types};
use httpmock::MockServer;
use serde_json::json;
use types::{
    GpuClusterCreateRequestBillingType as Billing,
    GpuClusterCreateRequestClusterType as ClusterType,
    GpuClusterCreateRequestDriverVersion as Driver, GpuClusterCreateRequestGpuType as Gpu,
    GpuClusterCreateResponseStatus as Status,
};

const KEY: &str = "test-key";
const PATH: &str = "/api/v1/gpu_cluster";

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

/// The curl sample's body (region us-west-2, H100_SXM, 8 GPUs, my-gpu-cluster, 7 days,
/// CUDA_12_6_560) plus `billing_type`, which the schema requires and the sample leaves out.
fn seed_request(num_gpus: i32) -> types::builder::GpuClusterCreateRequest {
    types::GpuClusterCreateRequest::builder()
        .region("us-west-2")
        .gpu_type(Gpu::H100Sxm)
        .num_gpus(num_gpus)
        .cluster_name("my-gpu-cluster")
        .duration_days(7u32)
        .driver_version(Driver::Cuda126560)
        .billing_type(Billing::OnDemand)
}

fn seed_json(num_gpus: i32) -> serde_json::Value {
    json!({
        "region": "us-west-2",
        "gpu_type": "H100_SXM",
        "num_gpus": num_gpus,
        "cluster_name": "my-gpu-cluster",
        "duration_days": 7,
        "driver_version": "CUDA_12_6_560",
        "billing_type": "ON_DEMAND"
    })
}

#[tokio::test]
async fn seed_request_reaches_the_server_exactly_as_documented() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path(PATH)
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .json_body(seed_json(8));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "gpu-cluster-1", "status": "PENDING"}));
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(seed_request(8))
        .send()
        .await
        .expect("the seed request matches the mock")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.cluster_id.as_deref(), Some("gpu-cluster-1"));
}

#[tokio::test]
async fn optional_fields_are_sent_only_when_set() {
    let server = MockServer::start_async().await;
    let mut expected = seed_json(16);
    let object = expected
        .as_object_mut()
        .expect("the seed body is an object");
    object.insert("cluster_type".into(), json!("KUBERNETES"));
    object.insert(
        "shared_volume".into(),
        json!({"volume_name": "my-shared-volume", "size_tib": 2, "region": "us-west-2"}),
    );
    object.insert("volume_id".into(), json!("vol-123"));
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path(PATH).json_body(expected);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({}));
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(
            seed_request(16)
                .cluster_type(ClusterType::Kubernetes)
                .shared_volume(types::SharedVolumeCreateRequest {
                    volume_name: Some("my-shared-volume".to_string()),
                    size_tib: Some(2),
                    region: Some("us-west-2".to_string()),
                })
                .volume_id("vol-123".to_string()),
        )
        .send()
        .await
        .expect("the full request matches the mock")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created, types::GpuClusterCreateResponse::default());
}

#[tokio::test]
async fn request_without_the_required_billing_type_is_refused_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|_, then| {
        then.into_inner().status(200);
    });

    let err = client(&server)
        .gpu_cluster_service_create()
        .body(
            types::GpuClusterCreateRequest::builder()
                .region("us-west-2")
                .gpu_type(Gpu::H100Sxm)
                .num_gpus(8)
                .cluster_name("my-gpu-cluster")
                .duration_days(7u32)
                .driver_version(Driver::Cuda126560),
        )
        .send()
        .await
        .expect_err("billing_type is required");

    match &err {
        Error::InvalidRequest(message) => assert!(message.contains("billing_type"), "{message}"),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn seed_200_response_decodes_cluster_id_and_status() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "gpu-cluster-1", "status": "QUEUED"}));
    });

    let response = client(&server)
        .gpu_cluster_service_create()
        .body(seed_request(8))
        .send()
        .await
        .expect("a 200 is a success");

    mock.assert_async().await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.into_inner(),
        types::GpuClusterCreateResponse {
            cluster_id: Some("gpu-cluster-1".to_string()),
            status: Some(Status::Queued),
        }
    );
}

#[tokio::test]
async fn every_documented_create_status_decodes_to_its_variant() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let table = [
        ("UNKNOWN_STATUS", Status::UnknownStatus),
        ("PENDING", Status::Pending),
        ("QUEUED", Status::Queued),
        ("WAITING_CONTROL_PLANE", Status::WaitingControlPlane),
        ("WAITING_DATA_PLANE", Status::WaitingDataPlane),
        ("READY", Status::Ready),
        ("FAILED", Status::Failed),
    ];
    for (wire, expected) in table {
        let mock = server.gpu_cluster_service_create(|when, then| {
            when.into_inner().path(PATH);
            then.into_inner()
                .status(200)
                .header("content-type", "application/json")
                .json_body(json!({"cluster_id": "c", "status": wire}));
        });
        let created = client
            .gpu_cluster_service_create()
            .body(seed_request(8))
            .send()
            .await
            .expect("a documented status decodes")
            .into_inner();
        mock.assert_async().await;
        mock.delete_async().await;
        assert_eq!(created.status, Some(expected), "{wire}");
    }
}

#[tokio::test]
async fn seed_200_with_an_undocumented_status_keeps_it_as_unknown() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c", "status": "PROVISIONING"}));
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(seed_request(8))
        .send()
        .await
        .expect("an undocumented status still decodes")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        created.status,
        Some(Status::Unknown("PROVISIONING".to_string()))
    );
}

#[tokio::test]
async fn num_gpus_not_a_multiple_of_8_is_sent_as_given() {
    // The document says "must be multiple of 8" in prose only; the client must not invent a
    // check the schema does not make: the server decides.
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path(PATH).json_body(seed_json(12));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c", "status": "PENDING"}));
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(seed_request(12))
        .send()
        .await
        .expect("12 GPUs are sent unchanged")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.status, Some(Status::Pending));
}

#[tokio::test]
async fn seed_create_answered_with_an_undocumented_status_is_an_unexpected_response_without_the_body()
 {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path(PATH);
        then.into_inner()
            .status(400)
            .header("content-type", "application/json")
            .json_body(
                json!({"code": 3, "message": "num_gpus must be a multiple of 8", "details": []}),
            );
    });

    let err = client(&server)
        .gpu_cluster_service_create()
        .body(seed_request(12))
        .send()
        .await
        .expect_err("a 400 is an error");

    assert_eq!(mock.calls_async().await, 1);
    match &err {
        Error::UnexpectedResponse(response) => assert_eq!(response.status().as_u16(), 400),
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
    let shown = ApiError::from(err).to_string();
    assert_eq!(shown, "unexpected HTTP status 400 for /api/v1/gpu_cluster");
}
