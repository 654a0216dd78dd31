//! When a request may be sent again, and how long to wait first.
//!
//! Only idempotent requests (GET, HEAD, OPTIONS: reads and polls) are retried, on
//! connection errors, timeouts, 429 and 5xx. A create, scale or delete is never
//! repeated behind the caller's back: those errors reach the caller.

use std::hash::BuildHasher;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How often and how patiently idempotent requests are retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off. Default: 3.
    pub max_attempts: u32,
    /// Wait before the first retry; doubles for each further one. Default: 500 ms.
    pub initial_backoff: Duration,
    /// Longest computed wait. Default: 10 s.
    pub max_backoff: Duration,
    /// Longest wait a server's `Retry-After` may ask for; a longer one is capped. Default: 60 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry number `retry` (1 for the first), with ±10 % jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        jitter(base)
    }

    /// How long to wait before retry number `retry` after a retryable response:
    /// the server's `Retry-After` (capped) if it sent one, else [`Self::backoff`].
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        headers
            .and_then(retry_after)
            .map(|d| d.min(self.max_retry_after))
            .unwrap_or_else(|| self.backoff(retry))
    }
}

/// ±10 %, from the process's random hasher keys and the clock: no RNG crate needed for this.
fn jitter(base: Duration) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let r = std::collections::hash_map::RandomState::new().hash_one(nanos);
    let unit = (r % 2001) as f64 / 1000.0 - 1.0; // -1.0 ..= 1.0
    base.mul_f64(1.0 + 0.1 * unit)
}

/// Whether `method` may be repeated without changing anything.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a response with `status` is worth retrying (429 and every 5xx).
pub fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// The `Retry-After` header as a duration: delta-seconds (TensorPool sends these)
/// or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after(&headers("3")), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after(&headers("1.5")),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(retry_after(&headers("-1")), None);
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(retry_after(&headers(&past)), Some(Duration::ZERO));
    }

    #[test]
    fn delay_honours_retry_after_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, Some(&headers("7"))), Duration::from_secs(7));
        assert_eq!(p.delay(1, Some(&headers("3600"))), Duration::from_secs(60));
        let d = p.delay(1, None);
        assert!(
            d >= Duration::from_millis(450) && d <= Duration::from_millis(550),
            "{d:?}"
        );
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::default();
        let third = p.backoff(3);
        assert!(
            third >= Duration::from_millis(1800) && third <= Duration::from_millis(2200),
            "{third:?}"
        );
        let late = p.backoff(30);
        assert!(late <= Duration::from_secs(11), "{late:?}");
    }

    #[test]
    fn only_reads_are_idempotent_and_only_429_and_5xx_retryable() {
        assert!(is_idempotent(&Method::GET));
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(!is_idempotent(&m), "{m}");
        }
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable_status(StatusCode::BAD_GATEWAY));
        assert!(!is_retryable_status(StatusCode::NOT_FOUND));
        assert!(!is_retryable_status(StatusCode::CONFLICT));
    }
}
