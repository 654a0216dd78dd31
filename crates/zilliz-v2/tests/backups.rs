//! The Backups group of Zilliz v2 (`specs/zilliz-v2/paths/backups.yaml`) against httpmock:
//! for each of its nine operations, the request the client sends (method, exact path,
//! bearer key, query, body from the spec's request example), the spec's example answer
//! decoded field by field, and one documented error code mapped to its kind. Also the
//! hand-written `wait_for_backup` waiter (success, failure, timeout) and
//! `list_backups_all` across three pages.
//!
//! `GET …/backups/policy` and `GET …/backups/{backupId}` overlap (the generated mock
//! helpers match `{backupId}` as any segment), so every mock here pins the exact path.

mod common;

use std::num::NonZeroU32;
use std::time::Duration;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ApiError, ErrorKind, IntoData, WaitError, WaitOptions, types};
use httpmock::{Method, Mock, MockServer};
use serde_json::{Value, json};

/// The cluster ID the path examples use.
const CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
/// The backup ID the path examples use.
const BACKUP: &str = "backupx_xxxxxxxxxxxxxxx";

fn backups_path(suffix: &str) -> String {
    format!("/v2/clusters/{CLUSTER}/backups/{suffix}")
}

// ---------------------------------------------------------------- createBackup

fn mock_create_backup(server: &MockServer, answer: Value) -> Mock<'_> {
    server.create_backup(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(backups_path("create"))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "backupType": "COLLECTION",
                "dbCollections": [{"collectionNames": ["medium_articles"]}]
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_create_backup(server: &MockServer) -> Result<types::CreateBackupData, ApiError> {
    let collections = types::CreateBackupDbCollections::try_from(
        types::CreateBackupDbCollections::builder()
            .collection_names(vec!["medium_articles".to_string()]),
    )
    .expect("the collections are valid");
    common::client(server)
        .create_backup()
        .cluster_id(CLUSTER)
        .body(
            types::CreateBackupRequest::builder()
                .backup_type(types::CreateBackupRequestBackupType::Collection)
                .db_collections(vec![collections]),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn create_backup_sends_the_example_body_and_decodes_the_new_backup() {
    let server = MockServer::start_async().await;
    let mock = mock_create_backup(
        &server,
        json!({
            "code": 0,
            "data": {
                "backupId": "backupx_xxxxxxxxxxxxxxx",
                "backupName": "Dedicated_01",
                "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"
            }
        }),
    );

    let data = call_create_backup(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.backup_id, "backupx_xxxxxxxxxxxxxxx");
    assert_eq!(data.backup_name.as_deref(), Some("Dedicated_01"));
    assert_eq!(data.job_id.as_deref(), Some("job-xxxxxxxxxxxxxxxxxxxxxx"));
}

#[tokio::test]
async fn create_backup_on_a_serverless_cluster_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Serverless clusters do not support this operation.";
    let mock = mock_create_backup(&server, common::error_envelope(96022, message));

    let err = call_create_backup(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96022, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ----------------------------------------------------------------- listBackups

fn mock_list_backups(server: &MockServer, answer: Value) -> Mock<'_> {
    server.list_backups(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/backups")
            .header("authorization", common::BEARER)
            .query_param("projectId", "proj-xxxxxxxxxxxxxxxxxxxx")
            .query_param("clusterId", "inxx-xxxxxxxxxxxxxxx")
            .query_param("creationMethod", "AUTO")
            .query_param("backupType", "CLUSTER")
            .query_param("startTime", "2024-07-01T00:00:00Z")
            .query_param("endTime", "2024-08-01T00:00:00Z")
            .query_param("pageSize", "10")
            .query_param("currentPage", "1")
            .query_param_count(".*", ".*", 8);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_list_backups(server: &MockServer) -> Result<types::BackupPage, ApiError> {
    common::client(server)
        .list_backups()
        .project_id("proj-xxxxxxxxxxxxxxxxxxxx")
        .cluster_id("inxx-xxxxxxxxxxxxxxx")
        .creation_method(types::ListBackupsCreationMethod::Auto)
        .backup_type(types::ListBackupsBackupType::Cluster)
        .start_time("2024-07-01T00:00:00Z")
        .end_time("2024-08-01T00:00:00Z")
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn list_backups_sends_every_filter_and_decodes_the_example_page() {
    let server = MockServer::start_async().await;
    let mock = mock_list_backups(
        &server,
        json!({
            "code": 0,
            "data": {
                "count": 1,
                "currentPage": 1,
                "pageSize": 10,
                "backups": [
                    {
                        "projectId": "proj-xxxxxxxxxxxxxxxxxxxx",
                        "backupId": "backupx_xxxxxxxxxxxxxxxx",
                        "backupName": "Dedicated-01_backup1",
                        "backupType": "CLUSTER",
                        "creationMethod": "AUTO",
                        "size": 112,
                        "expireTime": "2024-08-30T16:49:50Z",
                        "clusterId": "inxx-xxxxxxxxxxxxxx",
                        "clusterName": "Dedicated-01",
                        "createTime": "2024-07-30T16:49:50Z",
                        "status": "AVAILABLE"
                    }
                ]
            }
        }),
    );

    let page = call_list_backups(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.backups.len(), 1);
    let b = &page.backups[0];
    assert_eq!(b.project_id.as_deref(), Some("proj-xxxxxxxxxxxxxxxxxxxx"));
    assert_eq!(b.backup_id, "backupx_xxxxxxxxxxxxxxxx");
    assert_eq!(b.backup_name.as_deref(), Some("Dedicated-01_backup1"));
    assert_eq!(b.backup_type, Some(types::BackupType::Cluster));
    assert_eq!(b.creation_method, Some(types::BackupCreationMethod::Auto));
    assert_eq!(b.size, Some(112));
    assert_eq!(b.expire_time.as_deref(), Some("2024-08-30T16:49:50Z"));
    assert_eq!(b.cluster_id.as_deref(), Some("inxx-xxxxxxxxxxxxxx"));
    assert_eq!(b.cluster_name.as_deref(), Some("Dedicated-01"));
    assert_eq!(b.create_time.as_deref(), Some("2024-07-30T16:49:50Z"));
    assert_eq!(b.status, Some(types::BackupStatus::Available));
}

#[tokio::test]
async fn list_backups_with_a_bad_page_size_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "The pageSize must be between 1 and 100.";
    let mock = mock_list_backups(&server, common::error_envelope(96008, message));

    let err = call_list_backups(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96008, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

/// One page of `list_backups_all`: `len` backups numbered from `first`, out of 250.
fn backup_page(page: u32, first: usize, len: usize) -> Value {
    let backups: Vec<Value> = (first..first + len)
        .map(|i| json!({"backupId": format!("backup-{i:03}"), "status": "AVAILABLE"}))
        .collect();
    json!({
        "code": 0,
        "data": {"count": 250, "currentPage": page, "pageSize": 100, "backups": backups}
    })
}

#[tokio::test]
async fn list_backups_all_collects_three_pages_of_one_hundred() {
    let server = MockServer::start_async().await;
    let pages: Vec<Mock<'_>> = [(1u32, 0usize, 100usize), (2, 100, 100), (3, 200, 50)]
        .into_iter()
        .map(|(page, first, len)| {
            server.list_backups(|when, then| {
                when.into_inner()
                    .method(Method::GET)
                    .path("/v2/backups")
                    .header("authorization", common::BEARER)
                    .query_param("currentPage", page.to_string())
                    .query_param("pageSize", "100")
                    .query_param_count(".*", ".*", 2);
                then.into_inner()
                    .status(200)
                    .json_body(backup_page(page, first, len));
            })
        })
        .collect();

    let all = common::client(&server)
        .list_backups_all()
        .await
        .expect("every page decodes");

    for mock in &pages {
        mock.assert_async().await;
    }
    assert_eq!(all.len(), 250);
    for (i, backup) in all.iter().enumerate() {
        assert_eq!(backup.backup_id, format!("backup-{i:03}"));
        assert_eq!(backup.status, Some(types::BackupStatus::Available));
    }
}

// ------------------------------------------------------------- getBackupPolicy

fn mock_get_backup_policy(server: &MockServer, answer: Value) -> Mock<'_> {
    server.get_backup_policy(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(backups_path("policy"))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_get_backup_policy(server: &MockServer) -> Result<types::BackupPolicy, ApiError> {
    common::client(server)
        .get_backup_policy()
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn get_backup_policy_decodes_the_example_policy() {
    let server = MockServer::start_async().await;
    let mock = mock_get_backup_policy(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "status": "ENABLED",
                "startTime": "02:00-04:00",
                "frequency": "1,2,3,5",
                "retentionDays": 7
            }
        }),
    );

    let policy = call_get_backup_policy(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(policy.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(policy.status, Some(types::BackupPolicyStatus::Enabled));
    assert_eq!(policy.start_time.as_deref(), Some("02:00-04:00"));
    assert_eq!(policy.frequency.as_deref(), Some("1,2,3,5"));
    assert_eq!(policy.retention_days, Some(7));
    assert!(policy.cross_region_copies.is_empty());
}

#[tokio::test]
async fn get_backup_policy_of_a_free_cluster_is_failed_precondition() {
    let server = MockServer::start_async().await;
    let message = "Free clusters do not support this operation.";
    let mock = mock_get_backup_policy(&server, common::error_envelope(96021, message));

    let err = call_get_backup_policy(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96021, ErrorKind::FailedPrecondition, 200);
    assert_eq!(v.message, message);
}

// ------------------------------------------------------------- setBackupPolicy

fn mock_set_backup_policy(server: &MockServer, answer: Value) -> Mock<'_> {
    server.set_backup_policy(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(backups_path("policy"))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "frequency": "1,2,3,5",
                "startTime": "02:00-04:00",
                "retentionDays": 7,
                "enabled": true
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_set_backup_policy(
    server: &MockServer,
) -> Result<types::SetBackupPolicyData, ApiError> {
    common::client(server)
        .set_backup_policy()
        .cluster_id(CLUSTER)
        .body(
            types::SetBackupPolicyRequest::builder()
                .frequency(Some("1,2,3,5".to_string()))
                .start_time(Some("02:00-04:00".to_string()))
                .retention_days(NonZeroU32::new(7))
                .enabled(true),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn set_backup_policy_sends_the_example_body_and_decodes_the_status() {
    let server = MockServer::start_async().await;
    let mock = mock_set_backup_policy(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "status": "ENABLED"
            }
        }),
    );

    let data = call_set_backup_policy(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(data.status, Some(types::BackupPolicyStatus::Enabled));
}

#[tokio::test]
async fn set_backup_policy_with_a_bad_retention_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "Invalid retentionDays: must be from 1 to 30.";
    let mock = mock_set_backup_policy(&server, common::error_envelope(96034, message));

    let err = call_set_backup_policy(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96034, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

// -------------------------------------------------------------- describeBackup

/// The spec's describeBackup example, with another status.
fn described_backup(status: &str) -> Value {
    json!({
        "code": 0,
        "data": {
            "clusterId": "in01-31a6b840e50b72d",
            "clusterName": "Dediacted-01",
            "projectId": "proj-b44a39b0c51cf21791a841",
            "backupId": "backup0_1e3c0988ecb7f0d",
            "backupName": "Dedicated-01_backup1",
            "backupType": "CLUSTER",
            "creationMethod": "MANUAL",
            "status": status,
            "size": 112,
            "regionId": "aws-us-west-2",
            "expireTime": "2024-08-30T16:49:50Z",
            "collections": [
                {
                    "collectionName": "medium_articles",
                    "description": "Sample collection",
                    "status": "LOADED"
                }
            ],
            "createTime": "2024-07-30T16:49:50Z"
        }
    })
}

fn mock_describe_backup(server: &MockServer, answer: Value) -> Mock<'_> {
    server.describe_backup(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(backups_path(BACKUP))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_describe_backup(server: &MockServer) -> Result<types::Backup, ApiError> {
    common::client(server)
        .describe_backup()
        .cluster_id(CLUSTER)
        .backup_id(BACKUP)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn describe_backup_decodes_the_example_with_its_flat_collections() {
    let server = MockServer::start_async().await;
    let mock = mock_describe_backup(&server, described_backup("AVAILABLE"));

    let b = call_describe_backup(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(b.cluster_id.as_deref(), Some("in01-31a6b840e50b72d"));
    assert_eq!(b.cluster_name.as_deref(), Some("Dediacted-01"));
    assert_eq!(b.project_id.as_deref(), Some("proj-b44a39b0c51cf21791a841"));
    assert_eq!(b.backup_id, "backup0_1e3c0988ecb7f0d");
    assert_eq!(b.backup_name.as_deref(), Some("Dedicated-01_backup1"));
    assert_eq!(b.backup_type, Some(types::BackupType::Cluster));
    assert_eq!(b.creation_method, Some(types::BackupCreationMethod::Manual));
    assert_eq!(b.status, Some(types::BackupStatus::Available));
    assert_eq!(b.size, Some(112));
    assert_eq!(b.region_id.as_deref(), Some("aws-us-west-2"));
    assert_eq!(b.expire_time.as_deref(), Some("2024-08-30T16:49:50Z"));
    assert_eq!(b.create_time.as_deref(), Some("2024-07-30T16:49:50Z"));
    assert!(b.db_collections.is_empty());
    assert_eq!(b.collections.len(), 1);
    let c = &b.collections[0];
    assert_eq!(c.collection_name.as_deref(), Some("medium_articles"));
    assert_eq!(c.description.as_deref(), Some("Sample collection"));
    assert_eq!(c.status, Some(types::BackupCollectionStatus::Loaded));
}

#[tokio::test]
async fn describe_backup_of_a_missing_cluster_is_not_found() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist.";
    let mock = mock_describe_backup(&server, common::error_envelope(96018, message));

    let err = call_describe_backup(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96018, ErrorKind::NotFound, 200);
    assert_eq!(v.message, message);
}

// ---------------------------------------------------------------- deleteBackup

fn mock_delete_backup(server: &MockServer, answer: Value) -> Mock<'_> {
    server.delete_backup(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(backups_path(BACKUP))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0);
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_delete_backup(server: &MockServer) -> Result<types::DeleteBackupData, ApiError> {
    common::client(server)
        .delete_backup()
        .cluster_id(CLUSTER)
        .backup_id(BACKUP)
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn delete_backup_decodes_the_deleted_backup() {
    let server = MockServer::start_async().await;
    let mock = mock_delete_backup(
        &server,
        json!({
            "code": 0,
            "data": {
                "backupId": "backup1_1e9d15560e4f240",
                "backupName": "Dedicated-01_backup1"
            }
        }),
    );

    let data = call_delete_backup(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.backup_id, "backup1_1e9d15560e4f240");
    assert_eq!(data.backup_name.as_deref(), Some("Dedicated-01_backup1"));
}

#[tokio::test]
async fn delete_backup_with_a_malformed_cluster_id_is_invalid_argument() {
    let server = MockServer::start_async().await;
    let message = "Invalid clusterId.";
    let mock = mock_delete_backup(&server, common::error_envelope(96036, message));

    let err = call_delete_backup(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96036, ErrorKind::InvalidArgument, 200);
    assert_eq!(v.message, message);
}

// ----------------------------------------------------------- exportBackupFiles

fn mock_export_backup_files(server: &MockServer, answer: Value) -> Mock<'_> {
    server.export_backup_files(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(backups_path(&format!("{BACKUP}/export")))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "integrationId": "integ-xxxxxxx",
                "directory": "destdir/"
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_export_backup_files(server: &MockServer) -> Result<types::BackupJobData, ApiError> {
    common::client(server)
        .export_backup_files()
        .cluster_id(CLUSTER)
        .backup_id(BACKUP)
        .body(
            types::ExportBackupRequest::builder()
                .integration_id(Some("integ-xxxxxxx".to_string()))
                .directory(Some("destdir/".to_string())),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn export_backup_files_sends_the_example_body_and_decodes_the_job() {
    let server = MockServer::start_async().await;
    let mock = mock_export_backup_files(
        &server,
        json!({
            "code": 0,
            "data": {
                "jobId": "job-0396450098cglufig6afm9"
            }
        }),
    );

    let data = call_export_backup_files(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.job_id, "job-0396450098cglufig6afm9");
}

#[tokio::test]
async fn export_backup_files_of_a_missing_cluster_is_not_found() {
    let server = MockServer::start_async().await;
    let message = "The cluster does not exist.";
    let mock = mock_export_backup_files(&server, common::error_envelope(96018, message));

    let err = call_export_backup_files(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96018, ErrorKind::NotFound, 200);
    assert_eq!(v.message, message);
}

// -------------------------------------------------------- restoreClusterBackup

/// The password of the spec's restoreClusterBackup example.
const RESTORED_PASSWORD: &str = "xxxxxxxxx";

fn mock_restore_cluster_backup(server: &MockServer, answer: Value) -> Mock<'_> {
    server.restore_cluster_backup(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(backups_path(&format!("{BACKUP}/restoreCluster")))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxx",
                "clusterName": "Dedicated-12",
                "cuSize": 2,
                "collectionStatus": "KEEP"
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_restore_cluster_backup(
    server: &MockServer,
) -> Result<types::RestoreClusterBackupData, ApiError> {
    common::client(server)
        .restore_cluster_backup()
        .cluster_id(CLUSTER)
        .backup_id(BACKUP)
        .body(
            types::RestoreClusterBackupRequest::builder()
                .project_id("proj-xxxxxxxxxxxxxxxxxxxx")
                .cluster_name("Dedicated-12")
                .cu_size(2u32)
                .collection_status(types::RestoreClusterBackupRequestCollectionStatus::Keep),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn restore_cluster_backup_decodes_the_new_cluster_and_hides_its_password() {
    let server = MockServer::start_async().await;
    let mock = mock_restore_cluster_backup(
        &server,
        json!({
            "code": 0,
            "data": {
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "username": "db_admin",
                "password": "xxxxxxxxx",
                "jobId": "job-xxxxxxxxxxxxxx"
            }
        }),
    );

    let data = call_restore_cluster_backup(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.cluster_id, "inxx-xxxxxxxxxxxxxxx");
    assert_eq!(data.username.as_deref(), Some("db_admin"));
    assert_eq!(data.job_id.as_deref(), Some("job-xxxxxxxxxxxxxx"));
    let password = data.password.as_ref().expect("the example has a password");
    assert_eq!(password.expose_secret(), RESTORED_PASSWORD);
    // The IDs are made of x's too, so look for the password as Debug would quote it.
    assert!(!format!("{password:?}").contains(RESTORED_PASSWORD));
    let shown = format!("{data:?}");
    assert!(
        !shown.contains(&format!("{RESTORED_PASSWORD:?}")),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn restore_cluster_backup_under_a_taken_name_is_already_exists() {
    let server = MockServer::start_async().await;
    let message = "A cluster with this name already exists in the project.";
    let mock = mock_restore_cluster_backup(&server, common::error_envelope(96017, message));

    let err = call_restore_cluster_backup(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96017, ErrorKind::AlreadyExists, 200);
    assert_eq!(v.message, message);
}

// ----------------------------------------------------- restoreCollectionBackup

fn mock_restore_collection_backup(server: &MockServer, answer: Value) -> Mock<'_> {
    server.restore_collection_backup(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(backups_path(&format!("{BACKUP}/restoreCollection")))
            .header("authorization", common::BEARER)
            .query_param_count(".*", ".*", 0)
            .json_body(json!({
                "destClusterId": "in01-xxxxxxxxxxxxxx",
                "dbCollections": [
                    {
                        "collections": [
                            {
                                "collectionName": "medium_articles",
                                "targetCollectionName": "restore_medium_articles",
                                "targetCollectionStatus": "LOADED"
                            }
                        ]
                    }
                ]
            }));
        then.into_inner().status(200).json_body(answer);
    })
}

async fn call_restore_collection_backup(
    server: &MockServer,
) -> Result<types::BackupJobData, ApiError> {
    let target = types::RestoreCollectionTarget::try_from(
        types::RestoreCollectionTarget::builder()
            .collection_name(Some("medium_articles".to_string()))
            .target_collection_name(Some("restore_medium_articles".to_string()))
            .target_collection_status(Some(
                types::RestoreCollectionTargetTargetCollectionStatus::Loaded,
            )),
    )
    .expect("the target is valid");
    let group = types::RestoreCollectionDbCollections::try_from(
        types::RestoreCollectionDbCollections::builder().collections(vec![target]),
    )
    .expect("the group is valid");
    common::client(server)
        .restore_collection_backup()
        .cluster_id(CLUSTER)
        .backup_id(BACKUP)
        .body(
            types::RestoreCollectionBackupRequest::builder()
                .dest_cluster_id("in01-xxxxxxxxxxxxxx")
                .db_collections(vec![group]),
        )
        .send()
        .await
        .into_data()
}

#[tokio::test]
async fn restore_collection_backup_sends_the_example_body_and_decodes_the_job() {
    let server = MockServer::start_async().await;
    let mock = mock_restore_collection_backup(
        &server,
        json!({
            "code": 0,
            "data": {
                "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"
            }
        }),
    );

    let data = call_restore_collection_backup(&server)
        .await
        .expect("the example decodes");

    mock.assert_async().await;
    assert_eq!(data.job_id, "job-xxxxxxxxxxxxxxxxxxxxxx");
}

#[tokio::test]
async fn restore_collection_backup_that_fails_is_internal() {
    let server = MockServer::start_async().await;
    let message = "Restoring the collection backup failed (details follow).";
    let mock = mock_restore_collection_backup(&server, common::error_envelope(96039, message));

    let err = call_restore_collection_backup(&server)
        .await
        .expect_err("an error envelope");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96039, ErrorKind::Internal, 200);
    assert_eq!(v.message, message);
}

// -------------------------------------------------------------- wait_for_backup

/// Polls every 10 ms, for at most `timeout`.
fn fast(timeout: Duration) -> WaitOptions {
    WaitOptions::default()
        .with_interval(Duration::from_millis(10))
        .with_timeout(timeout)
}

#[tokio::test]
async fn wait_for_backup_polls_until_available() {
    let server = MockServer::start_async().await;
    let client = common::client(&server);
    let creating = mock_describe_backup(&server, described_backup("CREATING"));

    let options = fast(Duration::from_secs(10));
    let wait = client.wait_for_backup(CLUSTER, BACKUP, &options);
    let flip = async {
        while creating.calls_async().await == 0 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        // Mocks match in the order they were made: until the first is deleted, polls
        // still see CREATING, so no poll falls between the two mocks.
        let available = mock_describe_backup(&server, described_backup("AVAILABLE"));
        creating.delete_async().await;
        available
    };
    let (waited, available) = tokio::join!(wait, flip);

    let backup = waited.expect("the backup becomes AVAILABLE");
    assert_eq!(backup.backup_id, "backup0_1e3c0988ecb7f0d");
    assert_eq!(backup.status, Some(types::BackupStatus::Available));
    assert_eq!(available.calls_async().await, 1);
}

#[tokio::test]
async fn wait_for_backup_fails_on_deleted() {
    let server = MockServer::start_async().await;
    let mock = mock_describe_backup(&server, described_backup("DELETED"));

    let err = common::client(&server)
        .wait_for_backup(CLUSTER, BACKUP, &fast(Duration::from_secs(10)))
        .await
        .expect_err("DELETED ends the wait as a failure");

    assert_eq!(mock.calls_async().await, 1);
    match err {
        WaitError::Failed(backup) => {
            assert_eq!(backup.backup_id, "backup0_1e3c0988ecb7f0d");
            assert_eq!(backup.status, Some(types::BackupStatus::Deleted));
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_for_backup_times_out_while_creating() {
    let server = MockServer::start_async().await;
    let mock = mock_describe_backup(&server, described_backup("CREATING"));

    let err = common::client(&server)
        .wait_for_backup(CLUSTER, BACKUP, &fast(Duration::from_millis(100)))
        .await
        .expect_err("a backup that stays CREATING times out");

    assert!(mock.calls_async().await >= 2);
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
            let last = last.expect("the polls succeeded");
            assert_eq!(last.backup_id, "backup0_1e3c0988ecb7f0d");
            assert_eq!(last.status, Some(types::BackupStatus::Creating));
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}
