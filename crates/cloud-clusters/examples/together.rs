//! Create a Together AI GPU cluster and wait until it is ready, with the API as
//! Together documents it today (`https://api.together.ai/v1/compute/clusters`).
//!
//! With `TOGETHER_API_KEY` set, this talks to Together and creates a real
//! (billed) cluster in `TOGETHER_REGION`. Without it, it starts a local mock
//! server that answers as the vendor's document describes, and runs the same
//! flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example together
//! ```
//!
//! The older tcloud endpoint has its own example: `--example together_tcloud`.

use std::time::Duration;

use cloud_clusters::WaitOptions;
use cloud_clusters::together::mock::MockServerExt;
use cloud_clusters::together::{API_KEY_ENV, Client, types};
use serde_json::json;

mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock;
    let (client, region, wait) = if std::env::var_os(API_KEY_ENV).is_some() {
        (
            Client::from_env()?,
            common::required(
                "TOGETHER_REGION",
                "a region from GET /compute/regions, such as us-central-8",
            )?,
            WaitOptions::default(),
        )
    } else {
        println!("{API_KEY_ENV} is not set: using a local mock server");
        mock = httpmock::MockServer::start_async().await;
        answer_like_the_document(&mock);
        (
            Client::with_api_key(&mock.base_url(), "demo-key")?,
            "us-central-8".to_string(),
            WaitOptions::default().with_interval(Duration::from_millis(50)),
        )
    };

    let regions = client.region_service_list().send().await?.into_inner();
    println!(
        "{} region(s): {}",
        regions.regions.len(),
        regions
            .regions
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    let request = types::GpuClusterCreateRequest::builder()
        .region(region)
        .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
        .num_gpus(8)
        .cluster_name("my-gpu-cluster")
        .cuda_version("12.6")
        .nvidia_driver_version("560")
        .billing_type(types::GpuClusterCreateRequestBillingType::OnDemand);
    let created = client
        .gpu_cluster_service_create()
        .body(request)
        .send()
        .await?
        .into_inner();
    println!("created {}: {}", created.cluster_id, created.status);

    let cluster = client.wait_for_cluster(&created.cluster_id, &wait).await?;
    println!(
        "{} is {}: {} GPUs in {}",
        cluster.cluster_id,
        cluster.status,
        cluster.num_gpus.unwrap_or(0),
        cluster.region
    );
    Ok(())
}

fn cluster(status: &str) -> serde_json::Value {
    json!({
        "cluster_id": "cluster-8c1f0a",
        "cluster_type": "KUBERNETES",
        "region": "us-central-8",
        "gpu_type": "H100_SXM",
        "cluster_name": "my-gpu-cluster",
        "cuda_version": "12.6",
        "nvidia_driver_version": "560",
        "status": status,
        "num_gpus": 8,
        "volumes": [],
        "control_plane_nodes": [],
        "gpu_worker_nodes": []
    })
}

fn answer_like_the_document(server: &httpmock::MockServer) {
    server.region_service_list(|_, then| {
        then.into_inner().status(200).json_body(json!({"regions": [{
            "name": "us-central-8",
            "supported_instance_types": ["H100_SXM"],
            "driver_versions": []
        }]}));
    });
    server.gpu_cluster_service_create(|_, then| {
        then.into_inner()
            .status(200)
            .json_body(cluster("WaitingForControlPlaneNodes"));
    });
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(cluster("Ready"));
    });
}
