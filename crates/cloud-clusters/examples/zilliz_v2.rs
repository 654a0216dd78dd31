//! Create a Zilliz Cloud serverless cluster (API v2) and wait until it is RUNNING.
//!
//! With `ZILLIZ_API_KEY` set, this talks to Zilliz and creates a real cluster in
//! the project `ZILLIZ_PROJECT_ID` and region `ZILLIZ_REGION_ID`. Without it, it
//! starts a local mock server that answers as Zilliz's docs show, and runs the
//! same flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example zilliz_v2
//! ```

use std::time::Duration;

use cloud_clusters::WaitOptions;
use cloud_clusters::zilliz_v2::mock::MockServerExt;
use cloud_clusters::zilliz_v2::{API_KEY_ENV, Client, IntoData, types};
use serde_json::json;

mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock;
    let (client, project, region, wait) = if std::env::var_os(API_KEY_ENV).is_some() {
        (
            Client::from_env()?,
            common::required(
                "ZILLIZ_PROJECT_ID",
                "the project to create the cluster in (proj-...)",
            )?,
            common::required(
                "ZILLIZ_REGION_ID",
                "a region id from GET /v2/regions, such as aws-us-west-2",
            )?,
            WaitOptions::default(),
        )
    } else {
        println!("{API_KEY_ENV} is not set: using a local mock server");
        mock = httpmock::MockServer::start_async().await;
        answer_like_the_docs(&mock);
        (
            Client::with_api_key(&mock.base_url(), "demo-key")?,
            "proj-xxxxxxxxxxxxxxxxxxxxxxx".to_string(),
            "aws-us-west-2".to_string(),
            WaitOptions::default().with_interval(Duration::from_millis(50)),
        )
    };

    let request = types::CreateServerlessRequest::builder()
        .cluster_name("Serverless-05")
        .project_id(project)
        .region_id(region);
    let created = client
        .create_serverless()
        .body(request)
        .send()
        .await
        .into_data()?;
    println!(
        "created {} (user {:?}, password {:?})",
        created.cluster_id, created.username, created.password
    );

    let cluster = client.wait_for_cluster(&created.cluster_id, &wait).await?;
    println!(
        "{} is {}: {:?}",
        cluster.cluster_id, cluster.status, cluster.connect_address
    );
    Ok(())
}

fn answer_like_the_docs(server: &httpmock::MockServer) {
    server.create_serverless(|_, then| {
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "in05-xxxxxxxxxxxxxxx",
                "username": "db_xxxxxxxx",
                "password": "***********",
                "prompt": "Successfully submitted, cluster is being created."
            }
        }));
    });
    server.describe_cluster(|when, then| {
        when.cluster_id("in05-xxxxxxxxxxxxxxx");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": "in05-xxxxxxxxxxxxxxx",
                "clusterName": "Serverless-05",
                "regionId": "aws-us-west-2",
                "plan": "Serverless",
                "cuType": "",
                "cuSize": 0,
                "status": "RUNNING",
                "connectAddress": "https://in05-xxxxxxxxxxxxxxx.serverless.aws-us-west-2.cloud.zilliz.com",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxxxxx",
                "createTime": "2024-06-20T03:07:05Z"
            }
        }));
    });
}
