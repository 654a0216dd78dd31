//! Create a Together AI GPU cluster at the older tcloud endpoint and wait until it is ready.
//!
//! With `TOGETHER_API_KEY` set, this talks to Together and creates a real
//! (billed) cluster in `TOGETHER_REGION`. Without it, it starts a local mock
//! server that answers as the tcloud document describes, and runs the same flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example together_tcloud
//! ```

use std::time::Duration;

use cloud_clusters::WaitOptions;
use cloud_clusters::together_tcloud::mock::MockServerExt;
use cloud_clusters::together_tcloud::{API_KEY_ENV, Client, types};
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
                "a region from GET /api/v1/regions, such as us-central-8",
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

    let request = types::GpuClusterCreateRequest::builder()
        .region(region)
        .gpu_type(types::GpuClusterCreateRequestGpuType::H100Sxm)
        .num_gpus(8)
        .cluster_name("my-gpu-cluster")
        .duration_days(7u32)
        .driver_version(types::GpuClusterCreateRequestDriverVersion::Cuda126560)
        .billing_type(types::GpuClusterCreateRequestBillingType::OnDemand);
    let created = client
        .gpu_cluster_service_create()
        .body(request)
        .send()
        .await?
        .into_inner();
    let id = created
        .cluster_id
        .ok_or("the create response has no cluster_id")?;
    println!("created {id}: {:?}", created.status);

    let cluster = client.wait_for_cluster(&id, &wait).await?;
    println!(
        "{id} is {}: {} GPUs in {}",
        cluster.status.as_deref().unwrap_or("?"),
        cluster.num_gpus.unwrap_or(0),
        cluster.region.as_deref().unwrap_or("?")
    );
    Ok(())
}

fn answer_like_the_document(server: &httpmock::MockServer) {
    server.gpu_cluster_service_create(|_, then| {
        then.into_inner()
            .status(200)
            .json_body(json!({"cluster_id": "cluster-8c1f0a", "status": "PENDING"}));
    });
    server.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(json!({
            "cluster_id": "cluster-8c1f0a",
            "cluster_type": "KUBERNETES",
            "region": "us-central-8",
            "gpu_type": "H100_SXM",
            "cluster_name": "my-gpu-cluster",
            "duration_hours": 168,
            "driver_version": "CUDA_12_6_560",
            "status": "READY",
            "num_gpus": 8
        }));
    });
}
