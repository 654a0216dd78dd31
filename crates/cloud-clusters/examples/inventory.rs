//! The clusters of every configured provider in one table, through the
//! `Clusters` trait; and deleting one, by provider and id, after confirmation.
//!
//! ```sh
//! cargo run -p cloud-clusters --example inventory                       # list
//! cargo run -p cloud-clusters --example inventory -- --delete together cluster-8c1f0a
//! ```
//!
//! Every provider whose API key variable is set is asked (`ZILLIZ_API_KEY`,
//! `TENSORPOOL_KEY`, `TOGETHER_API_KEY`). With none set, local mock servers
//! answer for all three at once, as the vendors' documents describe. A deletion
//! asks you to type `yes` (or pass `--yes`).

use std::io::BufRead;

use cloud_clusters::tensorpool::mock::MockServerExt as _;
use cloud_clusters::together::mock::MockServerExt as _;
use cloud_clusters::zilliz_v2::mock::MockServerExt as _;
use cloud_clusters::{Clusters, tensorpool, together, zilliz_v2};
use serde_json::json;

mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

/// What the command line asks for.
struct Args {
    delete: Option<(String, String)>,
    yes: bool,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        delete: None,
        yes: false,
    };
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--delete" => match (rest.next(), rest.next()) {
                (Some(provider), Some(id)) => out.delete = Some((provider, id)),
                _ => return Err("--delete takes a provider and a cluster id".into()),
            },
            "--yes" => out.yes = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?}: use --delete PROVIDER ID [--yes], or nothing to list"
                ));
            }
        }
    }
    Ok(out)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let mut servers = Vec::new();
    let mut providers = cloud_clusters::from_env_all()?;
    if providers.is_empty() {
        println!("no API key variable is set: using a local mock server for every provider");
        let (mocked, started) = mocked_providers().await?;
        providers = mocked;
        servers = started;
    }

    if let Some((provider, id)) = &args.delete {
        let target = providers
            .iter()
            .find(|p| p.provider() == provider)
            .ok_or_else(|| {
                format!(
                    "no configured provider named {provider:?}: the configured ones are {}",
                    providers
                        .iter()
                        .map(|p| p.provider())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
        let cluster = target.get(id).await?;
        println!(
            "{} {} ({}) is {}",
            cluster.provider,
            cluster.id,
            cluster.name.as_deref().unwrap_or("-"),
            cluster.state
        );
        if !args.yes && !confirmed(&format!("delete {id} at {provider}? type yes: "))? {
            println!("not deleted");
            return Ok(());
        }
        target.delete(id).await?;
        println!("deleted {id} at {provider}");
        return Ok(());
    }

    println!(
        "{:<12} {:<24} {:<22} {:<14} {:<24} {:<16} ENDPOINT",
        "PROVIDER", "ID", "NAME", "STATE", "VENDOR STATE", "REGION"
    );
    for provider in &providers {
        match provider.list().await {
            Ok(clusters) => {
                for c in clusters {
                    println!(
                        "{:<12} {:<24} {:<22} {:<14} {:<24} {:<16} {}",
                        c.provider,
                        c.id,
                        c.name.as_deref().unwrap_or("-"),
                        c.state.to_string(),
                        c.vendor_state,
                        c.region.as_deref().unwrap_or("-"),
                        c.endpoint.as_deref().unwrap_or("-")
                    );
                }
            }
            // One provider failing does not hide the others.
            Err(e) => eprintln!("{e}"),
        }
    }
    drop(servers);
    Ok(())
}

fn confirmed(question: &str) -> Result<bool, std::io::Error> {
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}

/// One local mock server per provider, answering as its document describes.
async fn mocked_providers()
-> Result<(Vec<Box<dyn Clusters>>, Vec<httpmock::MockServer>), Box<dyn std::error::Error>> {
    let zilliz = httpmock::MockServer::start_async().await;
    zilliz.list_clusters(|_, then| {
        then.into_inner().status(200).json_body(json!({"code": 0, "data": {
            "count": 2, "currentPage": 1, "pageSize": 100,
            "clusters": [
                {"clusterId": "in01-xxxxxxxxxxxxxxx", "clusterName": "Dedicated-01", "status": "RUNNING",
                 "regionId": "aws-us-west-2", "connectAddress": "https://in01-xxxxxxxxxxxxxxx.aws-us-west-2.vectordb.zillizcloud.com:19530"},
                {"clusterId": "in05-xxxxxxxxxxxxxxx", "clusterName": "Serverless-01", "status": "STOPPED",
                 "regionId": "gcp-us-west1"}
            ]
        }}));
    });
    let tensorpool = httpmock::MockServer::start_async().await;
    tensorpool.cluster_list(|_, then| {
        then.into_inner().status(200).json_body(json!({
            "message": "1 cluster",
            "clusters": [{"cluster_id": "tp-7f3a", "name": "train-8xh100", "status": "RUNNING", "region": "us-east"}]
        }));
    });
    let together = httpmock::MockServer::start_async().await;
    let cluster = json!({
        "cluster_id": "cluster-8c1f0a", "cluster_name": "my-gpu-cluster",
        "region": "us-central-8", "status": "WaitingForDataPlaneNodes"
    });
    together.gpu_cluster_service_list(|_, then| {
        then.into_inner()
            .status(200)
            .json_body(json!({"clusters": [cluster.clone()]}));
    });
    together.gpu_cluster_service_get(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner().status(200).json_body(cluster.clone());
    });
    together.gpu_cluster_service_delete(|when, then| {
        when.cluster_id("cluster-8c1f0a");
        then.into_inner()
            .status(200)
            .json_body(json!({"cluster_id": "cluster-8c1f0a"}));
    });
    let providers: Vec<Box<dyn Clusters>> = vec![
        Box::new(zilliz_v2::Client::with_api_key(&zilliz.base_url(), "demo")?),
        Box::new(tensorpool::Client::with_api_key(
            &tensorpool.base_url(),
            "demo",
        )?),
        Box::new(together::Client::with_api_key(
            &together.base_url(),
            "demo",
        )?),
    ];
    Ok((providers, vec![zilliz, tensorpool, together]))
}
