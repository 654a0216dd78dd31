//! Create a Zilliz Cloud serverless cluster (API v1) and wait until it is RUNNING.
//!
//! With `ZILLIZ_API_KEY` set, this talks to Zilliz and creates a real cluster in
//! the project `ZILLIZ_PROJECT_ID`, on the regional host of `ZILLIZ_REGION_ID`
//! (e.g. `gcp-us-west1`). Without it, it
//! starts a local mock server that answers as Zilliz's docs show, and runs the
//! same flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example zilliz_v1
//! ```

use std::time::Duration;

use cloud_clusters::WaitOptions;
use cloud_clusters::zilliz_v1::mock::MockServerExt;
use cloud_clusters::zilliz_v1::{API_KEY_ENV, Client, IntoData, base_url_for_region, types};
use serde_json::json;

mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock;
    let (client, project, wait) = if let Ok(key) = std::env::var(API_KEY_ENV) {
        let region = common::required(
            "ZILLIZ_REGION_ID",
            "the region of your project, such as gcp-us-west1",
        )?;
        (
            Client::with_api_key(&base_url_for_region(&region), key)?,
            common::required(
                "ZILLIZ_PROJECT_ID",
                "the project to create the cluster in (proj-...)",
            )?,
            WaitOptions::default(),
        )
    } else {
        println!("{API_KEY_ENV} is not set: using a local mock server");
        mock = httpmock::MockServer::start_async().await;
        answer_like_the_docs(&mock);
        (
            Client::with_api_key(&mock.base_url(), "demo-key")?,
            "8342669010291064832".to_string(),
            WaitOptions::default().with_interval(Duration::from_millis(50)),
        )
    };

    let request = types::CreateServerlessRequest::builder()
        .cluster_name("cluster-starter")
        .project_id(project);
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
            "code": 200,
            "data": {
                "clusterId": "in03-36cab39b5ef7894",
                "username": "db_36cab39b5ef7894",
                "password": "Lb9.&N,9]Gd4pkp*",
                "prompt": "Submission successful, Cluster is being created, You can use the DescribeCluster interface to obtain the creation progress and the status of the Cluster."
            }
        }));
    });
    server.describe_cluster(|when, then| {
        when.cluster_id("in03-36cab39b5ef7894");
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {
                "clusterId": "in03-36cab39b5ef7894",
                "clusterName": "cluster-starter",
                "regionId": "gcp-us-west1",
                "clusterType": "",
                "cuSize": 0,
                "status": "RUNNING",
                "connectAddress": "https://in03-36cab39b5ef7894.api.gcp-us-west1.zillizcloud.com:19530",
                "createTime": "2024-06-20T03:07:05Z"
            }
        }));
    });
}
