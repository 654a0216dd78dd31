//! The Zilliz v2 `imports` group (specs/zilliz-v2/paths/imports.yaml) against httpmock:
//! `createImportJobs`, `getImportJobProgress` and `listImportJobs` send the documented
//! request (method, path, bearer key, exact JSON body), decode the documented answer
//! and map the documented error code; the object-storage credentials of
//! `createImportJobs` reach the server in the body but never show in `Debug`;
//! `Client::list_import_jobs_all` walks the list's pages, which are numbered in the
//! request body rather than the query.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, RequestSecret, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
const JOB: &str = "job-xxxxxxxxxxxxxxxxxxxxx";
const OBJECT_URL: &str = "https://s3.<region>.amazonaws.com/publicdataset.zillizcloud.com/medium_articles_2020_dpr/medium_articles_2020_dpr.json";
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

// ---- createImportJobs ----------------------------------------------------------

const CREATE_PATH: &str = "/v2/vectordb/jobs/import/create";

/// The spec's request example of `createImportJobs`.
fn create_request_example() -> types::CreateImportJobsRequest {
    build(
        types::CreateImportJobsRequest::builder()
            .cluster_id(CLUSTER.to_string())
            .db_name("default".to_string())
            .collection_name("medium_articles")
            .partition_name(String::new())
            .object_urls(vec![vec![OBJECT_URL.to_string()]])
            .access_key(RequestSecret::from(""))
            .secret_key(RequestSecret::from("")),
    )
}

#[tokio::test]
async fn create_import_jobs_sends_the_documented_body_and_returns_the_job_id() {
    let server = MockServer::start_async().await;
    let mock = server.create_import_jobs(|when, then| {
        expect_post(
            when.into_inner(),
            CREATE_PATH,
            json!({
                "clusterId": "inxx-xxxxxxxxxxxxxxx",
                "dbName": "default",
                "collectionName": "medium_articles",
                "partitionName": "",
                "objectUrls": [[
                    "https://s3.<region>.amazonaws.com/publicdataset.zillizcloud.com/medium_articles_2020_dpr/medium_articles_2020_dpr.json"
                ]],
                "accessKey": "",
                "secretKey": ""
            }),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "jobId": "job-xxxxxxxxxxxxxxxxxxxxx"
                }
            }),
        );
    });

    let request = create_request_example();
    let access_key = request
        .access_key
        .as_ref()
        .expect("the example has an accessKey");
    assert_eq!(access_key.expose_secret(), "");
    let shown = format!("{request:?}");
    assert!(shown.contains("[redacted]"), "{shown}");

    let created = common::client(&server)
        .create_import_jobs()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(created.job_id, JOB);
}

#[tokio::test]
async fn create_import_jobs_sends_credentials_in_the_body_but_never_in_debug() {
    const ACCESS: &str = "AKIA-import-access-7Q";
    const SECRET: &str = "import-secret-wJalrXUtnFEMI";
    const TOKEN: &str = "import-session-token-FwoGZX";

    let server = MockServer::start_async().await;
    let mock = server.create_import_jobs(|when, then| {
        expect_post(
            when.into_inner(),
            CREATE_PATH,
            json!({
                "clusterId": CLUSTER,
                "collectionName": "medium_articles",
                "objectUrls": [[OBJECT_URL]],
                "accessKey": ACCESS,
                "secretKey": SECRET,
                "token": TOKEN
            }),
        );
        answer(
            then.into_inner(),
            json!({"code": 0, "data": {"jobId": JOB}}),
        );
    });

    let builder = types::CreateImportJobsRequest::builder()
        .cluster_id(CLUSTER.to_string())
        .collection_name("medium_articles")
        .object_urls(vec![vec![OBJECT_URL.to_string()]])
        .access_key(RequestSecret::from(ACCESS))
        .secret_key(RequestSecret::from(SECRET))
        .token(RequestSecret::from(TOKEN));
    let request: types::CreateImportJobsRequest = build(builder.clone());
    for shown in [format!("{builder:?}"), format!("{request:?}")] {
        for secret in [ACCESS, SECRET, TOKEN] {
            assert!(!shown.contains(secret), "Debug shows {secret}: {shown}");
        }
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    assert_eq!(
        request
            .access_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(ACCESS)
    );
    assert_eq!(
        request
            .secret_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(SECRET)
    );
    assert_eq!(
        request.token.as_ref().map(RequestSecret::expose_secret),
        Some(TOKEN)
    );

    let created = common::client(&server)
        .create_import_jobs()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the credentials reach the server");

    mock.assert_async().await;
    assert_eq!(created.job_id, JOB);
}

#[tokio::test]
async fn create_import_jobs_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_import_jobs(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(CREATE_PATH)
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .create_import_jobs()
        .body(create_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- getImportJobProgress ------------------------------------------------------

const PROGRESS_PATH: &str = "/v2/vectordb/jobs/import/get_progress";

fn progress_request_example() -> types::builder::GetImportJobProgressRequest {
    types::GetImportJobProgressRequest::builder()
        .job_id(JOB)
        .cluster_id(CLUSTER.to_string())
}

#[tokio::test]
async fn get_import_job_progress_decodes_the_job_and_its_files() {
    let server = MockServer::start_async().await;
    let mock = server.get_import_job_progress(|when, then| {
        expect_post(
            when.into_inner(),
            PROGRESS_PATH,
            json!({
                "jobId": "job-xxxxxxxxxxxxxxxxxxxxx",
                "clusterId": "inxx-xxxxxxxxxxxxxxx"
            }),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "jobId": "job-xxxxxxxxxxxxxxxxxxxxx",
                    "collectionName": "medium_articles",
                    "fileName": "medium_articles_2020_dpr.json",
                    "fileSize": 3279917,
                    "state": "Completed",
                    "progress": 100,
                    "completeTime": "2024-04-01T06:17:55Z",
                    "reason": "",
                    "totalRows": 100000,
                    "details": [
                        {
                            "fileName": "medium_articles_2020_dpr.json",
                            "fileSize": 3279917,
                            "state": "Completed",
                            "progress": 100,
                            "completeTime": "2024-04-01T06:17:53Z",
                            "reason": ""
                        }
                    ]
                }
            }),
        );
    });

    let job = common::client(&server)
        .get_import_job_progress()
        .body(progress_request_example())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.collection_name.as_deref(), Some("medium_articles"));
    assert_eq!(
        job.file_name.as_deref(),
        Some("medium_articles_2020_dpr.json")
    );
    assert_eq!(job.file_size, Some(3_279_917));
    assert_eq!(job.state, Some(types::ImportJobStatus::Completed));
    assert_eq!(job.progress, Some(100));
    assert_eq!(job.complete_time.as_deref(), Some("2024-04-01T06:17:55Z"));
    assert_eq!(job.reason.as_deref(), Some(""));
    assert_eq!(job.total_rows, Some(100_000));
    assert_eq!(job.details.len(), 1);
    let file = &job.details[0];
    assert_eq!(
        file.file_name.as_deref(),
        Some("medium_articles_2020_dpr.json")
    );
    assert_eq!(file.file_size, Some(3_279_917));
    assert_eq!(file.state, Some(types::ImportJobStatus::Completed));
    assert_eq!(file.progress, Some(100));
    assert_eq!(file.complete_time.as_deref(), Some("2024-04-01T06:17:53Z"));
    assert_eq!(file.reason.as_deref(), Some(""));
    assert_eq!(file.total_rows, None);
}

#[tokio::test]
async fn get_import_job_progress_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.get_import_job_progress(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(PROGRESS_PATH)
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .get_import_job_progress()
        .body(progress_request_example())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

// ---- listImportJobs ------------------------------------------------------------

const LIST_PATH: &str = "/v2/vectordb/jobs/import/list";

#[tokio::test]
async fn list_import_jobs_decodes_the_documented_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_import_jobs(|when, then| {
        expect_post(
            when.into_inner(),
            LIST_PATH,
            json!({"clusterId": "inxx-xxxxxxxxxxxxxxx"}),
        );
        answer(
            then.into_inner(),
            json!({
                "code": 0,
                "data": {
                    "count": 1,
                    "currentPage": 1,
                    "pageSize": 10,
                    "records": [
                        {
                            "collectionName": "test_collection",
                            "jobId": "job-xxxxxxxxxxxxxxxxxxxxx",
                            "state": "Completed"
                        }
                    ]
                }
            }),
        );
    });

    let page = common::client(&server)
        .list_import_jobs()
        .body(types::ListImportJobsRequest::builder().cluster_id(CLUSTER))
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(page.count, 1);
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.records.len(), 1);
    let job = &page.records[0];
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.collection_name.as_deref(), Some("test_collection"));
    assert_eq!(job.state, Some(types::ImportJobStatus::Completed));
}

#[tokio::test]
async fn list_import_jobs_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_import_jobs(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(LIST_PATH)
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .list_import_jobs()
        .body(types::ListImportJobsRequest::builder().cluster_id(CLUSTER))
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}

#[tokio::test]
async fn list_import_jobs_all_pages_through_the_request_body() {
    const TOTAL: usize = 250;
    let server = MockServer::start_async().await;
    let mocks: Vec<_> = [(1, 0..100), (2, 100..200), (3, 200..TOTAL)]
        .into_iter()
        .map(|(page, range)| {
            let records: Vec<Value> = range
                .map(|i| {
                    json!({
                        "jobId": format!("job-{i:03}"),
                        "collectionName": "medium_articles",
                        "state": "Completed"
                    })
                })
                .collect();
            server.list_import_jobs(|when, then| {
                expect_post(
                    when.into_inner(),
                    LIST_PATH,
                    json!({"clusterId": CLUSTER, "currentPage": page, "pageSize": 100}),
                );
                answer(
                    then.into_inner(),
                    json!({
                        "code": 0,
                        "data": {
                            "count": TOTAL,
                            "currentPage": page,
                            "pageSize": 100,
                            "records": records
                        }
                    }),
                );
            })
        })
        .collect();

    let jobs = common::client(&server)
        .list_import_jobs_all(CLUSTER)
        .await
        .expect("three pages of import jobs");

    for mock in &mocks {
        mock.assert_async().await;
    }
    assert_eq!(jobs.len(), TOTAL);
    for (i, job) in jobs.iter().enumerate() {
        assert_eq!(job.job_id, format!("job-{i:03}"));
    }
    assert_eq!(jobs[0].collection_name.as_deref(), Some("medium_articles"));
    assert_eq!(
        jobs[TOTAL - 1].state,
        Some(types::ImportJobStatus::Completed)
    );
}
