//! The nine Zilliz v1 operations added after the cluster calls (specs/zilliz-v1/openapi.yaml):
//! queryMetrics, import, getImportProgress, listImportJobs, createPipeline, listPipelines,
//! describePipeline, dropPipeline and runPipeline, against httpmock. Each sends the spec's
//! request example (path, query and body as documented, with the API key as a bearer token),
//! decodes the spec's example answer (`code` 200) field by field, and turns the operation's
//! documented error code, answered with HTTP 200, into a typed vendor error.

use cloud_clusters_core::retry::RetryPolicy;
use cloud_clusters_zilliz_v1::mock::MockServerExt;
use cloud_clusters_zilliz_v1::{
    ApiError, Client, ClientOptions, ErrorKind, IntoData, RequestSecret, VendorError, types,
};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

/// The API key the tests send; the mocks check it arrives as a bearer token.
const KEY: &str = "test-key";
/// The `Authorization` header every call carries.
const BEARER: &str = "Bearer test-key";

const TOKEN_INVALID: &str = "The token is invalid.";
const NOT_AUTHENTICATED: &str = "User hasn't authenticated";

/// A client for `server`, without retries (each mock expects one call).
fn client(server: &MockServer) -> Client {
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..Default::default()
    };
    Client::with_options(&server.base_url(), KEY, options)
        .expect("the mock server URL is a valid base URL")
}

/// `{"code": code, "message": message}`: how Zilliz reports an error, here with HTTP 200.
fn error_envelope(code: i64, message: &str) -> Value {
    json!({"code": code, "message": message})
}

/// The vendor error inside `err`, which must be one, with `code`, `kind`, `message` and HTTP 200.
fn assert_vendor(err: ApiError, code: i64, kind: ErrorKind, message: &str) -> VendorError {
    match err {
        ApiError::Vendor(v) => {
            assert_eq!(v.code, code, "{v:?}");
            assert_eq!(v.kind, kind, "{v:?}");
            assert_eq!(v.status.as_u16(), 200, "{v:?}");
            assert_eq!(v.message, message, "{v:?}");
            v
        }
        other => panic!("expected ApiError::Vendor, got {other:?}"),
    }
}

// ---------------------------------------------------------------- queryMetrics

const METRICS_CLUSTER: &str = "inxx-xxxxxxxxxxxxxxxxx";

fn query_metrics_body() -> types::builder::QueryMetricsRequest {
    types::QueryMetricsRequest::builder()
        .start(String::new())
        .end(String::new())
        .period("PT99H".to_string())
        .granularity("PT5H")
        .metric_queries(vec![types::MetricQuery {
            name: types::MetricName::CuCapacity,
            stat: types::MetricStat::Avg,
        }])
}

fn query_metrics_example() -> Value {
    json!({
        "start": "",
        "end": "",
        "period": "PT99H",
        "granularity": "PT5H",
        "metricQueries": [{"name": "CU_CAPACITY", "stat": "AVG"}]
    })
}

#[tokio::test]
async fn query_metrics_sends_the_example_and_decodes_the_series() {
    let server = MockServer::start_async().await;
    let mock = server.query_metrics(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v1/clusters/{METRICS_CLUSTER}/metrics/query"))
            .header("authorization", BEARER)
            .json_body(query_metrics_example());
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {
                "results": [
                    {
                        "name": "CU_COMPUTATION",
                        "stat": "AVG",
                        "unit": "percent",
                        "values": [
                            {"timestamp": "2024-07-23T16:09:53Z", "value": "1.00"},
                            {"timestamp": "2024-07-23T22:09:53Z", "value": "1.00"},
                            {"timestamp": "2024-07-24T04:09:53Z", "value": "1.00"}
                        ]
                    }
                ]
            }
        }));
    });

    let data = client(&server)
        .query_metrics()
        .cluster_id(METRICS_CLUSTER)
        .body(query_metrics_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.results.len(), 1);
    let series = &data.results[0];
    assert_eq!(series.name.as_deref(), Some("CU_COMPUTATION"));
    assert_eq!(series.stat.as_deref(), Some("AVG"));
    assert_eq!(series.unit.as_deref(), Some("percent"));
    let timestamps: Vec<_> = series
        .values
        .iter()
        .map(|v| v.timestamp.as_deref())
        .collect();
    assert_eq!(
        timestamps,
        [
            Some("2024-07-23T16:09:53Z"),
            Some("2024-07-23T22:09:53Z"),
            Some("2024-07-24T04:09:53Z")
        ]
    );
    assert!(
        series
            .values
            .iter()
            .all(|v| v.value.as_deref() == Some("1.00")),
        "{:?}",
        series.values
    );
}

/// 1800 ("User hasn't authenticated") is an authentication failure, as on v2.
#[tokio::test]
async fn query_metrics_error_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.query_metrics(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v1/clusters/{METRICS_CLUSTER}/metrics/query"))
            .header("authorization", BEARER)
            .json_body(query_metrics_example());
        then.into_inner()
            .status(200)
            .json_body(error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = client(&server)
        .query_metrics()
        .cluster_id(METRICS_CLUSTER)
        .body(query_metrics_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 1800, ErrorKind::Unauthenticated, NOT_AUTHENTICATED);
}

// ---------------------------------------------------------------- import

const IMPORT_CLUSTER: &str = "inxx-xxxxxxxxxxxxxxx";
const IMPORT_JOB: &str = "job-xxxxxxxxxxxxxxxxxxxxxx";
/// The example's access key and secret key.
const BUCKET_SECRET: &str = "xxxxxx";

fn import_body() -> types::ImportRequest {
    types::ImportRequest::builder()
        .cluster_id(IMPORT_CLUSTER)
        .collection_name("medium_articles")
        .object_url("gs://docs-demo/1af78216-xxxx-2b0a73c566ed/1.parquet")
        .access_key(RequestSecret::from(BUCKET_SECRET))
        .secret_key(RequestSecret::from(BUCKET_SECRET))
        .try_into()
        .expect("the import example is complete")
}

fn import_example() -> Value {
    json!({
        "clusterId": "inxx-xxxxxxxxxxxxxxx",
        "collectionName": "medium_articles",
        "objectUrl": "gs://docs-demo/1af78216-xxxx-2b0a73c566ed/1.parquet",
        "accessKey": "xxxxxx",
        "secretKey": "xxxxxx"
    })
}

#[tokio::test]
async fn import_body_keeps_the_bucket_keys_secret_until_sent() {
    let body = import_body();
    let access = body.access_key.as_ref().expect("an access key is set");
    let secret = body.secret_key.as_ref().expect("a secret key is set");
    assert_eq!(access.expose_secret(), BUCKET_SECRET);
    assert_eq!(secret.expose_secret(), BUCKET_SECRET);
    let shown = format!("{body:?}");
    // Other fields contain runs of `x`; the keys would show as the quoted string.
    assert!(
        !shown.contains(&format!("\"{BUCKET_SECRET}\"")),
        "Debug shows a bucket key: {shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn import_sends_the_example_with_its_keys_and_decodes_the_job_id() {
    let server = MockServer::start_async().await;
    let mock = server.import(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/vector/collections/import")
            .header("authorization", BEARER)
            .json_body(import_example());
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {"jobId": "job-xxxxxxxxxxxxxxxxxxxxxx"}
        }));
    });

    let data = client(&server)
        .import()
        .body(import_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(data.job_id, IMPORT_JOB);
}

#[tokio::test]
async fn import_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.import(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/vector/collections/import")
            .header("authorization", BEARER)
            .json_body(import_example());
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .import()
        .body(import_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
    assert!(!v.to_string().contains("\"xxxxxx\""), "{v}");
}

// ---------------------------------------------------------------- getImportProgress

const PROGRESS_JOB: &str = "job-xxxxxxxxxxxxxxxxxx";
const IMPORTED_FILE: &str = "1af78216-xxxx-xxxx-xxxx-2b0a73c566ed/1.parquet";

#[tokio::test]
async fn get_import_progress_queries_job_and_cluster_and_decodes_the_files() {
    let server = MockServer::start_async().await;
    let mock = server.get_import_progress(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/vector/collections/import/get")
            .header("authorization", BEARER)
            .query_param("jobId", PROGRESS_JOB)
            .query_param("clusterId", IMPORT_CLUSTER);
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {
                "collectionName": "medium_articles",
                "fileName": "1af78216-xxxx-xxxx-xxxx-2b0a73c566ed/1.parquet",
                "fileSize": 19599887,
                "readyPercentage": 0,
                "completeTime": null,
                "errorMessage": null,
                "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx",
                "details": [
                    {
                        "fileName": "1af78216-xxxx-xxxx-xxxx-2b0a73c566ed/1.parquet",
                        "fileSize": 19599887,
                        "readyPercentage": 0,
                        "completeTime": null,
                        "errorMessage": null
                    }
                ]
            }
        }));
    });

    let progress = client(&server)
        .get_import_progress()
        .job_id(PROGRESS_JOB)
        .cluster_id(IMPORT_CLUSTER)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(progress.job_id, IMPORT_JOB);
    assert_eq!(progress.collection_name.as_deref(), Some("medium_articles"));
    assert_eq!(progress.file_name.as_deref(), Some(IMPORTED_FILE));
    assert_eq!(progress.file_size, Some(19_599_887));
    assert_eq!(progress.ready_percentage, Some(0.0));
    assert_eq!(progress.complete_time, None, "not finished yet");
    assert_eq!(progress.error_message, None);
    assert_eq!(progress.details.len(), 1);
    let file = &progress.details[0];
    assert_eq!(file.file_name.as_deref(), Some(IMPORTED_FILE));
    assert_eq!(file.file_size, Some(19_599_887));
    assert_eq!(file.ready_percentage, Some(0.0));
    assert_eq!(file.complete_time, None);
    assert_eq!(file.error_message, None);
}

/// 1800 ("User hasn't authenticated") is an authentication failure, as on v2.
#[tokio::test]
async fn get_import_progress_error_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.get_import_progress(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/vector/collections/import/get")
            .header("authorization", BEARER)
            .query_param("jobId", PROGRESS_JOB)
            .query_param("clusterId", IMPORT_CLUSTER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(1800, NOT_AUTHENTICATED));
    });

    let err = client(&server)
        .get_import_progress()
        .job_id(PROGRESS_JOB)
        .cluster_id(IMPORT_CLUSTER)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 1800, ErrorKind::Unauthenticated, NOT_AUTHENTICATED);
}

// ---------------------------------------------------------------- listImportJobs

#[tokio::test]
async fn list_import_jobs_sends_the_paging_and_decodes_the_tasks() {
    let server = MockServer::start_async().await;
    let mock = server.list_import_jobs(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/vector/collections/import/list")
            .header("authorization", BEARER)
            .query_param("clusterId", IMPORT_CLUSTER)
            .query_param("pageSize", "10")
            .query_param("currentPage", "1");
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {
                "tasks": [
                    {
                        "collectionName": "medium_articles",
                        "jobId": "job-xxxxxxxxxxxxxxxxxxxxxx",
                        "state": "ImportRunning"
                    },
                    {
                        "collectionName": "medium_articles",
                        "jobId": "2b93fef7-xxxx-xxxx-xxxx-f82afd598ff1",
                        "state": "ImportCompleted"
                    }
                ],
                "count": 2,
                "currentPage": 1,
                "pageSize": 10
            }
        }));
    });

    let page = client(&server)
        .list_import_jobs()
        .cluster_id(IMPORT_CLUSTER)
        .page_size(10u32)
        .current_page(1u32)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(page.count, Some(2));
    assert_eq!(page.current_page, Some(1));
    assert_eq!(page.page_size, Some(10));
    assert_eq!(page.tasks.len(), 2);
    assert_eq!(page.tasks[0].job_id, IMPORT_JOB);
    assert_eq!(
        page.tasks[0].collection_name.as_deref(),
        Some("medium_articles")
    );
    assert_eq!(
        page.tasks[0].state,
        Some(types::ImportJobState::ImportRunning)
    );
    assert_eq!(page.tasks[1].job_id, "2b93fef7-xxxx-xxxx-xxxx-f82afd598ff1");
    assert_eq!(
        page.tasks[1].collection_name.as_deref(),
        Some("medium_articles")
    );
    assert_eq!(
        page.tasks[1].state,
        Some(types::ImportJobState::ImportCompleted)
    );
}

#[tokio::test]
async fn list_import_jobs_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_import_jobs(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/vector/collections/import/list")
            .header("authorization", BEARER)
            .query_param("clusterId", IMPORT_CLUSTER)
            .query_param_missing("pageSize")
            .query_param_missing("currentPage");
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .list_import_jobs()
        .cluster_id(IMPORT_CLUSTER)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}

// ---------------------------------------------------------------- pipelines: shared

const PIPELINE: &str = "pipe-xxxxxxxxxxxxxxxxxxxxxx";
const PIPELINE_DESCRIPTION: &str =
    "A pipeline that generates text embeddings and stores additional fields.";

/// The pipeline createPipeline, describePipeline and dropPipeline answer (`responses.200.example`).
fn text_pipeline_answer() -> Value {
    json!({
        "code": 200,
        "data": {
            "pipelineId": "pipe-xxx",
            "name": "my_text_ingestion_pipeline",
            "type": "INGESTION",
            "createTimestamp": 1721187300000i64,
            "description": "A pipeline that generates text embeddings and stores additional fields.",
            "status": "SERVING",
            "totalUsage": {"embedding": 0},
            "functions": [
                {
                    "name": "index_my_text",
                    "action": "INDEX_TEXT",
                    "inputFields": ["text_list"],
                    "language": "ENGLISH",
                    "embedding": "zilliz/bge-base-en-v1.5"
                },
                {
                    "name": "keep_text_info",
                    "action": "PRESERVE",
                    "inputField": "source",
                    "outputField": "source",
                    "fieldType": "VarChar"
                }
            ],
            "clusterId": "inxx-xxxx",
            "collectionName": "my_collection"
        }
    })
}

/// The two functions of a text ingestion pipeline, as the examples answer them.
fn assert_text_functions(functions: &[types::PipelineFunction], collection: &str) {
    assert_eq!(functions.len(), 2, "{collection}: {functions:?}");
    let index = &functions[0];
    assert_eq!(index.name.as_deref(), Some("index_my_text"));
    assert_eq!(index.action.as_deref(), Some("INDEX_TEXT"));
    assert_eq!(index.input_fields, ["text_list"]);
    assert_eq!(index.language.as_deref(), Some("ENGLISH"));
    assert_eq!(index.embedding.as_deref(), Some("zilliz/bge-base-en-v1.5"));
    assert_eq!(index.input_field, None);
    let keep = &functions[1];
    assert_eq!(keep.name.as_deref(), Some("keep_text_info"));
    assert_eq!(keep.action.as_deref(), Some("PRESERVE"));
    assert_eq!(keep.input_field.as_deref(), Some("source"));
    assert_eq!(keep.output_field.as_deref(), Some("source"));
    assert_eq!(keep.field_type.as_deref(), Some("VarChar"));
    assert!(keep.input_fields.is_empty());
}

/// What [`text_pipeline_answer`] decodes to.
fn assert_text_pipeline(pipeline: &types::Pipeline) {
    assert_eq!(pipeline.pipeline_id, "pipe-xxx");
    assert_eq!(pipeline.name.as_deref(), Some("my_text_ingestion_pipeline"));
    assert_eq!(pipeline.type_.as_deref(), Some("INGESTION"));
    assert_eq!(pipeline.create_timestamp, Some(1_721_187_300_000));
    assert_eq!(pipeline.description.as_deref(), Some(PIPELINE_DESCRIPTION));
    assert_eq!(pipeline.status, Some(types::PipelineStatus::Serving));
    let usage = pipeline.total_usage.as_ref().expect("totalUsage is given");
    assert_eq!(usage.embedding, Some(0));
    assert_eq!(usage.rerank, None);
    assert_eq!(pipeline.cluster_id.as_deref(), Some("inxx-xxxx"));
    assert_eq!(pipeline.collection_name.as_deref(), Some("my_collection"));
    assert_text_functions(&pipeline.functions, "my_collection");
}

// ---------------------------------------------------------------- createPipeline

fn create_pipeline_body() -> types::builder::CreatePipelineRequest {
    let index = types::CreatePipelineFunction::builder()
        .name("index_my_text")
        .action(types::PipelineFunctionAction::IndexText)
        .language(types::PipelineLanguage::English)
        .embedding("zilliz/bge-base-en-v1.5".to_string());
    let keep = types::CreatePipelineFunction::builder()
        .name("keep_text_info")
        .action(types::PipelineFunctionAction::Preserve)
        .input_field("source".to_string())
        .output_field("source".to_string())
        .field_type(types::PipelineFieldType::VarChar);
    types::CreatePipelineRequest::builder()
        .name("my_text_ingestion_pipeline")
        .cluster_id("inxx-xxxxxxxxxxxxxxx".to_string())
        .project_id("proj-xxxx")
        .collection_name("my_collection".to_string())
        .description(PIPELINE_DESCRIPTION.to_string())
        .type_(types::PipelineType::Ingestion)
        .functions(vec![
            index
                .try_into()
                .expect("the INDEX_TEXT function is complete"),
            keep.try_into().expect("the PRESERVE function is complete"),
        ])
}

fn create_pipeline_example() -> Value {
    json!({
        "name": "my_text_ingestion_pipeline",
        "clusterId": "inxx-xxxxxxxxxxxxxxx",
        "projectId": "proj-xxxx",
        "collectionName": "my_collection",
        "description": "A pipeline that generates text embeddings and stores additional fields.",
        "type": "INGESTION",
        "functions": [
            {
                "name": "index_my_text",
                "action": "INDEX_TEXT",
                "language": "ENGLISH",
                "embedding": "zilliz/bge-base-en-v1.5"
            },
            {
                "name": "keep_text_info",
                "action": "PRESERVE",
                "inputField": "source",
                "outputField": "source",
                "fieldType": "VarChar"
            }
        ]
    })
}

/// The example body exactly: `chunkSize` is sent only on the function that sets it (the
/// document states the server's default in words, not as a schema default, which would
/// make the field always sent, also on the PRESERVE function).
#[tokio::test]
async fn create_pipeline_sends_the_example_and_decodes_the_pipeline() {
    let server = MockServer::start_async().await;
    let mock = server.create_pipeline(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/pipelines")
            .header("authorization", BEARER)
            .json_body(create_pipeline_example());
        then.into_inner()
            .status(200)
            .json_body(text_pipeline_answer());
    });

    let pipeline = client(&server)
        .create_pipeline()
        .body(create_pipeline_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_text_pipeline(&pipeline);
}

#[tokio::test]
async fn create_pipeline_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_pipeline(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path("/v1/pipelines")
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .create_pipeline()
        .body(create_pipeline_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}

// ---------------------------------------------------------------- listPipelines

const PIPELINES_PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxx";

#[tokio::test]
async fn list_pipelines_queries_the_project_and_decodes_both_pipelines() {
    let server = MockServer::start_async().await;
    let mock = server.list_pipelines(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/pipelines")
            .header("authorization", BEARER)
            .query_param("projectId", PIPELINES_PROJECT);
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": [
                {
                    "pipelineId": "pipe-cf7c8f130608912949a032",
                    "name": "my_doc_ingestion_pipeline",
                    "type": "INGESTION",
                    "createTimestamp": 1720601290000i64,
                    "description": "A doc ingestion pipeline",
                    "status": "SERVING",
                    "totalUsage": {"embedding": 0},
                    "functions": [
                        {
                            "name": "index_my_doc",
                            "action": "INDEX_DOC",
                            "inputFields": ["doc_url", "doc_name"],
                            "language": "ENGLISH",
                            "chunkSize": 500,
                            "splitBy": ["\n\n", "\n", " ", ""],
                            "embedding": "zilliz/bge-base-en-v1.5"
                        },
                        {
                            "name": "keep_doc_info",
                            "action": "PRESERVE",
                            "inputField": "publish_year",
                            "outputField": "publish_year",
                            "fieldType": "Int16"
                        }
                    ],
                    "clusterId": "in03-bdfdb12c2f6cae2",
                    "collectionName": "doc_pipeline"
                },
                {
                    "pipelineId": "pipe-22bf025b1941499b56e73f",
                    "name": "my_text_ingestion_pipeline",
                    "type": "INGESTION",
                    "createTimestamp": 1720601012000i64,
                    "description": "A text ingestion pipeline",
                    "status": "SERVING",
                    "totalUsage": {"embedding": 0},
                    "functions": [
                        {
                            "name": "index_my_text",
                            "action": "INDEX_TEXT",
                            "inputFields": ["text_list"],
                            "language": "ENGLISH",
                            "embedding": "zilliz/bge-base-en-v1.5"
                        },
                        {
                            "name": "keep_text_info",
                            "action": "PRESERVE",
                            "inputField": "source",
                            "outputField": "source",
                            "fieldType": "VarChar"
                        }
                    ],
                    "clusterId": "in03-bdfdb12c2f6cae2",
                    "collectionName": "text_pipeline"
                }
            ]
        }));
    });

    let pipelines = client(&server)
        .list_pipelines()
        .project_id(PIPELINES_PROJECT)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(pipelines.len(), 2);

    let doc = &pipelines[0];
    assert_eq!(doc.pipeline_id, "pipe-cf7c8f130608912949a032");
    assert_eq!(doc.name.as_deref(), Some("my_doc_ingestion_pipeline"));
    assert_eq!(doc.type_.as_deref(), Some("INGESTION"));
    assert_eq!(doc.create_timestamp, Some(1_720_601_290_000));
    assert_eq!(doc.description.as_deref(), Some("A doc ingestion pipeline"));
    assert_eq!(doc.status, Some(types::PipelineStatus::Serving));
    assert_eq!(doc.total_usage.as_ref().and_then(|u| u.embedding), Some(0));
    assert_eq!(doc.cluster_id.as_deref(), Some("in03-bdfdb12c2f6cae2"));
    assert_eq!(doc.collection_name.as_deref(), Some("doc_pipeline"));
    assert_eq!(doc.functions.len(), 2);
    let index = &doc.functions[0];
    assert_eq!(index.name.as_deref(), Some("index_my_doc"));
    assert_eq!(index.action.as_deref(), Some("INDEX_DOC"));
    assert_eq!(index.input_fields, ["doc_url", "doc_name"]);
    assert_eq!(index.language.as_deref(), Some("ENGLISH"));
    assert_eq!(index.chunk_size, Some(500));
    assert_eq!(index.split_by, ["\n\n", "\n", " ", ""]);
    assert_eq!(index.embedding.as_deref(), Some("zilliz/bge-base-en-v1.5"));
    let keep = &doc.functions[1];
    assert_eq!(keep.name.as_deref(), Some("keep_doc_info"));
    assert_eq!(keep.action.as_deref(), Some("PRESERVE"));
    assert_eq!(keep.input_field.as_deref(), Some("publish_year"));
    assert_eq!(keep.output_field.as_deref(), Some("publish_year"));
    assert_eq!(keep.field_type.as_deref(), Some("Int16"));
    assert_eq!(keep.chunk_size, None);

    let text = &pipelines[1];
    assert_eq!(text.pipeline_id, "pipe-22bf025b1941499b56e73f");
    assert_eq!(text.name.as_deref(), Some("my_text_ingestion_pipeline"));
    assert_eq!(text.type_.as_deref(), Some("INGESTION"));
    assert_eq!(text.create_timestamp, Some(1_720_601_012_000));
    assert_eq!(
        text.description.as_deref(),
        Some("A text ingestion pipeline")
    );
    assert_eq!(text.status, Some(types::PipelineStatus::Serving));
    assert_eq!(text.total_usage.as_ref().and_then(|u| u.embedding), Some(0));
    assert_eq!(text.cluster_id.as_deref(), Some("in03-bdfdb12c2f6cae2"));
    assert_eq!(text.collection_name.as_deref(), Some("text_pipeline"));
    assert_text_functions(&text.functions, "text_pipeline");
}

#[tokio::test]
async fn list_pipelines_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_pipelines(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v1/pipelines")
            .header("authorization", BEARER)
            .query_param("projectId", PIPELINES_PROJECT);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .list_pipelines()
        .project_id(PIPELINES_PROJECT)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}

// ---------------------------------------------------------------- describePipeline

#[tokio::test]
async fn describe_pipeline_gets_the_pipeline_and_decodes_it() {
    let server = MockServer::start_async().await;
    let mock = server.describe_pipeline(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v1/pipelines/{PIPELINE}"))
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(text_pipeline_answer());
    });

    let pipeline = client(&server)
        .describe_pipeline()
        .pipeline_id(PIPELINE)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_text_pipeline(&pipeline);
}

#[tokio::test]
async fn describe_pipeline_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_pipeline(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v1/pipelines/{PIPELINE}"))
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .describe_pipeline()
        .pipeline_id(PIPELINE)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}

// ---------------------------------------------------------------- dropPipeline

#[tokio::test]
async fn drop_pipeline_deletes_the_pipeline_and_decodes_it_as_it_was() {
    let server = MockServer::start_async().await;
    let mock = server.drop_pipeline(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(format!("/v1/pipelines/{PIPELINE}"))
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(text_pipeline_answer());
    });

    let pipeline = client(&server)
        .drop_pipeline()
        .pipeline_id(PIPELINE)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_text_pipeline(&pipeline);
}

#[tokio::test]
async fn drop_pipeline_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.drop_pipeline(|when, then| {
        when.into_inner()
            .method(Method::DELETE)
            .path(format!("/v1/pipelines/{PIPELINE}"))
            .header("authorization", BEARER);
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .drop_pipeline()
        .pipeline_id(PIPELINE)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}

// ---------------------------------------------------------------- runPipeline

const FIRST_TEXT: &str = "Zilliz Cloud is a fully managed vector database and data services, empowering you to unlock the full potential of unstructured data for your AI applications.";
const SECOND_TEXT: &str = "It can store, index, and manage massive embedding vectors generated by deep neural networks and other machine learning (ML) models.";

fn run_pipeline_body() -> types::builder::RunPipelineRequest {
    let mut extra = serde_json::Map::new();
    extra.insert("source".to_string(), json!("Zilliz official website"));
    let data: types::RunPipelineData = types::RunPipelineData::builder()
        .text_list(json!([FIRST_TEXT, SECOND_TEXT]))
        .extra(extra)
        .try_into()
        .expect("the run data example is complete");
    types::RunPipelineRequest::builder().data(data)
}

fn run_pipeline_example() -> Value {
    json!({
        "data": {
            "text_list": [
                "Zilliz Cloud is a fully managed vector database and data services, empowering you to unlock the full potential of unstructured data for your AI applications.",
                "It can store, index, and manage massive embedding vectors generated by deep neural networks and other machine learning (ML) models."
            ],
            "source": "Zilliz official website"
        }
    })
}

#[tokio::test]
async fn run_pipeline_sends_the_texts_and_decodes_the_ingestion_result() {
    let server = MockServer::start_async().await;
    let mock = server.run_pipeline(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v1/pipelines/{PIPELINE}/run"))
            .header("authorization", BEARER)
            .json_body(run_pipeline_example());
        then.into_inner().status(200).json_body(json!({
            "code": 200,
            "data": {
                "num_entities": 2,
                "usage": {"embedding": 63},
                "ids": [450524927755105900i64, 450524927755105900i64]
            }
        }));
    });

    let result = client(&server)
        .run_pipeline()
        .pipeline_id(PIPELINE)
        .body(run_pipeline_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(result.num_entities, Some(2));
    assert_eq!(result.usage.as_ref().and_then(|u| u.embedding), Some(63));
    assert_eq!(result.usage.as_ref().and_then(|u| u.rerank), None);
    assert_eq!(
        result.ids,
        [450_524_927_755_105_900, 450_524_927_755_105_900]
    );
    assert_eq!(result.num_chunks, None);
    assert_eq!(result.doc_name, None);
    assert!(result.result.is_empty() && result.results.is_empty());
}

#[tokio::test]
async fn run_pipeline_invalid_token_80002_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.run_pipeline(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v1/pipelines/{PIPELINE}/run"))
            .header("authorization", BEARER)
            .json_body(run_pipeline_example());
        then.into_inner()
            .status(200)
            .json_body(error_envelope(80002, TOKEN_INVALID));
    });

    let err = client(&server)
        .run_pipeline()
        .pipeline_id(PIPELINE)
        .body(run_pipeline_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    assert_vendor(err, 80002, ErrorKind::Unauthenticated, TOKEN_INVALID);
}
