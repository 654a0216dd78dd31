//! The Zilliz v2 `migrations` group (specs/zilliz-v2/paths/migrations.yaml) against
//! httpmock: `migrateFromRemote`, `migrateToExistingCluster` and
//! `migrateToNewDedicatedCluster` send the documented request (method, path, bearer
//! key, exact JSON body), decode the documented answer and map the documented error
//! code. The bucket credentials of `migrateFromRemote` reach the server in the body
//! but never show in `Debug`; the new cluster's one-time password is readable but
//! never shown either.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, RequestSecret, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
const JOB: &str = "job-xxxxxxxxxxxxxxxxxxxxxx";
const ILLEGAL_KEY: &str = "The apikey is illegal";

/// A typed value from its builder, failing the test if the builder is incomplete.
fn build<T, B>(builder: B) -> T
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    builder
        .try_into()
        .unwrap_or_else(|e| panic!("the builder is complete: {e}"))
}

/// Answers `body` with HTTP 200, as JSON.
fn answer(then: httpmock::Then, body: Value) {
    then.status(200)
        .header("content-type", "application/json")
        .json_body(body);
}

/// A POST to `path` with the bearer key and exactly `body`.
fn expect_post(when: httpmock::When, path: &str, body: Value) {
    when.method(Method::POST)
        .path(path)
        .header("authorization", common::BEARER)
        .header("content-type", "application/json")
        .json_body(body);
}

/// A POST to `path` with the bearer key, whatever the body.
fn expect_any_post(when: httpmock::When, path: &str) {
    when.method(Method::POST)
        .path(path)
        .header("authorization", common::BEARER);
}

// ---- migrateFromRemote ---------------------------------------------------------

const REMOTE_PATH: &str = "/v2/migrations/startByRemote";

/// The spec's request example of `migrateFromRemote`, with the given bucket keys.
fn remote_request(access_key: &str, secret_key: &str) -> types::MigrateFromRemoteRequest {
    let source: types::MigrateFromRemoteSource = build(
        types::MigrateFromRemoteSource::builder()
            .cloud("aws".to_string())
            .region("us-west-2".to_string())
            .bucket_name("my-bucket".to_string())
            .path("path/to/backup/".to_string())
            .access_key(RequestSecret::from(access_key))
            .secret_key(RequestSecret::from(secret_key)),
    );
    let destination: types::MigrateFromRemoteDestination =
        build(types::MigrateFromRemoteDestination::builder().cluster_id(CLUSTER.to_string()));
    build(
        types::MigrateFromRemoteRequest::builder()
            .source(source)
            .destination(destination),
    )
}

#[tokio::test]
async fn migrate_from_remote_sends_the_documented_body_and_returns_the_job_id() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_from_remote(|when, then| {
        expect_post(
            when.into_inner(),
            REMOTE_PATH,
            json!({
                "source": {
                    "cloud": "aws",
                    "region": "us-west-2",
                    "bucketName": "my-bucket",
                    "path": "path/to/backup/",
                    "accessKey": "",
                    "secretKey": ""
                },
                "destination": {
                    "clusterId": "inxx-xxxxxxxxxxxxxxx"
                }
            }),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"
                }
            }),
        );
    });

    let request = remote_request("", "");
    let shown = format!("{request:?}");
    assert!(shown.contains("[redacted]"), "{shown}");

    let job = common::client(&server)
        .migrate_from_remote()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn migrate_from_remote_sends_credentials_in_the_body_but_never_in_debug() {
    const ACCESS: &str = "AKIA-migration-access-3R";
    const SECRET: &str = "migration-secret-bPxRfiCY";
    const TOKEN: &str = "migration-session-token-IQoJb3";

    let server = MockServer::start_async().await;
    let mock = server.migrate_from_remote(|when, then| {
        expect_post(
            when.into_inner(),
            REMOTE_PATH,
            json!({
                "source": {
                    "cloud": "aws",
                    "region": "us-west-2",
                    "bucketName": "my-bucket",
                    "path": "path/to/backup/",
                    "accessKey": ACCESS,
                    "secretKey": SECRET,
                    "token": TOKEN
                },
                "destination": {"clusterId": CLUSTER}
            }),
        );
        answer(
            then.into_inner(),
            json!({"code": 0, "data": {"jobId": JOB}}),
        );
    });

    let mut request = remote_request(ACCESS, SECRET);
    let source = request.source.as_mut().expect("the request has a source");
    source.token = Some(RequestSecret::from(TOKEN));
    assert_eq!(
        source.access_key.as_ref().map(RequestSecret::expose_secret),
        Some(ACCESS)
    );
    assert_eq!(
        source.secret_key.as_ref().map(RequestSecret::expose_secret),
        Some(SECRET)
    );
    assert_eq!(
        source.token.as_ref().map(RequestSecret::expose_secret),
        Some(TOKEN)
    );
    let builder = types::builder::MigrateFromRemoteRequest::from(request.clone());
    for shown in [format!("{request:?}"), format!("{builder:?}")] {
        for secret in [ACCESS, SECRET, TOKEN] {
            assert!(!shown.contains(secret), "Debug shows {secret}: {shown}");
        }
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    let job = common::client(&server)
        .migrate_from_remote()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the credentials reach the server");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn migrate_from_remote_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_from_remote(|when, then| {
        expect_any_post(when.into_inner(), REMOTE_PATH);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .migrate_from_remote()
        .body(remote_request("", ""))
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- migrateToExistingCluster --------------------------------------------------

const EXISTING_PATH: &str = "/v2/migrations/toExisting";

fn existing_request_example() -> types::builder::MigrateToExistingClusterRequest {
    let collections: types::MigrationDbCollections = build(
        types::MigrationDbCollections::builder().collections(vec![build::<
            types::MigrationCollectionName,
            _,
        >(
            types::MigrationCollectionName::builder()
                .collection_name("medium_articles".to_string()),
        )]),
    );
    types::MigrateToExistingClusterRequest::builder()
        .source(types::MigrationClusterRef::builder().cluster_id(CLUSTER))
        .destination(types::MigrationClusterRef::builder().cluster_id(CLUSTER))
        .db_collections(vec![collections])
}

#[tokio::test]
async fn migrate_to_existing_cluster_sends_the_documented_body_and_returns_the_job_id() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_to_existing_cluster(|when, then| {
        expect_post(
            when.into_inner(),
            EXISTING_PATH,
            json!({
                "source": {
                    "clusterId": "inxx-xxxxxxxxxxxxxxx"
                },
                "destination": {
                    "clusterId": "inxx-xxxxxxxxxxxxxxx"
                },
                "dbCollections": [
                    {
                        "collections": [
                            {"collectionName": "medium_articles"}
                        ]
                    }
                ]
            }),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"
                }
            }),
        );
    });

    let job = common::client(&server)
        .migrate_to_existing_cluster()
        .body(existing_request_example())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn migrate_to_existing_cluster_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_to_existing_cluster(|when, then| {
        expect_any_post(when.into_inner(), EXISTING_PATH);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .migrate_to_existing_cluster()
        .body(existing_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- migrateToNewDedicatedCluster ----------------------------------------------

const NEW_DEDICATED_PATH: &str = "/v2/migrations/toNewDedicated";
const NEW_CLUSTER: &str = "inxx-xxxxxxxxxxxxxx";
const PASSWORD: &str = "xxxxxxxxx";

fn new_dedicated_request_example() -> types::builder::MigrateToNewDedicatedClusterRequest {
    types::MigrateToNewDedicatedClusterRequest::builder()
        .source(types::MigrationClusterRef::builder().cluster_id(NEW_CLUSTER))
        .destination(
            types::MigrationNewDedicatedCluster::builder()
                .cluster_name("Cluster-01")
                .project_id("proj-xxxxxxxxxxxxxxxxxxxx")
                .region_id("aws-us-west-2")
                .plan(types::MigrationNewDedicatedClusterPlan::Standard)
                .cu_type(types::MigrationNewDedicatedClusterCuType::PerformanceOptimized)
                .cu_size(1u32),
        )
}

#[tokio::test]
async fn migrate_to_new_dedicated_cluster_returns_the_cluster_and_hides_its_password() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_to_new_dedicated_cluster(|when, then| {
        expect_post(
            when.into_inner(),
            NEW_DEDICATED_PATH,
            json!({
                "source": {
                    "clusterId": "inxx-xxxxxxxxxxxxxx"
                },
                "destination": {
                    "clusterName": "Cluster-01",
                    "projectId": "proj-xxxxxxxxxxxxxxxxxxxx",
                    "regionId": "aws-us-west-2",
                    "plan": "Standard",
                    "cuType": "Performance-optimized",
                    "cuSize": 1
                }
            }),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "clusterId": "inxx-xxxxxxxxxxxxxx",
                    "username": "db_admin",
                    "password": "xxxxxxxxx",
                    "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"
                }
            }),
        );
    });

    let created = common::client(&server)
        .migrate_to_new_dedicated_cluster()
        .body(new_dedicated_request_example())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(created.cluster_id.as_deref(), Some(NEW_CLUSTER));
    assert_eq!(created.username.as_deref(), Some("db_admin"));
    assert_eq!(created.job_id, JOB);
    let password = created
        .password
        .as_ref()
        .expect("the answer carries the password");
    assert_eq!(password.expose_secret(), PASSWORD);
    // The cluster id contains the password's letters: look for it as a Debug string.
    let shown = format!("{created:?}");
    assert!(
        !shown.contains(&format!("{PASSWORD:?}")),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn migrate_to_new_dedicated_cluster_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.migrate_to_new_dedicated_cluster(|when, then| {
        expect_any_post(when.into_inner(), NEW_DEDICATED_PATH);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .migrate_to_new_dedicated_cluster()
        .body(new_dedicated_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}
