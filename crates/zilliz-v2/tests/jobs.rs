//! Zilliz v2 cloud jobs (`specs/zilliz-v2/paths/jobs.yaml`) against httpmock: `describeJob`
//! (the spec's example answer decoded field by field, and its documented 96026 error), and
//! the hand-written waiter `Client::wait_for_job`: success after polls in progress, a failed
//! job, and a job that never ends before the timeout.

mod common;

use std::time::Duration;

use cloud_clusters_zilliz_v2::{
    ErrorKind, IntoData, WaitError, WaitOptions, mock::MockServerExt, types,
};
use httpmock::{Method, MockServer};
use serde_json::{Value, json};

const JOB_ID: &str = "job-03e1eefbd82dmo2oeb8pe2";
const JOB_PATH: &str = "/v2/jobs/job-03e1eefbd82dmo2oeb8pe2";

/// Fast polls for the waiter tests.
fn fast(timeout: Duration) -> WaitOptions {
    WaitOptions::default()
        .with_interval(Duration::from_millis(10))
        .with_timeout(timeout)
}

/// A `describeJob` answer for the job with `status`, `progress` and `reason`.
fn job_answer(status: &str, progress: &str, reason: &str) -> Value {
    json!({
        "code": 0,
        "data": {
            "jobId": JOB_ID,
            "type": "MIGRATION",
            "status": status,
            "progress": progress,
            "startTime": "2024-07-30T16:49:50Z",
            "endTime": "",
            "reason": reason
        }
    })
}

#[tokio::test]
async fn describe_job_decodes_the_documented_example() {
    let server = MockServer::start_async().await;
    let mock = server.describe_job(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner().status(200).json_body(json!({
            "code": 0,
            "data": {
                "jobId": "job-03e1eefbd82dmo2oeb8pe2",
                "type": "MIGRATION",
                "status": "SUCCESSFUL",
                "progress": "100",
                "startTime": "2024-07-30T16:49:50Z",
                "endTime": "2024-07-30T17:30:50Z",
                "reason": ""
            }
        }));
    });

    let job = common::client(&server)
        .describe_job()
        .job_id(JOB_ID)
        .send()
        .await
        .into_data()
        .expect("the documented example decodes");

    mock.assert_async().await;
    assert_eq!(job.job_id, JOB_ID);
    assert_eq!(job.type_.as_deref(), Some("MIGRATION"));
    assert_eq!(job.status, Some(types::CloudJobStatus::Successful));
    assert_eq!(job.progress.as_deref(), Some("100"));
    assert_eq!(job.start_time.as_deref(), Some("2024-07-30T16:49:50Z"));
    assert_eq!(job.end_time.as_deref(), Some("2024-07-30T17:30:50Z"));
    assert_eq!(job.reason.as_deref(), Some(""));
}

#[tokio::test]
async fn describe_job_unknown_job_96026_is_not_found() {
    let server = MockServer::start_async().await;
    let mock = server.describe_job(|when, then| {
        when.into_inner()
            .method(Method::GET)
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(common::error_envelope(96026, "The job does not exist."));
    });

    let err = common::client(&server)
        .describe_job()
        .job_id(JOB_ID)
        .send()
        .await
        .into_data()
        .expect_err("an error envelope is an error");

    mock.assert_async().await;
    let v = common::assert_vendor(err, 96026, ErrorKind::NotFound, 200);
    assert_eq!(v.message, "The job does not exist.");
}

#[tokio::test]
async fn wait_for_job_polls_in_progress_until_successful() {
    let server = MockServer::start_async().await;
    // Serves the first two polls, then stops matching: the next mock takes over.
    let running = server.describe_job(|when, then| {
        when.into_inner()
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(job_answer("IN_PROGRESS", "40", ""))
            .up_to_n_times(2);
    });
    let done = server.describe_job(|when, then| {
        when.into_inner()
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(job_answer("SUCCESSFUL", "100", ""));
    });

    let job = common::client(&server)
        .wait_for_job(JOB_ID, &fast(Duration::from_secs(10)))
        .await
        .expect("the job succeeds");

    running.assert_calls_async(2).await;
    done.assert_calls_async(1).await;
    assert_eq!(job.job_id, JOB_ID);
    assert_eq!(job.status, Some(types::CloudJobStatus::Successful));
    assert_eq!(job.progress.as_deref(), Some("100"));
}

#[tokio::test]
async fn wait_for_job_stops_at_failed_with_the_job() {
    let server = MockServer::start_async().await;
    let mock = server.describe_job(|when, then| {
        when.into_inner()
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(job_answer("FAILED", "60", "collection not found"));
    });

    let err = common::client(&server)
        .wait_for_job(JOB_ID, &fast(Duration::from_secs(10)))
        .await
        .expect_err("a failed job ends the wait as a failure");

    mock.assert_calls_async(1).await;
    match err {
        WaitError::Failed(job) => {
            assert_eq!(job.job_id, JOB_ID);
            assert_eq!(job.status, Some(types::CloudJobStatus::Failed));
            assert_eq!(job.progress.as_deref(), Some("60"));
            assert_eq!(job.reason.as_deref(), Some("collection not found"));
        }
        other => panic!("expected WaitError::Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn wait_for_job_times_out_with_the_last_job_seen() {
    let server = MockServer::start_async().await;
    let mock = server.describe_job(|when, then| {
        when.into_inner()
            .path(JOB_PATH)
            .header("authorization", common::BEARER);
        then.into_inner()
            .status(200)
            .json_body(job_answer("IN_PROGRESS", "40", ""));
    });

    let timeout = Duration::from_millis(200);
    let err = common::client(&server)
        .wait_for_job(JOB_ID, &fast(timeout))
        .await
        .expect_err("a job that never ends times out");

    assert!(
        mock.calls_async().await >= 2,
        "the waiter polled more than once"
    );
    match err {
        WaitError::TimedOut { elapsed, last } => {
            assert!(elapsed >= timeout, "gave up after {elapsed:?}");
            let job = last.expect("the polls succeeded, so the last job is kept");
            assert_eq!(job.job_id, JOB_ID);
            assert_eq!(job.status, Some(types::CloudJobStatus::InProgress));
            assert_eq!(job.progress.as_deref(), Some("40"));
        }
        other => panic!("expected WaitError::TimedOut, got {other:?}"),
    }
}
