//! Every selected operation of Together's published document against httpmock:
//! the method, path and body the client sends, and the answer it decodes (the
//! shapes of the document's schemas); the cluster waiter's success, failure and
//! timeout; and the selection itself (nothing outside it is generated).

use std::time::Duration;

use cloud_clusters_together::mock::MockServerExt;
use cloud_clusters_together::{Client, WaitError, WaitOptions, types};
use httpmock::MockServer;
use serde_json::{Value, json};

fn client(server: &MockServer) -> Client {
    Client::with_api_key(&server.base_url(), "test-key").expect("client")
}

fn cluster(status: &str) -> Value {
    json!({
        "cluster_id": "cluster-8c1f0a",
        "cluster_type": "KUBERNETES",
        "region": "us-central-8",
        "gpu_type": "H100_SXM",
        "cluster_name": "my-gpu-cluster",
        "cuda_version": "12.6",
        "nvidia_driver_version": "560",
        "duration_hours": 168,
        "status": status,
        "num_gpus": 8,
        "kube_config": "apiVersion: v1\nusers:\n- name: admin\n  user: {token: s3cr3t-token}\n",
        "volumes": [{"volume_id": "vol-1", "volume_name": "data", "size_tib": 2, "status": "bound"}],
        "control_plane_nodes": [],
        "gpu_worker_nodes": []
    })
}

fn volume(status: &str) -> Value {
    json!({"volume_id": "vol-1", "volume_name": "data", "size_tib": 2, "status": status})
}

#[tokio::test]
async fn create_sends_the_required_fields_and_decodes_the_cluster() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|when, then| {
        when.into_inner()
            .path("/compute/clusters")
            .header("authorization", "Bearer test-key")
            .json_body(json!({
                "region": "us-central-8",
                "gpu_type": "H100_SXM",
                "num_gpus": 8,
                "cluster_name": "my-gpu-cluster",
                "cuda_version": "12.6",
                "nvidia_driver_version": "560",
                "billing_type": "ON_DEMAND",
                "auto_scaled": false,
                "gpu_node_failover_enabled": false,
                "install_traefik": false
            }));
        then.into_inner()
            .status(200)
            .json_body(cluster("WaitingForControlPlaneNodes"));
    });
    let created = client(&server)
        .gpu_cluster_service_create()
        .body(
            types::GpuClusterCreateRequest::builder()
                .region("us-central-8")
                .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
                .num_gpus(8)
                .cluster_name("my-gpu-cluster")
                .cuda_version("12.6")
                .nvidia_driver_version("560")
                .billing_type(types::GpuClusterCreateRequestBillingType::OnDemand),
        )
        .send()
        .await
        .expect("created")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(created.cluster_id, "cluster-8c1f0a");
    assert_eq!(
        created.status,
        types::GpuClusterInfoStatus::WaitingForControlPlaneNodes
    );
}

#[tokio::test]
async fn a_required_create_field_left_out_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_create(|_, then| {
        then.into_inner().status(200).json_body(cluster("Ready"));
    });
    let err = client(&server)
        .gpu_cluster_service_create()
        .body(
            types::GpuClusterCreateRequest::builder()
                .region("us-central-8")
                .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
                .num_gpus(8)
                .cluster_name("my-gpu-cluster")
                .billing_type(types::GpuClusterCreateRequestBillingType::Reserved),
        )
        .send()
        .await
        .expect_err("cuda_version is required");
    assert!(err.to_string().contains("cuda_version"), "{err}");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn get_decodes_a_cluster_and_keeps_its_kubeconfig_secret() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a")
            .into_inner()
            .path("/compute/clusters/cluster-8c1f0a");
        then.into_inner().status(200).json_body(cluster("Ready"));
    });
    let got = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("cluster-8c1f0a")
        .send()
        .await
        .expect("found")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.status, types::GpuClusterInfoStatus::Ready);
    assert_eq!(got.num_gpus, Some(8));
    assert_eq!(got.volumes.len(), 1);
    let kube = got.kube_config.as_ref().expect("kube_config");
    assert!(kube.expose_secret().contains("s3cr3t-token"));
    assert!(!format!("{got:?}").contains("s3cr3t-token"));
}

#[tokio::test]
async fn a_cluster_still_provisioning_decodes_without_nodes_or_kubeconfig() {
    // The overlay's reason: while provisioning, these fields do not exist yet.
    let server = MockServer::start_async().await;
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(json!({
            "cluster_id": "cluster-8c1f0a",
            "cluster_name": "my-gpu-cluster",
            "region": "us-central-8",
            "status": "WaitingForSubnet"
        }));
    });
    let got = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("cluster-8c1f0a")
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(got.status, types::GpuClusterInfoStatus::WaitingForSubnet);
    assert!(got.kube_config.is_none());
    assert!(got.gpu_worker_nodes.is_empty());
}

#[tokio::test]
async fn an_unlisted_status_is_kept_as_received() {
    let server = MockServer::start_async().await;
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner()
            .status(200)
            .json_body(cluster("Hibernating"));
    });
    let got = client(&server)
        .gpu_cluster_service_get()
        .cluster_id("cluster-8c1f0a")
        .send()
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(
        got.status,
        types::GpuClusterInfoStatus::Unknown("Hibernating".into())
    );
    assert_eq!(got.status.to_string(), "Hibernating");
}

#[tokio::test]
async fn list_decodes_every_cluster() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_list(|when, then| {
        when.into_inner().path("/compute/clusters");
        then.into_inner()
            .status(200)
            .json_body(json!({"clusters": [cluster("Ready"), cluster("Paused")]}));
    });
    let got = client(&server)
        .gpu_cluster_service_list()
        .send()
        .await
        .expect("listed")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.clusters.len(), 2);
    assert_eq!(got.clusters[1].status, types::GpuClusterInfoStatus::Paused);
}

#[tokio::test]
async fn update_sends_only_what_changes() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_update(|when, then| {
        when.cluster_id("cluster-8c1f0a")
            .into_inner()
            .path("/compute/clusters/cluster-8c1f0a")
            .json_body(json!({"num_gpus": 16}));
        then.into_inner().status(200).json_body(cluster("Ready"));
    });
    let got = client(&server)
        .gpu_cluster_service_update()
        .cluster_id("cluster-8c1f0a")
        .body(types::GpuClusterUpdateRequest::builder().num_gpus(16))
        .send()
        .await
        .expect("updated")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.cluster_id, "cluster-8c1f0a");
}

#[tokio::test]
async fn delete_answers_the_cluster_id() {
    let server = MockServer::start_async().await;
    let mock = server.gpu_cluster_service_delete(|when, then| {
        when.cluster_id("cluster-8c1f0a")
            .into_inner()
            .path("/compute/clusters/cluster-8c1f0a");
        then.into_inner()
            .status(200)
            .json_body(json!({"cluster_id": "cluster-8c1f0a"}));
    });
    let got = client(&server)
        .gpu_cluster_service_delete()
        .cluster_id("cluster-8c1f0a")
        .send()
        .await
        .expect("deleted")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.cluster_id, "cluster-8c1f0a");
}

#[tokio::test]
async fn regions_list_their_gpus_and_driver_versions() {
    let server = MockServer::start_async().await;
    let mock = server.region_service_list(|when, then| {
        when.into_inner().path("/compute/regions");
        then.into_inner().status(200).json_body(json!({"regions": [{
            "name": "us-central-8",
            "supported_instance_types": ["H100_SXM", "H200_SXM"],
            "driver_versions": [{"cuda_version": "12.6", "nvidia_driver_version": "560"}]
        }]}));
    });
    let got = client(&server)
        .region_service_list()
        .send()
        .await
        .expect("listed")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.regions[0].name, "us-central-8");
    assert_eq!(got.regions[0].supported_instance_types.len(), 2);
    assert_eq!(got.regions[0].driver_versions.len(), 1);
}

#[tokio::test]
async fn availability_zones_are_listed() {
    let server = MockServer::start_async().await;
    let mock = server.availability_zones(|when, then| {
        when.into_inner().path("/clusters/availability-zones");
        then.into_inner()
            .status(200)
            .json_body(json!({"avzones": ["us-central-8a", "us-central-8b"]}));
    });
    let got = client(&server)
        .availability_zones()
        .send()
        .await
        .expect("listed")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(got.avzones, vec!["us-central-8a", "us-central-8b"]);
}

#[tokio::test]
async fn shared_volumes_create_get_list_update_delete() {
    let server = MockServer::start_async().await;
    let create = server.shared_volume_service_create(|when, then| {
        when.into_inner()
            .path("/compute/clusters/storage/volumes")
            .json_body(json!({"volume_name": "data", "size_tib": 2, "region": "us-central-8"}));
        then.into_inner()
            .status(200)
            .json_body(volume("provisioning"));
    });
    let get = server.shared_volume_service_get(|when, then| {
        when.volume_id("vol-1")
            .into_inner()
            .path("/compute/clusters/storage/volumes/vol-1");
        then.into_inner().status(200).json_body(volume("available"));
    });
    let list = server.shared_volume_service_list(|when, then| {
        when.into_inner().path("/compute/clusters/storage/volumes");
        then.into_inner()
            .status(200)
            .json_body(json!({"volumes": [volume("bound")]}));
    });
    let update = server.shared_volume_service_update(|when, then| {
        when.into_inner()
            .path("/compute/clusters/storage/volumes")
            .json_body(json!({"volume_id": "vol-1", "size_tib": 4}));
        then.into_inner().status(200).json_body(json!({
            "volume_id": "vol-1", "volume_name": "data", "size_tib": 4, "status": "available"
        }));
    });
    let delete = server.shared_volume_service_delete(|when, then| {
        when.volume_id("vol-1")
            .into_inner()
            .path("/compute/clusters/storage/volumes/vol-1");
        then.into_inner()
            .status(200)
            .json_body(json!({"success": true}));
    });
    let c = client(&server);

    let created = c
        .shared_volume_service_create()
        .body(
            types::GpuClustersSharedVolumeCreateRequest::builder()
                .volume_name("data")
                .size_tib(2)
                .region("us-central-8"),
        )
        .send()
        .await
        .expect("created")
        .into_inner();
    assert_eq!(created.volume_id, "vol-1");
    assert_eq!(
        created.status,
        types::GpuClustersSharedVolumeStatus::Provisioning
    );
    let got = c
        .shared_volume_service_get()
        .volume_id("vol-1")
        .send()
        .await
        .expect("found")
        .into_inner();
    assert_eq!(got.status, types::GpuClustersSharedVolumeStatus::Available);
    let listed = c
        .shared_volume_service_list()
        .send()
        .await
        .expect("listed")
        .into_inner();
    assert_eq!(listed.volumes.len(), 1);
    let updated = c
        .shared_volume_service_update()
        .body(
            types::GpuClustersSharedVolumeUpdateRequest::builder()
                .volume_id("vol-1".to_string())
                .size_tib(4),
        )
        .send()
        .await
        .expect("updated")
        .into_inner();
    assert_eq!(updated.size_tib, 4);
    let deleted = c
        .shared_volume_service_delete()
        .volume_id("vol-1")
        .send()
        .await
        .expect("deleted")
        .into_inner();
    assert!(deleted.success);
    for mock in [create, get, list, update, delete] {
        mock.assert_async().await;
    }
}

fn fast() -> WaitOptions {
    WaitOptions::default()
        .with_interval(Duration::from_millis(10))
        .with_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn wait_for_cluster_returns_once_ready() {
    let server = MockServer::start_async().await;
    let pending = server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner()
            .status(200)
            .json_body(cluster("InstallingDrivers"));
    });
    let c = client(&server);
    let waiter = tokio::spawn(async move { c.wait_for_cluster("cluster-8c1f0a", &fast()).await });
    // Let it poll a while before the cluster becomes ready.
    while pending.calls_async().await < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    pending.delete_async().await;
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(cluster("Ready"));
    });
    let ready = waiter.await.expect("joins").expect("ready");
    assert_eq!(ready.status, types::GpuClusterInfoStatus::Ready);
}

#[tokio::test]
async fn wait_for_cluster_fails_on_a_degraded_cluster() {
    let server = MockServer::start_async().await;
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(cluster("Degraded"));
    });
    let err = client(&server)
        .wait_for_cluster("cluster-8c1f0a", &fast())
        .await
        .expect_err("degraded");
    match err {
        WaitError::Failed(cluster) => {
            assert_eq!(cluster.status, types::GpuClusterInfoStatus::Degraded)
        }
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_for_cluster_times_out_with_the_last_state() {
    let server = MockServer::start_async().await;
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner()
            .status(200)
            .json_body(cluster("RunningAcceptanceTests"));
    });
    let options = WaitOptions::default()
        .with_interval(Duration::from_millis(10))
        .with_timeout(Duration::from_millis(100));
    let err = client(&server)
        .wait_for_cluster("cluster-8c1f0a", &options)
        .await
        .expect_err("times out");
    match err {
        WaitError::TimedOut { last, .. } => assert_eq!(
            last.expect("polled").status,
            types::GpuClusterInfoStatus::RunningAcceptanceTests
        ),
        other => panic!("expected TimedOut, got {other:?}"),
    }
}

#[test]
fn only_the_selection_is_generated() {
    // Chat, files and fine-tuning are in the vendor's document, not in this crate.
    let source = include_str!("../src/generated.rs");
    assert!(source.contains("// Selection: selection (include tags GPUClusterService"));
    for absent in ["ChatCompletionRequest", "FineTune", "fn chat_completions"] {
        assert!(!source.contains(absent), "{absent} was generated");
    }
    assert_eq!(
        cloud_clusters_together::DEFAULT_BASE_URL,
        "https://api.together.ai/v1"
    );
}
