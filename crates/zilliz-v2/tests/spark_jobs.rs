//! The Spark Jobs operations of Zilliz v2 (specs/zilliz-v2/paths/spark-jobs.yaml) against
//! httpmock: listSparkJobs, describeSparkJob, cancelSparkJob and the seven create calls (JAR,
//! primary-key and vector deduplication, K-means, anomaly detection, backfill and backfill
//! precheck). Each sends the spec's request example (query, path, `Idempotency-Key` and body as
//! documented), decodes the spec's example answer field by field, and turns the operation's
//! documented error code, answered with HTTP 200, into a typed vendor error.

mod common;

use std::collections::HashMap;

use cloud_clusters_zilliz_v2::mock::MockServerExt;
use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

/// The project of the path examples.
const PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxxxx";
/// The project the create examples answer with (one `x` shorter, verbatim from the spec).
const ANSWERED_PROJECT: &str = "proj-xxxxxxxxxxxxxxxxxxx";
const JOB: &str = "job-xxxxxxxxxxxxxxxxxx";
const CLUSTER: &str = "in01-xxxxxxxxxxxxxxx";
const REGION: &str = "aws-us-west-2";
const IDEMPOTENCY_KEY: &str = "spark-job-20260814-001";
const VOLUME: &str = "volume-xxxxxxxxxxxxxxxxxxx";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn string_map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The `input` of the built-in job examples.
fn volume_input() -> types::SparkJobDataResource {
    types::SparkJobDataResource::builder()
        .type_("VOLUME")
        .volume_name(VOLUME)
        .path("/input/data.parquet")
        .format("parquet".to_string())
        .try_into()
        .expect("the input example is complete")
}

/// The `output` of the built-in job examples.
fn volume_output() -> types::SparkJobDataResource {
    types::SparkJobDataResource::builder()
        .type_("VOLUME")
        .volume_name(VOLUME)
        .path("/output/results")
        .format("parquet".to_string())
        .write_mode("OVERWRITE".to_string())
        .try_into()
        .expect("the output example is complete")
}

/// The `input` of the backfill examples (the guide's).
fn backfill_input() -> types::SparkJobDataResource {
    types::SparkJobDataResource::builder()
        .type_("volume")
        .volume_name("product-data")
        .path("backfill/products.parquet")
        .format("parquet".to_string())
        .try_into()
        .expect("the backfill input example is complete")
}

fn backfill_mapping() -> HashMap<String, String> {
    string_map(&[
        ("source_id", "id"),
        ("source_title", "title"),
        ("source_price", "price"),
        ("source_embedding", "embedding"),
    ])
}

/// The fields every built-in job example shares, as JSON, with `extra` added.
fn built_in_example(extra: Value) -> Value {
    let mut body = json!({
        "description": "Daily vector processing job.",
        "regionId": "aws-us-west-2",
        "input": {
            "type": "VOLUME",
            "volumeName": "volume-xxxxxxxxxxxxxxxxxxx",
            "path": "/input/data.parquet",
            "format": "parquet"
        },
        "output": {
            "type": "VOLUME",
            "volumeName": "volume-xxxxxxxxxxxxxxxxxxx",
            "path": "/output/results",
            "format": "parquet",
            "writeMode": "OVERWRITE"
        },
        "resourceSize": "medium",
        "timeoutSeconds": 3600
    });
    let (Value::Object(fields), Value::Object(extra)) = (&mut body, extra) else {
        unreachable!("both are objects")
    };
    fields.extend(extra);
    body
}

/// The answer every create example documents (`responses.200.example`).
fn created_answer() -> Value {
    json!({
        "code": 0,
        "data": {
            "jobId": "job-xxxxxxxxxxxxxxxxxx",
            "type": "SPARK",
            "status": "PENDING",
            "regionId": "aws-us-west-2",
            "projectId": "proj-xxxxxxxxxxxxxxxxxxx"
        }
    })
}

/// What every create example answers, decoded: a PENDING SPARK job and nothing else.
fn assert_created(job: &types::SparkJobSummary) {
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.type_.as_deref(), Some("SPARK"));
    assert_eq!(job.status, Some(types::SparkJobStatus::Pending));
    assert_eq!(job.region_id.as_deref(), Some(REGION));
    assert_eq!(job.project_id.as_deref(), Some(ANSWERED_PROJECT));
    assert_eq!(job.cluster_id, None);
    assert_eq!(job.description, None);
    assert_eq!(job.created_at, None);
    assert_eq!(job.started_at, None);
    assert_eq!(job.finished_at, None);
    assert_eq!(job.duration_seconds, None);
}

// ---------------------------------------------------------------- listSparkJobs

#[tokio::test]
async fn list_spark_jobs_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server.list_spark_jobs(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/jobs")
            .header("authorization", common::BEARER)
            .query_param("type", "SPARK")
            .query_param("clusterId", CLUSTER)
            .query_param("regionId", REGION)
            .query_param("currentPage", "1")
            .query_param("pageSize", "20")
            .query_param("state", "RUNNING")
            .query_param("jobNamePrefix", "pk-dedup")
            .query_param("createdAfter", "2026-07-30T00:00:00Z")
            .query_param("createdBefore", "2026-08-30T00:00:00Z")
            .query_param("pageToken", "opaque-token");
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "total": 1,
                "items": [
                    {
                        "jobId": "job-xxxxxxxxxxxxxxxxxx",
                        "type": "SPARK",
                        "description": "daily-vector-etl",
                        "status": "RUNNING",
                        "regionId": "aws-us-west-2",
                        "clusterId": "in01-xxxxxxxxxxxxxxx",
                        "createdAt": "2026-05-20T10:00:00Z",
                        "startedAt": "2026-05-20T10:01:00Z",
                        "finishedAt": null,
                        "durationSeconds": 300,
                        "projectId": "proj-xxxxxxxxxxxxxxxxxxxx"
                    }
                ]
            }
        }));
    });

    let page = common::client(&server)
        .list_spark_jobs()
        .type_(types::ListSparkJobsType::Spark)
        .cluster_id(CLUSTER)
        .region_id(REGION)
        .current_page(1u32)
        .page_size(20u32)
        .state("RUNNING")
        .job_name_prefix("pk-dedup")
        .created_after("2026-07-30T00:00:00Z")
        .created_before("2026-08-30T00:00:00Z")
        .page_token("opaque-token")
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(page.total, Some(1));
    assert_eq!(page.next_page_token, None);
    assert_eq!(page.items.len(), 1);
    let job = &page.items[0];
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.type_.as_deref(), Some("SPARK"));
    assert_eq!(job.description.as_deref(), Some("daily-vector-etl"));
    assert_eq!(job.status, Some(types::SparkJobStatus::Running));
    assert_eq!(job.region_id.as_deref(), Some(REGION));
    assert_eq!(job.cluster_id.as_deref(), Some(CLUSTER));
    assert_eq!(job.created_at.as_deref(), Some("2026-05-20T10:00:00Z"));
    assert_eq!(job.started_at.as_deref(), Some("2026-05-20T10:01:00Z"));
    assert_eq!(job.finished_at, None, "finishedAt is null while running");
    assert_eq!(job.duration_seconds, Some(300));
    assert_eq!(job.project_id.as_deref(), Some(PROJECT));
}

#[tokio::test]
async fn list_spark_jobs_illegal_api_key_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.list_spark_jobs(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path("/v2/jobs")
            .header("authorization", common::BEARER)
            .query_param("type", "SPARK")
            .query_param("clusterId", CLUSTER)
            .query_param_missing("regionId")
            .query_param_missing("currentPage")
            .query_param_missing("pageSize")
            .query_param_missing("pageToken");
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .list_spark_jobs()
        .type_(types::ListSparkJobsType::Spark)
        .cluster_id(CLUSTER)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, "The apikey is illegal");
}

// ---------------------------------------------------------------- describeSparkJob

#[tokio::test]
async fn describe_spark_job_decodes_the_running_jar_job() {
    let server = MockServer::start_async().await;
    let mock = server.describe_spark_job(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v2/projects/{PROJECT}/jobs/{JOB}"))
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "jobId": "job-xxxxxxxxxxxxxxxxxx",
                "type": "SPARK",
                "description": "daily-vector-etl",
                "status": "RUNNING",
                "regionId": "aws-us-west-2",
                "clusterId": "in01-xxxxxxxxxxxxxxx",
                "createdAt": "2026-05-20T10:00:00Z",
                "startedAt": "2026-05-20T10:01:00Z",
                "finishedAt": null,
                "durationSeconds": 300,
                "artifact": {
                    "volumeName": "stg-xxxxxxxxxxxxxxxxxxx",
                    "path": "/jars/example-job.jar"
                },
                "submittedAt": "2026-05-20T10:00:30Z",
                "projectId": "proj-xxxxxxxxxxxxxxxxxxxx"
            }
        }));
    });

    let job = common::client(&server)
        .describe_spark_job()
        .project_id(PROJECT)
        .job_id(JOB)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.type_.as_deref(), Some("SPARK"));
    assert_eq!(job.description.as_deref(), Some("daily-vector-etl"));
    assert_eq!(job.status, Some(types::SparkJobStatus::Running));
    assert_eq!(job.region_id.as_deref(), Some(REGION));
    assert_eq!(job.cluster_id.as_deref(), Some(CLUSTER));
    assert_eq!(job.created_at.as_deref(), Some("2026-05-20T10:00:00Z"));
    assert_eq!(job.started_at.as_deref(), Some("2026-05-20T10:01:00Z"));
    assert_eq!(job.finished_at, None);
    assert_eq!(job.duration_seconds, Some(300));
    assert_eq!(job.submitted_at.as_deref(), Some("2026-05-20T10:00:30Z"));
    assert_eq!(job.project_id.as_deref(), Some(PROJECT));
    let artifact = job
        .artifact
        .as_ref()
        .and_then(|a| a.0.as_ref())
        .expect("the example carries an artifact");
    assert_eq!(
        artifact.volume_name.as_deref(),
        Some("stg-xxxxxxxxxxxxxxxxxxx")
    );
    assert_eq!(artifact.path.as_deref(), Some("/jars/example-job.jar"));
    assert_eq!(job.details, None);
    assert_eq!(job.failure_reason, None);
    assert_eq!(job.precheck_report, None);
}

#[tokio::test]
async fn describe_spark_job_illegal_api_key_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.describe_spark_job(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v2/projects/{PROJECT}/jobs/{JOB}"))
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .describe_spark_job()
        .project_id(PROJECT)
        .job_id(JOB)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- cancelSparkJob

fn canceled_answer() -> Value {
    json!({
        "code": 0,
        "data": {
            "jobId": "job-xxxxxxxxxxxxxxxxxx",
            "type": "SPARK",
            "status": "CANCELED",
            "regionId": "aws-us-west-2",
            "clusterId": "in01-xxxxxxxxxxxxxxx",
            "createdAt": "2026-05-20T10:00:00Z",
            "startedAt": "2026-05-20T10:01:00Z",
            "finishedAt": "2026-05-20T10:06:00Z",
            "durationSeconds": 300,
            "submittedAt": "2026-05-20T10:00:30Z"
        }
    })
}

fn assert_canceled(job: &types::SparkJob) {
    assert_eq!(job.job_id, JOB);
    assert_eq!(job.type_.as_deref(), Some("SPARK"));
    assert_eq!(job.status, Some(types::SparkJobStatus::Canceled));
    assert_eq!(job.region_id.as_deref(), Some(REGION));
    assert_eq!(job.cluster_id.as_deref(), Some(CLUSTER));
    assert_eq!(job.created_at.as_deref(), Some("2026-05-20T10:00:00Z"));
    assert_eq!(job.started_at.as_deref(), Some("2026-05-20T10:01:00Z"));
    assert_eq!(job.finished_at.as_deref(), Some("2026-05-20T10:06:00Z"));
    assert_eq!(job.duration_seconds, Some(300));
    assert_eq!(job.submitted_at.as_deref(), Some("2026-05-20T10:00:30Z"));
    assert_eq!(job.project_id, None);
    assert_eq!(job.description, None);
    assert_eq!(job.artifact, None);
}

#[tokio::test]
async fn cancel_spark_job_posts_to_the_job_and_decodes_the_canceled_job() {
    let server = MockServer::start_async().await;
    let mock = server.cancel_spark_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/{JOB}/cancel"))
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(canceled_answer());
    });

    let job = common::client(&server)
        .cancel_spark_job()
        .project_id(PROJECT)
        .job_id(JOB)
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_canceled(&job);
}

#[tokio::test]
async fn cancel_spark_job_answered_with_the_documented_http_202_decodes_too() {
    let server = MockServer::start_async().await;
    let mock = server.cancel_spark_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/{JOB}/cancel"))
            .header("authorization", common::BEARER);
        then.into_inner().status(202).json_body(canceled_answer());
    });

    let job = common::client(&server)
        .cancel_spark_job()
        .project_id(PROJECT)
        .job_id(JOB)
        .send()
        .await
        .into_data()
        .expect("the documented 202 answer decodes");

    mock.assert_async().await;
    assert_canceled(&job);
}

#[tokio::test]
async fn cancel_spark_job_illegal_api_key_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.cancel_spark_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/{JOB}/cancel"))
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .cancel_spark_job()
        .project_id(PROJECT)
        .job_id(JOB)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkJarJob

fn jar_job_body() -> types::builder::CreateSparkJarJobRequest {
    types::CreateSparkJarJobRequest::builder()
        .description("Daily vector processing job.".to_string())
        .region_id(REGION)
        .input(volume_input())
        .output(volume_output())
        .resource_size("medium".to_string())
        .timeout_seconds(3600)
        .artifact(
            types::SparkJobArtifactRef::builder()
                .volume_name(VOLUME)
                .path("/jars/example-job.jar"),
        )
        .main_class("com.example.Main")
        .arguments(strings(&["--input", "${input.uri}"]))
        .job_parameters(string_map(&[("partition", "2026-08-14")]))
        .spark_conf(string_map(&[("spark.sql.shuffle.partitions", "64")]))
}

fn jar_job_example() -> Value {
    built_in_example(json!({
        "artifact": {
            "volumeName": "volume-xxxxxxxxxxxxxxxxxxx",
            "path": "/jars/example-job.jar"
        },
        "mainClass": "com.example.Main",
        "arguments": ["--input", "${input.uri}"],
        "jobParameters": {"partition": "2026-08-14"},
        "sparkConf": {"spark.sql.shuffle.partitions": "64"}
    }))
}

#[tokio::test]
async fn create_spark_jar_job_sends_the_example_with_its_idempotency_key() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_jar_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/jar"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(jar_job_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_jar_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(jar_job_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_jar_job_answered_with_the_documented_http_201_decodes_too() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_jar_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/jar"))
            .header("authorization", common::BEARER)
            .header_missing("idempotency-key")
            .json_body(jar_job_example());
        then.into_inner().status(201).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_jar_job()
        .project_id(PROJECT)
        .body(jar_job_body())
        .send()
        .await
        .into_data()
        .expect("the documented 201 answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_jar_job_unauthenticated_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_jar_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/jar"))
            .header("authorization", common::BEARER)
            .json_body(jar_job_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_spark_jar_job()
        .project_id(PROJECT)
        .body(jar_job_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, "User hasn't authenticated");
}

// ---------------------------------------------------------------- createSparkPkDeduplicationJob

fn pk_dedup_body() -> types::builder::CreateSparkPkDeduplicationJobRequest {
    types::CreateSparkPkDeduplicationJobRequest::builder()
        .description("Daily vector processing job.".to_string())
        .region_id(REGION)
        .input(volume_input())
        .output(volume_output())
        .resource_size("medium".to_string())
        .timeout_seconds(3600)
        .primary_key_field("id")
        .keep_by("updated_at:max".to_string())
}

fn pk_dedup_example() -> Value {
    built_in_example(json!({
        "primaryKeyField": "id",
        "keepBy": "updated_at:max"
    }))
}

#[tokio::test]
async fn create_spark_pk_deduplication_job_sends_the_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_pk_deduplication_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/dedup/pk"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(pk_dedup_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_pk_deduplication_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(pk_dedup_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_pk_deduplication_job_unauthenticated_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_pk_deduplication_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/dedup/pk"))
            .header("authorization", common::BEARER)
            .json_body(pk_dedup_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_spark_pk_deduplication_job()
        .project_id(PROJECT)
        .body(pk_dedup_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkVectorDeduplicationJob

fn vector_dedup_body() -> types::builder::CreateSparkVectorDeduplicationJobRequest {
    types::CreateSparkVectorDeduplicationJobRequest::builder()
        .description("Daily vector processing job.".to_string())
        .region_id(REGION)
        .input(volume_input())
        .output(volume_output())
        .resource_size("medium".to_string())
        .timeout_seconds(3600)
        .primary_key_field("id")
        .vector_field("embedding")
        .keep_by("updated_at:max".to_string())
        .metric("L2".to_string())
        .similarity_threshold(0.1)
        .output_mode("DEDUPLICATED".to_string())
        .target_dedup_rate(0.2)
}

fn vector_dedup_example() -> Value {
    built_in_example(json!({
        "primaryKeyField": "id",
        "vectorField": "embedding",
        "keepBy": "updated_at:max",
        "metric": "L2",
        "similarityThreshold": 0.1,
        "outputMode": "DEDUPLICATED",
        "targetDedupRate": 0.2
    }))
}

#[tokio::test]
async fn create_spark_vector_deduplication_job_sends_the_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_vector_deduplication_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/dedup/vector"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(vector_dedup_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_vector_deduplication_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(vector_dedup_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_vector_deduplication_job_unauthenticated_1800_with_http_200_is_unauthenticated()
 {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_vector_deduplication_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/dedup/vector"))
            .header("authorization", common::BEARER)
            .json_body(vector_dedup_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_spark_vector_deduplication_job()
        .project_id(PROJECT)
        .body(vector_dedup_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkKMeansJob

fn k_means_body() -> types::builder::CreateSparkKMeansJobRequest {
    types::CreateSparkKMeansJobRequest::builder()
        .description("Daily vector processing job.".to_string())
        .region_id(REGION)
        .input(volume_input())
        .output(volume_output())
        .resource_size("medium".to_string())
        .timeout_seconds(3600)
        .primary_key_field("id")
        .vector_field("embedding")
        .metric("L2".to_string())
        .num_clusters(8)
}

fn k_means_example() -> Value {
    built_in_example(json!({
        "primaryKeyField": "id",
        "vectorField": "embedding",
        "metric": "L2",
        "numClusters": 8
    }))
}

#[tokio::test]
async fn create_spark_k_means_job_sends_the_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_k_means_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/kmeans"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(k_means_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_k_means_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(k_means_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_k_means_job_unauthenticated_1800_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_k_means_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/kmeans"))
            .header("authorization", common::BEARER)
            .json_body(k_means_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_spark_k_means_job()
        .project_id(PROJECT)
        .body(k_means_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkAnomalyDetectionJob

fn anomaly_body() -> types::builder::CreateSparkAnomalyDetectionJobRequest {
    types::CreateSparkAnomalyDetectionJobRequest::builder()
        .description("Daily vector processing job.".to_string())
        .region_id(REGION)
        .input(volume_input())
        .output(volume_output())
        .resource_size("medium".to_string())
        .timeout_seconds(3600)
        .primary_key_field("id")
        .vector_field("embedding")
        .output_with_features(false)
        .top_k(100)
}

fn anomaly_example() -> Value {
    built_in_example(json!({
        "primaryKeyField": "id",
        "vectorField": "embedding",
        "outputWithFeatures": false,
        "topK": 100
    }))
}

#[tokio::test]
async fn create_spark_anomaly_detection_job_sends_the_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_anomaly_detection_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/anomaly-detection"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(anomaly_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_anomaly_detection_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(anomaly_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_anomaly_detection_job_unauthenticated_1800_with_http_200_is_unauthenticated()
{
    let server = MockServer::start_async().await;
    let mock = server.create_spark_anomaly_detection_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/anomaly-detection"))
            .header("authorization", common::BEARER)
            .json_body(anomaly_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(1800, "User hasn't authenticated"));
    });

    let err = common::client(&server)
        .create_spark_anomaly_detection_job()
        .project_id(PROJECT)
        .body(anomaly_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkBackfillJob

fn backfill_body() -> types::builder::CreateSparkBackfillJobRequest {
    types::CreateSparkBackfillJobRequest::builder()
        .description("backfill product data".to_string())
        .cluster_id("in-xxxxxxxx")
        .db_name("default")
        .collection_name("products")
        .fields(strings(&["title", "price", "embedding"]))
        .input(backfill_input())
        .column_mapping(backfill_mapping())
        .mode("coalesce")
        .resource_size(types::SparkResourceSize::Small)
        .timeout_seconds(3600)
}

fn backfill_example() -> Value {
    json!({
        "description": "backfill product data",
        "clusterId": "in-xxxxxxxx",
        "dbName": "default",
        "collectionName": "products",
        "fields": ["title", "price", "embedding"],
        "input": {
            "type": "volume",
            "volumeName": "product-data",
            "path": "backfill/products.parquet",
            "format": "parquet"
        },
        "columnMapping": {
            "source_id": "id",
            "source_title": "title",
            "source_price": "price",
            "source_embedding": "embedding"
        },
        "mode": "coalesce",
        "resourceSize": "SMALL",
        "timeoutSeconds": 3600
    })
}

#[tokio::test]
async fn create_spark_backfill_job_sends_the_guide_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_backfill_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/backfill"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(backfill_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_backfill_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(backfill_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_backfill_job_illegal_api_key_21119_with_http_200_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_backfill_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/backfill"))
            .header("authorization", common::BEARER)
            .json_body(backfill_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .create_spark_backfill_job()
        .project_id(PROJECT)
        .body(backfill_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}

// ---------------------------------------------------------------- createSparkBackfillPrecheckJob

fn precheck_body() -> types::builder::CreateSparkBackfillPrecheckJobRequest {
    types::CreateSparkBackfillPrecheckJobRequest::builder()
        .description("validate backfill data".to_string())
        .cluster_id("in-xxxxxxxx")
        .db_name("default")
        .collection_name("products")
        .fields(strings(&["title", "price", "embedding"]))
        .input(backfill_input())
        .column_mapping(backfill_mapping())
        .resource_size(types::SparkResourceSize::Small)
        .timeout_seconds(3600)
}

fn precheck_example() -> Value {
    json!({
        "description": "validate backfill data",
        "clusterId": "in-xxxxxxxx",
        "dbName": "default",
        "collectionName": "products",
        "fields": ["title", "price", "embedding"],
        "input": {
            "type": "volume",
            "volumeName": "product-data",
            "path": "backfill/products.parquet",
            "format": "parquet"
        },
        "columnMapping": {
            "source_id": "id",
            "source_title": "title",
            "source_price": "price",
            "source_embedding": "embedding"
        },
        "resourceSize": "SMALL",
        "timeoutSeconds": 3600
    })
}

#[tokio::test]
async fn create_spark_backfill_precheck_job_sends_the_guide_example_and_answers_a_pending_job() {
    let server = MockServer::start_async().await;
    let mock = server.create_spark_backfill_precheck_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/backfill/precheck"))
            .header("authorization", common::BEARER)
            .header("idempotency-key", IDEMPOTENCY_KEY)
            .json_body(precheck_example());
        then.into_inner().status(200).json_body(created_answer());
    });

    let job = common::client(&server)
        .create_spark_backfill_precheck_job()
        .project_id(PROJECT)
        .idempotency_key(IDEMPOTENCY_KEY)
        .body(precheck_body())
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_created(&job);
}

#[tokio::test]
async fn create_spark_backfill_precheck_job_illegal_api_key_21119_with_http_200_is_unauthenticated()
{
    let server = MockServer::start_async().await;
    let mock = server.create_spark_backfill_precheck_job(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(format!("/v2/projects/{PROJECT}/jobs/backfill/precheck"))
            .header("authorization", common::BEARER)
            .json_body(precheck_example());
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(21119, "The apikey is illegal"));
    });

    let err = common::client(&server)
        .create_spark_backfill_precheck_job()
        .project_id(PROJECT)
        .body(precheck_body())
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
}
