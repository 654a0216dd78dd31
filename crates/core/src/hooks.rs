//! What happens around every request a generated client sends.
//!
//! [`provider_client!`](crate::provider_client) implements progenitor's
//! `ClientHooks::exec` with [`execute`]: one tracing span per request (provider,
//! operation, method, path, status, duration, attempts and the vendor's request
//! id), and retries of idempotent requests under the client's [`RetryPolicy`].
//! Span fields never include headers or bodies, so no secret reaches a log.

use std::time::Instant;

use reqwest::header::HeaderMap;
use tracing::Instrument;
use tracing::field::Empty;

use crate::retry::{self, RetryPolicy};

/// The per-client state the hooks need: the generated `Client`'s inner value.
#[derive(Clone, Debug)]
pub struct Runtime {
    provider: &'static str,
    retry: RetryPolicy,
}

impl Runtime {
    /// The runtime of a client of `provider` retrying under `retry`.
    pub fn new(provider: &'static str, retry: RetryPolicy) -> Self {
        Runtime { provider, retry }
    }

    /// The provider's name, as tracing spans record it.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
}

/// The headers vendors put their request id in, in the order they are looked for.
pub const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "request-id",
    "requestid",
    "x-amzn-requestid",
    "x-trace-id",
];

/// The vendor's request id, if the response carries one.
pub fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
}

/// Sends `request` with `client`, retrying it while that is safe, inside one tracing span.
pub async fn execute(
    client: &reqwest::Client,
    runtime: &Runtime,
    request: reqwest::Request,
    operation: &str,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::info_span!(
        "cloud_clusters.request",
        provider = runtime.provider,
        operation,
        method = %request.method(),
        path = request.url().path(),
        status = Empty,
        duration_ms = Empty,
        attempts = Empty,
        request_id = Empty,
    );
    // Without a subscriber the span is disabled, and the clock is not read.
    let start = (!span.is_disabled()).then(Instant::now);
    async move {
        let policy = &runtime.retry;
        let idempotent = retry::is_idempotent(request.method());
        let mut request = request;
        let mut attempt = 1;
        loop {
            let again = if idempotent && attempt < policy.max_attempts {
                request.try_clone()
            } else {
                None
            };
            let result = client.execute(request).await;
            let delay = match (&result, &again) {
                (_, None) => None,
                (Err(e), Some(_)) if e.is_connect() || e.is_timeout() => {
                    Some(policy.delay(attempt, None))
                }
                (Ok(r), Some(_)) if retry::is_retryable_status(r.status()) => {
                    Some(policy.delay(attempt, Some(r.headers())))
                }
                _ => None,
            };
            match (delay, again) {
                (Some(delay), Some(next)) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        status = result.as_ref().ok().map(|r| r.status().as_u16()),
                        "retrying an idempotent request"
                    );
                    tokio::time::sleep(delay).await;
                    request = next;
                    attempt += 1;
                }
                _ => {
                    let span = tracing::Span::current();
                    if let Some(start) = start {
                        span.record("duration_ms", start.elapsed().as_millis() as u64);
                    }
                    span.record("attempts", attempt);
                    match &result {
                        Ok(response) => {
                            span.record("status", response.status().as_u16());
                            if let Some(id) = request_id(response.headers()) {
                                span.record("request_id", id);
                            }
                            tracing::debug!(status = response.status().as_u16(), "response");
                        }
                        Err(e) => tracing::debug!(error = %e, "request failed"),
                    }
                    return result;
                }
            }
        }
    }
    .instrument(span)
    .await
}
