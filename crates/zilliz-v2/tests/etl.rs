//! The Zilliz v2 `etl` group (specs/zilliz-v2/paths/etl.yaml) against httpmock:
//! `mergeData` sends the documented request (method, path, bearer key, exact JSON
//! body), decodes the documented answer and maps the documented error code; the
//! bucket credentials of an object-storage source reach the server in the body but
//! never show in `Debug`.

mod common;

use cloud_clusters_zilliz_v2::{ErrorKind, IntoData, RequestSecret, mock::MockServerExt, types};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const PATH: &str = "/v2/etl/merge";
const CLUSTER: &str = "in00-xxxxxxxxxxxxxxx";
const JOB: &str = "job-xxxxxxxxxxxxxxxxxxxxx";
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

/// A POST to the merge path with the bearer key and exactly `body`.
fn expect_post(when: httpmock::When, body: Value) {
    when.method(Method::POST)
        .path(PATH)
        .header("authorization", common::BEARER)
        .header("content-type", "application/json")
        .json_body(body);
}

/// The spec's request example of `mergeData`, reading from `source`.
fn merge_request(source: types::MergeDataSource) -> types::MergeDataRequest {
    let field: types::MergeDataNewField = build(
        types::MergeDataNewField::builder()
            .field_name("my_field1".to_string())
            .data_type(types::MergeDataFieldType::Varchar)
            .params(build::<types::MergeDataFieldParams, _>(
                types::MergeDataFieldParams::builder().max_length(512),
            )),
    );
    build(
        types::MergeDataRequest::builder()
            .cluster_id(CLUSTER)
            .db_name("my_database")
            .collection_name("my_collection")
            .dest_db_name("my_database")
            .dest_collection_name("my_merged_collection")
            .data_source(source)
            .merge_field("id".to_string())
            .new_fields(vec![field]),
    )
}

/// The spec example's volume source.
fn volume_source() -> types::MergeDataSource {
    build(
        types::MergeDataSource::builder()
            .type_("volume".to_string())
            .volume_name("my_volume".to_string())
            .data_path("/path/to/your/data.parquet".to_string()),
    )
}

#[tokio::test]
async fn merge_data_sends_the_documented_body_and_returns_the_job_id() {
    let server = MockServer::start_async().await;
    let mock = server.merge_data(|when, then| {
        expect_post(
            when.into_inner(),
            json!({
                "clusterId": "in00-xxxxxxxxxxxxxxx",
                "dbName": "my_database",
                "collectionName": "my_collection",
                "destDbName": "my_database",
                "destCollectionName": "my_merged_collection",
                "dataSource": {
                    "type": "volume",
                    "volumeName": "my_volume",
                    "dataPath": "/path/to/your/data.parquet"
                },
                "mergeField": "id",
                "newFields": [
                    {
                        "fieldName": "my_field1",
                        "dataType": "VARCHAR",
                        "params": {
                            "maxLength": 512
                        }
                    }
                ]
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

    let job = common::client(&server)
        .merge_data()
        .body(merge_request(volume_source()))
        .send()
        .await
        .into_data()
        .expect("the documented answer decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn merge_data_sends_bucket_credentials_in_the_body_but_never_in_debug() {
    const ACCESS: &str = "AKIA-merge-access-9X";
    const SECRET: &str = "merge-secret-kYzQ2wLp";
    const DATA: &str = "s3://my-bucket/path/to/your/data.parquet";

    let server = MockServer::start_async().await;
    let mock = server.merge_data(|when, then| {
        expect_post(
            when.into_inner(),
            json!({
                "clusterId": CLUSTER,
                "dbName": "my_database",
                "collectionName": "my_collection",
                "destDbName": "my_database",
                "destCollectionName": "my_merged_collection",
                "dataSource": {
                    "type": "s3",
                    "dataPath": DATA,
                    "credential": {"accessKey": ACCESS, "secretKey": SECRET}
                },
                "mergeField": "id",
                "newFields": [
                    {"fieldName": "my_field1", "dataType": "VARCHAR", "params": {"maxLength": 512}}
                ]
            }),
        );
        answer(
            then.into_inner(),
            json!({"code": 0, "data": {"jobId": JOB}}),
        );
    });

    let credential: types::MergeDataCredential = build(
        types::MergeDataCredential::builder()
            .access_key(RequestSecret::from(ACCESS))
            .secret_key(RequestSecret::from(SECRET)),
    );
    assert_eq!(
        credential
            .access_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(ACCESS)
    );
    assert_eq!(
        credential
            .secret_key
            .as_ref()
            .map(RequestSecret::expose_secret),
        Some(SECRET)
    );
    let request = merge_request(build(
        types::MergeDataSource::builder()
            .type_("s3".to_string())
            .data_path(DATA.to_string())
            .credential(credential),
    ));
    let builder = types::builder::MergeDataRequest::from(request.clone());
    for shown in [format!("{request:?}"), format!("{builder:?}")] {
        for secret in [ACCESS, SECRET] {
            assert!(!shown.contains(secret), "Debug shows {secret}: {shown}");
        }
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    let job = common::client(&server)
        .merge_data()
        .body(request)
        .send()
        .await
        .into_data()
        .expect("the credentials reach the server");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB);
}

#[tokio::test]
async fn merge_data_illegal_api_key_21119_is_unauthenticated() {
    let server = MockServer::start_async().await;
    let mock = server.merge_data(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .path(PATH)
            .header("authorization", common::BEARER);
        answer(
            then.into_inner(),
            common::error_envelope(21119, ILLEGAL_KEY),
        );
    });

    let err = common::client(&server)
        .merge_data()
        .body(merge_request(volume_source()))
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 21119, ErrorKind::Unauthenticated, 200);
    assert_eq!(v.message, ILLEGAL_KEY);
}
