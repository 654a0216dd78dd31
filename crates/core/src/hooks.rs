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
    max_response_bytes: u64,
}

impl Runtime {
    /// The runtime of a client of `provider` retrying under `retry`, reading
    /// response bodies up to [`DEFAULT_MAX_RESPONSE_BYTES`](crate::auth::DEFAULT_MAX_RESPONSE_BYTES).
    pub fn new(provider: &'static str, retry: RetryPolicy) -> Self {
        Runtime {
            provider,
            retry,
            max_response_bytes: crate::auth::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The same runtime reading response bodies up to `limit` bytes.
    pub fn with_max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The largest response body a call reads.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
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

/// A response body larger than the client allows: the error a body read
/// fails with, found by [`ApiError`](crate::ApiError) in the error's sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the response body is larger than the {limit} bytes the client reads (ClientOptions::max_response_bytes)"
)]
pub struct BodyTooLarge {
    /// The limit in force.
    pub limit: u64,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `response` whose body fails with [`BodyTooLarge`] past `limit` bytes: at once
/// when its `Content-Length` says so (nothing is read), else as soon as the
/// bytes read pass it. A body that declares a length within the limit is left
/// as it is (the connection cannot deliver more than it declared).
pub fn limit_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    use futures_util::StreamExt;
    use reqwest::ResponseBuilderExt;

    match response.content_length() {
        Some(declared) if declared <= limit => return response,
        _ => {}
    }
    let too_large = response.content_length().is_some_and(|d| d > limit);
    // The same status, version, headers and URL; only the body is wrapped.
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone());
    if let Some(headers) = builder.headers_mut() {
        *headers = response.headers().clone();
    }
    let body = if too_large {
        drop(response);
        reqwest::Body::wrap_stream(futures_util::stream::once(async move {
            Err::<bytes::Bytes, BoxError>(Box::new(BodyTooLarge { limit }))
        }))
    } else {
        let mut seen: u64 = 0;
        reqwest::Body::wrap_stream(response.bytes_stream().map(move |chunk| {
            let chunk = chunk.map_err(|e| Box::new(e) as BoxError)?;
            seen = seen.saturating_add(chunk.len() as u64);
            if seen > limit {
                Err(Box::new(BodyTooLarge { limit }) as BoxError)
            } else {
                Ok(chunk)
            }
        }))
    };
    match builder.body(body) {
        Ok(limited) => reqwest::Response::from(limited),
        // Unreachable: the status, version and headers came from a valid response.
        Err(_) => reqwest::Response::from(http::Response::new(reqwest::Body::from(Vec::new()))),
    }
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
                    return result.map(|r| limit_body(r, runtime.max_response_bytes));
                }
            }
        }
    }
    .instrument(span)
    .await
}
