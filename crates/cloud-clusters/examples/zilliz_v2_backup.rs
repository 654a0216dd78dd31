//! Back up a Zilliz Cloud dedicated cluster, wait for the backup, restore it to a
//! new cluster and wait for that (API v2).
//!
//! With `ZILLIZ_API_KEY` set, this talks to Zilliz: it backs up the cluster
//! `ZILLIZ_CLUSTER_ID` and restores it into the project `ZILLIZ_PROJECT_ID` (a
//! new, billed cluster). Without the key, it starts a local mock server that
//! answers as Zilliz's reference pages show, and runs the same flow:
//!
//! ```sh
//! cargo run -p cloud-clusters --example zilliz_v2_backup
//! ```

use std::num::NonZeroU32;
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
    let (client, cluster, project, wait) = if std::env::var_os(API_KEY_ENV).is_some() {
        (
            Client::from_env()?,
            common::required(
                "ZILLIZ_CLUSTER_ID",
                "the dedicated cluster to back up (in01-...)",
            )?,
            common::required(
                "ZILLIZ_PROJECT_ID",
                "the project of the restored cluster (proj-...)",
            )?,
            WaitOptions::default(),
        )
    } else {
        println!("{API_KEY_ENV} is not set: using a local mock server");
        mock = httpmock::MockServer::start_async().await;
        answer_like_the_docs(&mock);
        (
            Client::with_api_key(&mock.base_url(), "demo-key")?,
            CLUSTER.to_string(),
            PROJECT.to_string(),
            WaitOptions::default().with_interval(Duration::from_millis(50)),
        )
    };

    // 1. Back up the whole cluster: the answer names the backup and its job.
    let backup = client
        .create_backup()
        .cluster_id(&cluster)
        .body(
            types::CreateBackupRequest::builder()
                .backup_type(types::CreateBackupRequestBackupType::Cluster),
        )
        .send()
        .await
        .into_data()?;
    println!(
        "backup {} ({}) started, job {}",
        backup.backup_id,
        backup.backup_name.as_deref().unwrap_or("-"),
        backup.job_id.as_deref().unwrap_or("-")
    );

    // 2. Wait until the backup is AVAILABLE.
    let ready = client
        .wait_for_backup(&cluster, &backup.backup_id, &wait)
        .await?;
    println!("backup {} is {:?}", ready.backup_id, ready.status);

    // 3. Restore it into a new dedicated cluster; the answer carries its job.
    let restored = client
        .restore_cluster_backup()
        .cluster_id(&cluster)
        .backup_id(&backup.backup_id)
        .body(
            types::RestoreClusterBackupRequest::builder()
                .project_id(project)
                .cluster_name("Dedicated-01-restored")
                .cu_size(NonZeroU32::MIN)
                .collection_status(types::RestoreClusterBackupRequestCollectionStatus::Keep),
        )
        .send()
        .await
        .into_data()?;
    // The new cluster's initial password is a secret: Debug prints it redacted.
    println!(
        "restoring into {} (user {:?}, password {:?})",
        restored.cluster_id, restored.username, restored.password
    );

    // 4. Wait for the restore job, then for the new cluster to run.
    if let Some(job) = &restored.job_id {
        let done = client.wait_for_job(job, &wait).await?;
        println!("job {} is {:?}", done.job_id, done.status);
    }
    let cluster = client.wait_for_cluster(&restored.cluster_id, &wait).await?;
    println!("{} is {}", cluster.cluster_id, cluster.status);
    Ok(())
}

const CLUSTER: &str = "in01-xxxxxxxxxxxxxxx";
const PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxxxxxx";
const BACKUP: &str = "backup0_c7b18539b97xxxx";
const RESTORED: &str = "in01-yyyyyyyyyyyyyyy";

/// Answers the four calls as the vendor's pages show them.
fn answer_like_the_docs(server: &httpmock::MockServer) {
    server.create_backup(|when, then| {
        when.cluster_id(CLUSTER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"backupId": BACKUP, "backupName": "Dedicated-01_backup2", "jobId": "job-031a8e3587ba7zqkadxxxx"}
        }));
    });
    server.describe_backup(|when, then| {
        when.cluster_id(CLUSTER).backup_id(BACKUP);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "clusterId": CLUSTER, "clusterName": "Dedicated-01", "backupId": BACKUP,
                "backupName": "Dedicated-01_backup2", "backupType": "CLUSTER",
                "creationMethod": "MANUAL", "status": "AVAILABLE", "size": 0,
                "createTime": "2024-08-26T03:07:11Z"
            }
        }));
    });
    server.restore_cluster_backup(|when, then| {
        when.cluster_id(CLUSTER).backup_id(BACKUP);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"clusterId": RESTORED, "username": "db_admin", "password": "********", "jobId": "job-04a5b4a3e3d1ee0swlxxxx"}
        }));
    });
    server.describe_job(|when, then| {
        when.job_id("job-04a5b4a3e3d1ee0swlxxxx");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"jobId": "job-04a5b4a3e3d1ee0swlxxxx", "type": "RESTORE_CLUSTER", "status": "SUCCESSFUL", "progress": "100"}
        }));
    });
    server.describe_cluster(|when, then| {
        when.cluster_id(RESTORED);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {"clusterId": RESTORED, "clusterName": "Dedicated-01-restored", "status": "RUNNING"}
        }));
    });
}
