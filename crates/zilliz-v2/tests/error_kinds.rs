//! How Zilliz v2 error codes become `ErrorKind`s: one real call (`describeJob`) per kind
//! the crate maps, answered with that code's error envelope at HTTP 200; the illegal-key
//! code at HTTP 401; and every code of the document's root `x-error-codes` catalog mapped
//! to a kind other than `ErrorKind::Other`.

mod common;

use cloud_clusters_core::envelope::ErrorBody;
use cloud_clusters_zilliz_v2::{ApiError, ErrorKind, IntoData, mock::MockServerExt, types};
use httpmock::{Method, MockServer};

const JOB_ID: &str = "job-xxxxxxxxxxxxxxxxxx";

/// The root document, whose `x-error-codes` is the v2 error-code catalog.
const OPENAPI: &str = include_str!("../../../specs/zilliz-v2/openapi.yaml");

/// `describeJob` answered with `{"code": code, "message": message}` and HTTP `status`.
async fn describe_job_error(status: u16, code: i64, message: &str) -> ApiError {
    let server = MockServer::start_async().await;
    let mock = server.describe_job(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(format!("/v2/jobs/{JOB_ID}"))
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(status)
            .json_body(common::error_envelope(code, message));
    });
    let err = common::client(&server)
        .describe_job()
        .job_id(JOB_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");
    mock.assert_async().await;
    err
}

#[tokio::test]
async fn not_authenticated_1800_is_unauthenticated() {
    let err = describe_job_error(200, 1800, "User hasn't authenticated").await;
    let v = common::assert_vendor(err, 1800, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, "User hasn't authenticated");
}

#[tokio::test]
async fn key_scope_96014_is_permission_denied() {
    let err = describe_job_error(
        200,
        96014,
        "Permission denied (organization, owner or API-key scope; see the v2 error-code catalog).",
    )
    .await;
    common::assert_vendor(err, 96014, ErrorKind::PermissionDenied, 200);
}

#[tokio::test]
async fn missing_cluster_96018_is_not_found() {
    let err = describe_job_error(200, 96018, "The cluster does not exist.").await;
    common::assert_vendor(err, 96018, ErrorKind::NotFound, 200);
}

#[tokio::test]
async fn taken_cluster_name_96017_is_already_exists() {
    let err = describe_job_error(
        200,
        96017,
        "A cluster with this name already exists in the project.",
    )
    .await;
    common::assert_vendor(err, 96017, ErrorKind::AlreadyExists, 200);
}

#[tokio::test]
async fn serverless_only_operation_96022_is_failed_precondition() {
    let err = describe_job_error(
        200,
        96022,
        "Serverless clusters do not support this operation.",
    )
    .await;
    common::assert_vendor(err, 96022, ErrorKind::FailedPrecondition, 200);
}

#[tokio::test]
async fn invalid_parameters_400_is_invalid_argument() {
    let err = describe_job_error(200, 400, "Invalid request parameters.").await;
    common::assert_vendor(err, 400, ErrorKind::InvalidArgument, 200);
}

#[tokio::test]
async fn failed_metrics_query_96024_is_internal() {
    let err = describe_job_error(
        200,
        96024,
        "Querying the cluster metrics failed (details follow).",
    )
    .await;
    common::assert_vendor(err, 96024, ErrorKind::Internal, 200);
}

#[tokio::test]
async fn uncatalogued_code_is_other() {
    let err = describe_job_error(200, 65535, "Something the catalog does not list.").await;
    let v = common::assert_vendor(err, 65535, ErrorKind::Other, 200);
    assert_eq!(v.message, "Something the catalog does not list.");
}

#[tokio::test]
async fn illegal_key_21119_with_http_401_is_unauthenticated() {
    let err = describe_job_error(401, 21119, "The apikey is illegal").await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 401);
    assert_eq!(v.message, "The apikey is illegal");
}

/// The codes of the root `x-error-codes` block: its `  - code: N` lines.
fn catalog_codes() -> Vec<i64> {
    let lines = OPENAPI
        .lines()
        .skip_while(|line| *line != "x-error-codes:")
        .skip(1);
    let mut codes = Vec::new();
    for line in lines {
        // The block ends at the next root key.
        if !line.is_empty() && !line.starts_with(' ') {
            break;
        }
        if let Some(code) = line.strip_prefix("  - code: ") {
            codes.push(
                code.trim()
                    .parse()
                    .unwrap_or_else(|e| panic!("catalog code {code:?}: {e}")),
            );
        }
    }
    codes
}

#[test]
fn every_catalogued_code_maps_to_a_specific_kind() {
    let codes = catalog_codes();
    assert!(
        codes.len() > 40,
        "the root x-error-codes catalog was not found or is short: {codes:?}"
    );
    for expected in [400, 1800, 21119, 96000, 96040] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    let unmapped: Vec<i64> = codes
        .iter()
        .copied()
        .filter(|&code| <types::ErrorEnvelope as ErrorBody>::kind(code) == ErrorKind::Other)
        .collect();
    assert!(
        unmapped.is_empty(),
        "catalog codes mapped to ErrorKind::Other: {unmapped:?}"
    );
}
