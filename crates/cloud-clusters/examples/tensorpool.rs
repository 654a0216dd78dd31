//! Create a TensorPool GPU cluster and wait for its provisioning request to complete.
//!
//! With `TENSORPOOL_KEY` set, this talks to TensorPool and creates a real
//! (billed) cluster of `TENSORPOOL_INSTANCE_TYPE` (e.g. `1xH100`). Without it, it
//! starts a local mock server that answers as the vendor's document describes,
//! and runs the same flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example tensorpool
//! ```

use std::time::Duration;

use cloud_clusters::WaitOptions;
use cloud_clusters::tensorpool::mock::MockServerExt;
use cloud_clusters::tensorpool::{API_KEY_ENV, Client, types};
use serde_json::json;

mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock;
    let (client, instance_type, wait) = if std::env::var_os(API_KEY_ENV).is_some() {
        (
            Client::from_env()?,
            common::required(
                "TENSORPOOL_INSTANCE_TYPE",
                "an instance type TensorPool offers, such as 1xH100",
            )?,
            WaitOptions::default(),
        )
    } else {
        println!("{API_KEY_ENV} is not set: using a local mock server");
        mock = httpmock::MockServer::start_async().await;
        answer_like_the_document(&mock);
        (
            Client::with_api_key(&mock.base_url(), "demo-key")?,
            "1xH100".to_string(),
            WaitOptions::default().with_interval(Duration::from_millis(50)),
        )
    };

    let request = types::ClusterCreateRestRequest::builder()
        .instance_type(instance_type)
        .tp_cluster_name(Some("example".to_string()));
    let created = client
        .cluster_create()
        .body(request)
        .send()
        .await?
        .into_inner();
    println!("{}: {}", created.cluster_id, created.message);

    let Some(request_id) = created.request_id else {
        println!("no request to follow");
        return Ok(());
    };
    let request = client.wait_for_request(&request_id, &wait).await?;
    println!(
        "request {} ({}) is {}",
        request.request_id, request.request_type, request.status
    );
    Ok(())
}

fn answer_like_the_document(server: &httpmock::MockServer) {
    server.cluster_create(|_, then| {
        then.into_inner().status(202).json_body(json!({
            "cluster_id": "c-7f3a9e",
            "instance_ids": ["i-01"],
            "request_id": "req-51c2",
            "message": "Cluster creation initiated"
        }));
    });
    server.request_info(|when, then| {
        when.request_id("req-51c2");
        then.into_inner().status(200).json_body(json!({
            "request_id": "req-51c2",
            "request_type": "CLUSTER_CLAIM",
            "status": "COMPLETED",
            "created_at": "2025-06-01T12:00:00Z",
            "object_id": "c-7f3a9e",
            "external_message": null
        }));
    });
}
