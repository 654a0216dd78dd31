//! Together tcloud end to end against httpmock: all 11 operations (clusters, regions, shared volumes), errors, unknown enum values, the kube_config secret, create-then-wait, retries, `from_env` and tracing.

use std::time::Duration;

use cloud_clusters_tests::{capture_tracing, captured, options, wait_options};
use cloud_clusters_together_tcloud::mock::MockServerExt;
use cloud_clusters_together_tcloud::{
    API_KEY_ENV, ApiError, Client, ConfigError, Error, WaitError, WaitOptions, types,
};
use httpmock::MockServer;
use serde_json::{Value, json};
use types::{
    GpuClusterCreateRequestBillingType as Billing, GpuClusterCreateRequestDriverVersion as Driver,
    GpuClusterCreateRequestGpuType as Gpu, GpuClusterCreateResponseStatus as CreateStatus,
    GpuClusterInfoClusterType as InfoClusterType, GpuClusterInfoDriverVersion as InfoDriver,
    GpuClusterInfoGpuType as InfoGpu,
};

const KEY: &str = "test-key";
const KUBE_CONFIG: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: gpu-cluster-1\nusers:\n- name: admin\n  user:\n    token: abc123\n";

fn client(server: &MockServer) -> Client {
    Client::with_options(&server.base_url(), KEY, options())
        .expect("the mock server URL is a valid base URL")
}

fn create_request() -> types::builder::GpuClusterCreateRequest {
    types::GpuClusterCreateRequest::builder()
        .region("us-central-8")
        .gpu_type(Gpu::H100Sxm)
        .num_gpus(8)
        .cluster_name("my-gpu-cluster")
        .duration_days(7u32)
        .driver_version(Driver::Cuda126560)
        .billing_type(Billing::Reserved)
}

/// A `GPUClusterInfo` with the given status.
fn cluster_json(cluster_id: &str, status: &str) -> Value {
    json!({
        "cluster_id": cluster_id,
        "cluster_type": "KUBERNETES",
        "region": "us-central-8",
        "gpu_type": "H100_SXM",
        "cluster_name": "my-gpu-cluster",
        "duration_hours": 168,
        "driver_version": "CUDA_12_6_560",
        "status": status,
        "num_gpus": 8
    })
}

fn unexpected_status(err: &Error) -> u16 {
    match err {
        Error::UnexpectedResponse(response) => response.status().as_u16(),
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Every operation, with its request and its decoded success.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn gpu_cluster_create_posts_the_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/api/v1/gpu_cluster")
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .json_body(json!({
                "region": "us-central-8",
                "gpu_type": "H100_SXM",
                "num_gpus": 8,
                "cluster_name": "my-gpu-cluster",
                "duration_days": 7,
                "driver_version": "CUDA_12_6_560",
                "billing_type": "RESERVED"
            }));
        then.ok(&types::GpuClusterCreateResponse {
            cluster_id: Some("gpu-cluster-1".to_string()),
            status: Some(CreateStatus::WaitingControlPlane),
        });
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(create_request())
        .send()
        .await
        .expect("create succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(created.cluster_id.as_deref(), Some("gpu-cluster-1"));
    assert_eq!(created.status, Some(CreateStatus::WaitingControlPlane));
}

#[tokio::test]
async fn gpu_cluster_update_puts_the_body_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_update(|when, then| {
        when.into_inner()
            .method(httpmock::Method::PUT)
            .path("/api/v1/gpu_cluster")
            .json_body(json!({"cluster_id": "gpu-cluster-1", "cluster_type": "KUBERNETES", "num_gpus": 24}));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "gpu-cluster-1", "status": "WAITING_DATA_PLANE"}));
    });

    let updated = client(&server)
        .gpu_cluster_service_update()
        .body(
            types::GpuClusterUpdateRequest::builder()
                .cluster_id("gpu-cluster-1".to_string())
                .cluster_type(types::GpuClusterUpdateRequestClusterType::Kubernetes)
                .num_gpus(24u32),
        )
        .send()
        .await
        .expect("update succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(updated.cluster_id.as_deref(), Some("gpu-cluster-1"));
    assert_eq!(
        updated.status,
        Some(types::GpuClusterUpdateResponseStatus::WaitingDataPlane)
    );
}

#[tokio::test]
async fn gpu_cluster_get_decodes_every_field() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.into_inner().method(httpmock::Method::GET).path("/api/v1/gpu_cluster/gpu-cluster-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "cluster_id": "gpu-cluster-1",
                "cluster_type": "SLURM",
                "region": "us-central-8",
                "gpu_type": "H200_SXM",
                "cluster_name": "my-gpu-cluster",
                "duration_hours": 168,
                "driver_version": "CUDA_12_8_570",
                "volumes": [{"volume_id": "v-1", "volume_name": "data", "size_tib": 2, "status": "bound"}],
                "status": "Ready",
                "control_plane_nodes": [{
                    "node_id": "cp-1", "node_name": "control-0", "status": "Ready", "host_name": "cp0.internal",
                    "num_cpu_cores": 16, "memory_gib": 64.5, "network": "10.0.0.0/24"
                }],
                "gpu_worker_nodes": [{
                    "node_id": "w-1", "node_name": "worker-0", "status": "Ready", "host_name": "w0.internal",
                    "num_cpu_cores": 208, "memory_gib": 1800.0, "num_gpus": 8, "networks": ["ib0", "ib1"]
                }],
                "kube_config": KUBE_CONFIG,
                "num_gpus": 8
            }));
    });

    let info = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("gpu-cluster-1")
        .send()
        .await
        .expect("get succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.cluster_id.as_deref(), Some("gpu-cluster-1"));
    assert_eq!(info.cluster_type, Some(InfoClusterType::Slurm));
    assert_eq!(info.region.as_deref(), Some("us-central-8"));
    assert_eq!(info.gpu_type, Some(InfoGpu::H200Sxm));
    assert_eq!(info.cluster_name.as_deref(), Some("my-gpu-cluster"));
    assert_eq!(info.duration_hours, Some(168));
    assert_eq!(info.driver_version, Some(InfoDriver::Cuda128570));
    assert_eq!(info.status.as_deref(), Some("Ready"));
    assert_eq!(info.num_gpus, Some(8));
    assert_eq!(
        info.volumes,
        vec![types::GpuClusterVolume {
            volume_id: Some("v-1".to_string()),
            volume_name: Some("data".to_string()),
            size_tib: Some(2),
            status: Some("bound".to_string()),
        }]
    );
    assert_eq!(
        info.control_plane_nodes,
        vec![types::GpuClusterControlPlaneNode {
            node_id: Some("cp-1".to_string()),
            node_name: Some("control-0".to_string()),
            status: Some("Ready".to_string()),
            host_name: Some("cp0.internal".to_string()),
            num_cpu_cores: Some(16),
            memory_gib: Some(64.5),
            network: Some("10.0.0.0/24".to_string()),
        }]
    );
    assert_eq!(info.gpu_worker_nodes.len(), 1);
    let worker = &info.gpu_worker_nodes[0];
    assert_eq!(worker.node_id.as_deref(), Some("w-1"));
    assert_eq!(worker.num_gpus, Some(8));
    assert_eq!(worker.num_cpu_cores, Some(208));
    assert_eq!(worker.memory_gib, Some(1800.0));
    assert_eq!(worker.networks, vec!["ib0".to_string(), "ib1".to_string()]);
    assert_eq!(
        info.kube_config.as_ref().map(|k| k.expose_secret()),
        Some(KUBE_CONFIG)
    );
}

#[tokio::test]
async fn gpu_cluster_get_percent_encodes_the_cluster_id() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.into_inner().path("/api/v1/gpu_cluster/c%201%2F2%3Fx");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(cluster_json("c 1/2?x", "Ready"));
    });

    let info = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("c 1/2?x")
        .send()
        .await
        .expect("get succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.cluster_id.as_deref(), Some("c 1/2?x"));
}

#[tokio::test]
async fn gpu_cluster_delete_deletes_and_decodes_the_answer() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_delete(|when, then| {
        when.into_inner()
            .method(httpmock::Method::DELETE)
            .path("/api/v1/gpu_cluster/gpu-cluster-1");
        then.ok(&types::GpucLusterDeleteResponse {
            cluster_id: Some("gpu-cluster-1".to_string()),
        });
    });

    let deleted = client(&server)
        .gpu_cluster_service_delete()
        .cluster_id("gpu-cluster-1")
        .send()
        .await
        .expect("delete succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(deleted.cluster_id.as_deref(), Some("gpu-cluster-1"));
}

#[tokio::test]
async fn gpu_cluster_list_decodes_every_cluster() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_list(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/api/v1/gpu_clusters");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(
                json!({"clusters": [cluster_json("c-1", "Ready"), cluster_json("c-2", "Paused")]}),
            );
    });

    let list = client(&server)
        .gpu_cluster_service_list()
        .send()
        .await
        .expect("list succeeds")
        .into_inner();

    mock.assert_async().await;
    let ids: Vec<_> = list
        .clusters
        .iter()
        .map(|c| c.cluster_id.as_deref())
        .collect();
    assert_eq!(ids, vec![Some("c-1"), Some("c-2")]);
    let statuses: Vec<_> = list.clusters.iter().map(|c| c.status.as_deref()).collect();
    assert_eq!(statuses, vec![Some("Ready"), Some("Paused")]);
    assert_eq!(list.clusters[0].gpu_type, Some(InfoGpu::H100Sxm));
}

#[tokio::test]
async fn gpu_cluster_list_may_be_empty() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_list(|when, then| {
        when.into_inner().path("/api/v1/gpu_clusters");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({}));
    });

    let list = client(&server)
        .gpu_cluster_service_list()
        .send()
        .await
        .expect("an empty object is an empty list")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(list.clusters, Vec::new());
}

#[tokio::test]
async fn region_list_decodes_regions_and_driver_versions() {
    let server = MockServer::start_async().await;
    let mock = server.region_service_list(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/api/v1/regions");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"regions": [{
                "id": "us-central-8",
                "name": "US Central 8",
                "availability_zones": ["us-central-8a", "us-central-8b"],
                "driver_versions": ["CUDA_12_6_560", "CUDA_12_8_570"]
            }]}));
    });

    let regions = client(&server)
        .region_service_list()
        .send()
        .await
        .expect("regions succeed")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        regions.regions,
        vec![types::Region {
            id: Some("us-central-8".to_string()),
            name: Some("US Central 8".to_string()),
            availability_zones: vec!["us-central-8a".to_string(), "us-central-8b".to_string()],
            driver_versions: vec!["CUDA_12_6_560".to_string(), "CUDA_12_8_570".to_string()],
        }]
    );
}

#[tokio::test]
async fn shared_volume_create_posts_the_body_and_decodes_the_volume_id() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_create(|when, then| {
        when.into_inner()
            .method(httpmock::Method::POST)
            .path("/api/v1/shared_volume")
            .json_body(
                json!({"volume_name": "my-shared-volume", "size_tib": 2, "region": "us-west-2"}),
            );
        then.ok(&types::SharedVolumeCreateResponse {
            volume_id: Some("12345-67890-12345-67890".to_string()),
        });
    });

    let created = client(&server)
        .shared_volume_service_create()
        .body(
            types::SharedVolumeCreateRequest::builder()
                .volume_name("my-shared-volume".to_string())
                .size_tib(2u32)
                .region("us-west-2".to_string()),
        )
        .send()
        .await
        .expect("volume create succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        created.volume_id.as_deref(),
        Some("12345-67890-12345-67890")
    );
}

#[tokio::test]
async fn shared_volume_update_puts_the_body_and_decodes_the_volume() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_update(|when, then| {
        when.into_inner()
            .method(httpmock::Method::PUT)
            .path("/api/v1/shared_volume")
            .json_body(json!({"volume_id": "12345-67890-12345-67890", "size_tib": 3}));
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"volume_id": "12345-67890-12345-67890", "volume_name": "my-shared-volume", "size_tib": 3}));
    });

    let updated = client(&server)
        .shared_volume_service_update()
        .body(
            types::SharedVolumeUpdateRequest::builder()
                .volume_id("12345-67890-12345-67890".to_string())
                .size_tib(3u32),
        )
        .send()
        .await
        .expect("volume update succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        updated,
        types::SharedVolumeInfo {
            volume_id: Some("12345-67890-12345-67890".to_string()),
            volume_name: Some("my-shared-volume".to_string()),
            size_tib: Some(3),
        }
    );
}

#[tokio::test]
async fn shared_volume_get_percent_encodes_the_id_and_decodes_the_volume() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_get(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/api/v1/shared_volume/vol%201%2Fa");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"volume_id": "vol 1/a", "volume_name": "data", "size_tib": 5}));
    });

    let volume = client(&server)
        .shared_volume_service_get()
        .volume_id("vol 1/a")
        .send()
        .await
        .expect("volume get succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(volume.volume_id.as_deref(), Some("vol 1/a"));
    assert_eq!(volume.volume_name.as_deref(), Some("data"));
    assert_eq!(volume.size_tib, Some(5));
}

#[tokio::test]
async fn shared_volume_delete_deletes_and_decodes_success() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_delete(|when, then| {
        when.into_inner()
            .method(httpmock::Method::DELETE)
            .path("/api/v1/shared_volume/vol-1");
        then.ok(&types::SharedVolumeDeleteResponse {
            success: Some(true),
        });
    });

    let deleted = client(&server)
        .shared_volume_service_delete()
        .volume_id("vol-1")
        .send()
        .await
        .expect("volume delete succeeds")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(deleted.success, Some(true));
}

#[tokio::test]
async fn shared_volume_list_decodes_every_volume() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_list(|when, then| {
        when.into_inner()
            .method(httpmock::Method::GET)
            .path("/api/v1/shared_volumes");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"volumes": [
                {"volume_id": "v-1", "volume_name": "a", "size_tib": 1},
                {"volume_id": "v-2", "volume_name": "b", "size_tib": 10}
            ]}));
    });

    let list = client(&server)
        .shared_volume_service_list()
        .send()
        .await
        .expect("volume list succeeds")
        .into_inner();

    mock.assert_async().await;
    let sizes: Vec<_> = list
        .volumes
        .iter()
        .map(|v| (v.volume_id.as_deref(), v.size_tib))
        .collect();
    assert_eq!(sizes, vec![(Some("v-1"), Some(1)), (Some("v-2"), Some(10))]);
}

// ---------------------------------------------------------------------------------------------
// Enums: response enums accept unlisted values, request enums are strict.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_response_with_status_provisioning_decodes_as_unknown() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path("/api/v1/gpu_cluster");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"cluster_id": "c-1", "status": "PROVISIONING"}));
    });

    let created = client(&server)
        .gpu_cluster_service_create()
        .body(create_request())
        .send()
        .await
        .expect("an unlisted status decodes")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        created.status,
        Some(CreateStatus::Unknown("PROVISIONING".to_string()))
    );
    assert_eq!(
        created.status.map(|s| s.to_string()).as_deref(),
        Some("PROVISIONING")
    );
}

#[tokio::test]
async fn cluster_info_with_gpu_type_b200_sxm_decodes_as_unknown() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("c-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({
                "cluster_id": "c-1",
                "gpu_type": "B200_SXM",
                "driver_version": "CUDA_13_0_580",
                "cluster_type": "KUBERNETES_HA"
            }));
    });

    let info = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("c-1")
        .send()
        .await
        .expect("unlisted values decode")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        info.gpu_type,
        Some(InfoGpu::Unknown("B200_SXM".to_string()))
    );
    assert_eq!(
        info.driver_version,
        Some(InfoDriver::Unknown("CUDA_13_0_580".to_string()))
    );
    assert_eq!(
        info.cluster_type,
        Some(InfoClusterType::Unknown("KUBERNETES_HA".to_string()))
    );
}

#[tokio::test]
async fn known_gpu_types_and_statuses_decode_to_their_variants() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let gpu_types = [
        ("UNKNOWN_GPU_TYPE", InfoGpu::UnknownGpuType),
        ("H100_SXM", InfoGpu::H100Sxm),
        ("H200_SXM", InfoGpu::H200Sxm),
        ("RTX_6000_PCI", InfoGpu::Rtx6000Pci),
    ];
    for (wire, expected) in gpu_types {
        let mock = server.gpu_cluster_service_get(|when, then| {
            when.cluster_id("c-1");
            then.into_inner()
                .status(200)
                .header("content-type", "application/json")
                .json_body(json!({"cluster_id": "c-1", "gpu_type": wire}));
        });
        let info = client
            .gpu_cluster_service_get()
            .cluster_id("c-1")
            .send()
            .await
            .expect("a listed value decodes")
            .into_inner();
        mock.assert_async().await;
        mock.delete_async().await;
        assert_eq!(info.gpu_type, Some(expected), "{wire}");
    }
    let statuses = [
        ("UNKNOWN_STATUS", CreateStatus::UnknownStatus),
        ("PENDING", CreateStatus::Pending),
        ("QUEUED", CreateStatus::Queued),
        ("WAITING_CONTROL_PLANE", CreateStatus::WaitingControlPlane),
        ("WAITING_DATA_PLANE", CreateStatus::WaitingDataPlane),
        ("READY", CreateStatus::Ready),
        ("FAILED", CreateStatus::Failed),
    ];
    for (wire, expected) in statuses {
        let decoded: types::GpuClusterCreateResponse =
            serde_json::from_value(json!({"status": wire})).expect("a listed status decodes");
        assert_eq!(decoded.status, Some(expected), "{wire}");
    }
}

#[test]
fn request_enums_are_strict() {
    assert!(Gpu::try_from("B200_SXM").is_err());
    assert_eq!(Gpu::try_from("H100_SXM").expect("listed"), Gpu::H100Sxm);
    // The document's own curl sample for update sends "kubernetes" in lower case.
    assert!(types::GpuClusterUpdateRequestClusterType::try_from("kubernetes").is_err());
    assert_eq!(
        types::GpuClusterUpdateRequestClusterType::try_from("KUBERNETES").expect("listed"),
        types::GpuClusterUpdateRequestClusterType::Kubernetes
    );
    assert!(serde_json::from_value::<Billing>(json!("SCHEDULED_CAPACITY")).is_err());
}

#[tokio::test]
async fn extra_unknown_fields_are_ignored() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("c-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body({
                let mut body = cluster_json("c-1", "Ready");
                body["billing_type"] = json!("ON_DEMAND");
                body["phase_transitions"] = json!([{"phase": "CLUSTER_PHASE_READY", "transition_time": "2026-01-01T00:00:00Z"}]);
                body["control_plane_ready"] = json!(true);
                body
            });
    });

    let info = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("c-1")
        .send()
        .await
        .expect("extra fields do not break decoding")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(info.cluster_id.as_deref(), Some("c-1"));
    assert_eq!(info.status.as_deref(), Some("Ready"));
}

// ---------------------------------------------------------------------------------------------
// The kube_config secret.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn kube_config_decodes_is_readable_with_expose_secret_and_never_shows_in_debug() {
    let server = MockServer::start_async().await;
    let get = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("c-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body({
                let mut body = cluster_json("c-1", "Ready");
                body["kube_config"] = json!(KUBE_CONFIG);
                body
            });
    });
    let list = server.gpu_cluster_service_list(|when, then| {
        when.into_inner().path("/api/v1/gpu_clusters");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"clusters": [{"cluster_id": "c-1", "kube_config": KUBE_CONFIG}]}));
    });
    let client = client(&server);

    let info = client
        .gpu_cluster_service_get()
        .cluster_id("c-1")
        .send()
        .await
        .expect("get succeeds")
        .into_inner();
    let clusters = client
        .gpu_cluster_service_list()
        .send()
        .await
        .expect("list succeeds")
        .into_inner();

    get.assert_async().await;
    list.assert_async().await;
    let kube_config = info
        .kube_config
        .as_ref()
        .expect("the cluster has a kube_config");
    assert_eq!(kube_config.expose_secret(), KUBE_CONFIG);
    let shown = format!("{info:?} {info:#?} {clusters:?}");
    assert!(!shown.contains("abc123"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert_eq!(
        clusters.clusters[0]
            .kube_config
            .as_ref()
            .map(|k| k.expose_secret()),
        Some(KUBE_CONFIG)
    );
    // An answer's secret never serializes: a logged answer keeps no kubeconfig.
    let written = serde_json::to_value(&info).expect("serializes");
    assert_eq!(written["kube_config"], json!("[redacted]"));
}

// ---------------------------------------------------------------------------------------------
// Errors: the document declares none, so every error status is undocumented.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_404_with_a_grpc_status_body_is_an_unexpected_response_whose_message_lacks_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("missing");
        then.into_inner()
            .status(404)
            .header("content-type", "application/json")
            .json_body(json!({"code": 5, "message": "cluster missing not found in project secret-project", "details": []}));
    });

    let err = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("missing")
        .send()
        .await
        .expect_err("a 404 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 404);
    let err = ApiError::from(err);
    assert_eq!(
        err.to_string(),
        "unexpected HTTP status 404 for /api/v1/gpu_cluster/missing"
    );
    assert!(!format!("{err:?}").contains("secret-project"));
}

const HTML_502: &str =
    "<html><body><h1>502 Bad Gateway</h1><p>nginx secret-upstream-host</p></body></html>";

#[tokio::test]
async fn get_answered_502_html_is_retried_then_an_unexpected_response_whose_message_lacks_the_body()
{
    let server = MockServer::start_async().await;
    let mock = server.region_service_list(|when, then| {
        when.into_inner().path("/api/v1/regions");
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML_502);
    });

    let err = client(&server)
        .region_service_list()
        .send()
        .await
        .expect_err("a 502 is an error");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(unexpected_status(&err), 502);
    let err = ApiError::from(err);
    let shown = format!("{err} {err:?}");
    assert_eq!(
        err.to_string(),
        "unexpected HTTP status 502 for /api/v1/regions"
    );
    assert!(
        !shown.contains("secret-upstream-host") && !shown.contains("<html>"),
        "{shown}"
    );
}

#[tokio::test]
async fn post_answered_502_html_is_not_retried_and_its_message_lacks_the_body() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_create(|when, then| {
        when.into_inner().path("/api/v1/shared_volume");
        then.into_inner()
            .status(502)
            .header("content-type", "text/html")
            .body(HTML_502);
    });

    let err = client(&server)
        .shared_volume_service_create()
        .body(types::SharedVolumeCreateRequest::default())
        .send()
        .await
        .expect_err("a 502 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 502);
    assert_eq!(
        ApiError::from(err).to_string(),
        "unexpected HTTP status 502 for /api/v1/shared_volume"
    );
}

#[tokio::test]
async fn wrong_type_in_a_success_body_is_an_invalid_response_payload_whose_message_lacks_the_body()
{
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("c-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(
                json!({"cluster_id": "c-1", "num_gpus": "eight", "kube_config": "token: abc123"}),
            );
    });

    let err = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("c-1")
        .send()
        .await
        .expect_err("a string is not an int32");

    mock.assert_async().await;
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
    let err = ApiError::from(err);
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("abc123") && !shown.contains("eight"),
        "{shown}"
    );
    assert!(
        shown.contains("is not what the API document describes"),
        "{shown}"
    );
}

#[tokio::test]
async fn negative_uint32_in_a_success_body_is_an_invalid_response_payload() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_get(|when, then| {
        when.volume_id("v-1");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(json!({"volume_id": "v-1", "size_tib": -1}));
    });

    let err = client(&server)
        .shared_volume_service_get()
        .volume_id("v-1")
        .send()
        .await
        .expect_err("-1 is not a uint32");

    mock.assert_async().await;
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
}

#[tokio::test]
async fn invalid_json_in_a_success_body_is_an_invalid_response_payload_whose_message_lacks_the_body()
 {
    let server = MockServer::start_async().await;
    let body = r#"{"volumes": [{"volume_id": "secret-body-marker""#;
    let mock = server.shared_volume_service_list(|when, then| {
        when.into_inner().path("/api/v1/shared_volumes");
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(body);
    });

    let err = client(&server)
        .shared_volume_service_list()
        .send()
        .await
        .expect_err("truncated JSON is an error");

    mock.assert_async().await;
    match &err {
        Error::InvalidResponsePayload(bytes, _) => assert_eq!(bytes.as_ref(), body.as_bytes()),
        other => panic!("expected Error::InvalidResponsePayload, got {other:?}"),
    }
    let shown = ApiError::from(err).to_string();
    assert!(!shown.contains("secret-body-marker"), "{shown}");
    assert!(
        shown.starts_with(&format!("the response body ({} bytes)", body.len())),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Create, then wait for the cluster.
// ---------------------------------------------------------------------------------------------

/// Creates a cluster against a mock answering `cluster_id` and returns the id.
async fn create_cluster(server: &MockServer, client: &Client, cluster_id: &str) -> String {
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path("/api/v1/gpu_cluster");
        then.ok(&types::GpuClusterCreateResponse {
            cluster_id: Some(cluster_id.to_string()),
            status: Some(CreateStatus::Queued),
        });
    });
    let created = client
        .gpu_cluster_service_create()
        .body(create_request())
        .send()
        .await
        .expect("create succeeds")
        .into_inner();
    mock.assert_async().await;
    created
        .cluster_id
        .expect("the create answer carries a cluster id")
}

/// Mocks `GPUClusterService_Get` of `cluster_id` answering `status`, at most `times` times.
fn mock_status<'a>(
    server: &'a MockServer,
    cluster_id: &str,
    status: &str,
    times: Option<usize>,
) -> httpmock::Mock<'a> {
    server.gpu_cluster_service_get(|when, then| {
        when.into_inner()
            .path(format!("/api/v1/gpu_cluster/{cluster_id}"));
        let then = then
            .into_inner()
            .status(200)
            .header("content-type", "application/json")
            .json_body(cluster_json(cluster_id, status));
        if let Some(times) = times {
            then.up_to_n_times(times);
        }
    })
}

#[tokio::test]
async fn create_then_wait_ends_ok_when_the_cluster_is_ready() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let queued = mock_status(&server, "c-1", "QUEUED", Some(1));
    let waiting = mock_status(&server, "c-1", "WAITING_DATA_PLANE", Some(1));
    let ready = mock_status(&server, "c-1", "READY", None);

    let cluster_id = create_cluster(&server, &client, "c-1").await;
    let cluster = client
        .wait_for_cluster(&cluster_id, &wait_options())
        .await
        .expect("the cluster becomes ready");

    assert_eq!(queued.calls_async().await, 1);
    assert_eq!(waiting.calls_async().await, 1);
    assert_eq!(ready.calls_async().await, 1);
    assert_eq!(cluster.cluster_id.as_deref(), Some("c-1"));
    assert_eq!(cluster.status.as_deref(), Some("READY"));
}

#[tokio::test]
async fn wait_accepts_the_newer_ready_spelling() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let installing = mock_status(&server, "c-2", "InstallingDrivers", Some(1));
    let ready = mock_status(&server, "c-2", "Ready", None);

    let cluster = client
        .wait_for_cluster("c-2", &wait_options())
        .await
        .expect("Ready is ready");

    assert_eq!(installing.calls_async().await, 1);
    assert_eq!(ready.calls_async().await, 1);
    assert_eq!(cluster.status.as_deref(), Some("Ready"));
}

async fn wait_failure(status: &str) {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let pending = mock_status(&server, "c-f", "WAITING_CONTROL_PLANE", Some(1));
    let failed = mock_status(&server, "c-f", status, None);

    let cluster_id = create_cluster(&server, &client, "c-f").await;
    let err = client
        .wait_for_cluster(&cluster_id, &wait_options())
        .await
        .expect_err("a failed cluster is an error");

    assert_eq!(pending.calls_async().await, 1);
    assert_eq!(failed.calls_async().await, 1);
    assert_eq!(err.to_string(), "reached a failed state");
    match err {
        WaitError::Failed(cluster) => {
            assert_eq!(cluster.status.as_deref(), Some(status));
            assert_eq!(cluster.cluster_id.as_deref(), Some("c-f"));
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn create_then_wait_reports_failed_for_status_failed() {
    wait_failure("FAILED").await;
}

#[tokio::test]
async fn create_then_wait_reports_failed_for_status_degraded() {
    wait_failure("Degraded").await;
}

#[tokio::test]
async fn create_then_wait_times_out_while_the_cluster_is_still_coming_up() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let waiting = mock_status(&server, "c-t", "WaitingForControlPlaneNodes", None);

    let cluster_id = create_cluster(&server, &client, "c-t").await;
    let options = WaitOptions {
        timeout: Duration::from_millis(100),
        ..wait_options()
    };
    let err = client
        .wait_for_cluster(&cluster_id, &options)
        .await
        .expect_err("never ready");

    assert!(waiting.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
            assert_eq!(
                last.expect("polls succeeded").status.as_deref(),
                Some("WaitingForControlPlaneNodes")
            );
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_stops_with_the_api_error_when_a_poll_fails() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let missing = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("gone");
        then.into_inner().status(404).body("not found");
    });

    let err = client
        .wait_for_cluster("gone", &wait_options())
        .await
        .expect_err("a 404 poll ends the wait");

    assert_eq!(missing.calls_async().await, 1);
    assert_eq!(
        err.to_string(),
        "polling failed: unexpected HTTP status 404 for /api/v1/gpu_cluster/gone"
    );
    assert!(matches!(err, WaitError::Api(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Retries: only idempotent requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_answered_503_is_tried_three_times_then_fails() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_list(|when, then| {
        when.into_inner().path("/api/v1/gpu_clusters");
        then.into_inner().status(503).body("unavailable");
    });

    let err = client(&server)
        .gpu_cluster_service_list()
        .send()
        .await
        .expect_err("503 three times is an error");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn post_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner().path("/api/v1/gpu_cluster");
        then.into_inner().status(503).body("unavailable");
    });

    let err = client(&server)
        .gpu_cluster_service_create()
        .body(create_request())
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn put_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_update(|when, then| {
        when.into_inner().path("/api/v1/gpu_cluster");
        then.into_inner().status(503).body("unavailable");
    });

    let err = client(&server)
        .gpu_cluster_service_update()
        .body(types::GpuClusterUpdateRequest::builder().num_gpus(16u32))
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn delete_answered_503_is_tried_once() {
    let server = MockServer::start_async().await;
    let mock = server.shared_volume_service_delete(|when, then| {
        when.volume_id("v-1");
        then.into_inner().status(503).body("unavailable");
    });

    let err = client(&server)
        .shared_volume_service_delete()
        .volume_id("v-1")
        .send()
        .await
        .expect_err("503 is an error");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(unexpected_status(&err), 503);
}

#[tokio::test]
async fn get_answered_503_then_200_succeeds() {
    let server = MockServer::start_async().await;
    // The 503 mock serves one call and is then exhausted; the 200 mock takes over.
    let unavailable = server.shared_volume_service_get(|when, then| {
        when.volume_id("v-1");
        then.into_inner()
            .status(503)
            .body("unavailable")
            .up_to_n_times(1);
    });
    let ok = server.shared_volume_service_get(|when, then| {
        when.volume_id("v-1");
        then.ok(&types::SharedVolumeInfo {
            volume_id: Some("v-1".to_string()),
            volume_name: Some("data".to_string()),
            size_tib: Some(4),
        });
    });

    let volume = client(&server)
        .shared_volume_service_get()
        .volume_id("v-1")
        .send()
        .await
        .expect("the retry succeeds")
        .into_inner();

    assert_eq!(unavailable.calls_async().await, 1);
    assert_eq!(ok.calls_async().await, 1);
    assert_eq!(volume.size_tib, Some(4));
}

// ---------------------------------------------------------------------------------------------
// Configuration and observability.
// ---------------------------------------------------------------------------------------------

#[test]
fn from_env_without_together_api_key_names_the_variable() {
    assert_eq!(API_KEY_ENV, "TOGETHER_API_KEY");
    if std::env::var_os("TOGETHER_API_KEY").is_some() {
        // Never touch the environment: with the variable set there is nothing to check.
        return;
    }
    let err = Client::from_env().expect_err("no key, no client");
    assert!(
        matches!(&err, ConfigError::MissingEnv { var } if var == "TOGETHER_API_KEY"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "environment variable TOGETHER_API_KEY is not set: set it to your API key"
    );
}

#[tokio::test]
async fn a_request_is_traced_with_provider_operation_and_status_but_never_the_key() {
    const SECRET_KEY: &str = "tgp_v1_secret0123456789";
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner()
            .path("/api/v1/gpu_cluster")
            .header("authorization", format!("Bearer {SECRET_KEY}"));
        then.ok(&types::GpuClusterCreateResponse {
            cluster_id: Some("c-1".to_string()),
            status: Some(CreateStatus::Pending),
        });
    });
    let client =
        Client::with_options(&server.base_url(), SECRET_KEY, options()).expect("valid base URL");

    let buffer = capture_tracing();
    client
        .gpu_cluster_service_create()
        .body(create_request())
        .send()
        .await
        .expect("create succeeds");

    mock.assert_async().await;
    let logs = captured(&buffer);
    assert!(logs.contains(r#"provider="together-tcloud""#), "{logs}");
    assert!(
        logs.contains(r#"operation="gpu_cluster_service_create""#),
        "{logs}"
    );
    assert!(logs.contains("status=200"), "{logs}");
    assert!(!logs.contains(SECRET_KEY), "{logs}");
}
