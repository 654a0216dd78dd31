//! Authentication and the HTTP client every provider uses.
//!
//! All four providers take `Authorization: Bearer <API key>`. The key travels as
//! a *sensitive* header value: reqwest and `http` print it as `Sensitive`, and
//! [`ApiKey`]'s own `Debug` is redacted.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};

use crate::SecretString;
use crate::retry::RetryPolicy;

/// An API key. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(SecretString);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(SecretString::new(key.into()))
    }

    /// Reads the key from the environment variable `var`.
    ///
    /// The error names the variable, and never holds its value.
    pub fn from_env(var: &str) -> Result<Self, ConfigError> {
        match std::env::var(var) {
            Ok(value) if value.trim().is_empty() => Err(ConfigError::EmptyApiKey {
                source_name: var.to_string(),
            }),
            Ok(value) => Ok(ApiKey::new(value.trim())),
            Err(std::env::VarError::NotPresent) => Err(ConfigError::MissingEnv {
                var: var.to_string(),
            }),
            Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::NotUnicode {
                var: var.to_string(),
            }),
        }
    }

    /// The key itself, for the one place that needs it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        ApiKey::new(key)
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey::new(key)
    }
}

impl From<SecretString> for ApiKey {
    fn from(key: SecretString) -> Self {
        ApiKey(key)
    }
}

/// How a client connects, times out and retries.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Longest wait for a TCP and TLS connection. Default: 10 s.
    pub connect_timeout: Duration,
    /// Longest wait for a whole request, response body included. Default: 60 s.
    pub timeout: Duration,
    /// `User-Agent` header. Default: `cloud-clusters/<version>`.
    pub user_agent: String,
    /// Retries of idempotent requests (GET). Default: [`RetryPolicy::default`].
    pub retry: RetryPolicy,
    /// The largest response body a call reads, in bytes. A larger one fails
    /// the call with [`ApiError::ResponseTooLarge`](crate::ApiError::ResponseTooLarge)
    /// before it is read whole (at once when the response declares its length).
    /// Default: 64 MiB.
    pub max_response_bytes: u64,
}

/// The default of [`ClientOptions::max_response_bytes`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 << 20;

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent: concat!("cloud-clusters/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

/// Why a client could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The environment variable that should hold the API key is not set.
    #[error("environment variable {var} is not set: set it to your API key")]
    MissingEnv {
        /// The variable's name.
        var: String,
    },
    /// The environment variable is set but not valid Unicode.
    #[error(
        "environment variable {var} is not valid Unicode: set it to your API key, as plain text"
    )]
    NotUnicode {
        /// The variable's name.
        var: String,
    },
    /// The API key is empty (or only white space).
    #[error("the API key from {source_name} is empty: set it to your API key")]
    EmptyApiKey {
        /// Where the key came from.
        source_name: String,
    },
    /// The API key holds characters an HTTP header cannot carry.
    #[error(
        "the API key holds characters an HTTP header cannot carry (a line break or a control \
         character): copy the key again, without them"
    )]
    InvalidApiKey,
    /// The base URL is not an absolute http(s) URL.
    #[error(
        "base URL {url:?} is not an absolute http(s) URL: pass one such as https://api.example.com, \
         or use the crate's DEFAULT_BASE_URL"
    )]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
    },
    /// reqwest could not build its client (TLS back end).
    #[error("could not build the HTTP client (its TLS back end failed to start): {0}")]
    Http(#[source] reqwest::Error),
}

/// Checks that `url` is an absolute http(s) URL; returns it without a trailing `/`.
pub fn check_base_url(url: &str) -> Result<&str, ConfigError> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Ok(url.trim_end_matches('/'))
        }
        _ => Err(ConfigError::InvalidBaseUrl {
            url: url.to_string(),
        }),
    }
}

/// A reqwest client that sends `Authorization: Bearer <key>` (sensitive) and
/// `Accept: application/json` on every request, with `options`' timeouts.
pub fn http_client(key: &ApiKey, options: &ClientOptions) -> Result<reqwest::Client, ConfigError> {
    if key.expose_secret().trim().is_empty() {
        return Err(ConfigError::EmptyApiKey {
            source_name: "the code that built the client".to_string(),
        });
    }
    let mut bearer = HeaderValue::from_str(&format!("Bearer {}", key.expose_secret()))
        .map_err(|_| ConfigError::InvalidApiKey)?;
    bearer.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, bearer);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    install_tls_provider();
    reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .user_agent(options.user_agent.clone())
        .build()
        .map_err(ConfigError::Http)
}

/// With the `rustls-ring` feature, makes ring rustls's process-wide crypto
/// provider unless the program installed one first (reqwest's rustls back end
/// uses the process default; without one it would have none to use).
fn install_tls_provider() {
    #[cfg(feature = "rustls-ring")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one at the same moment: either is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-test-0123456789";

    #[test]
    fn the_key_never_shows_in_debug() {
        let key = ApiKey::new(KEY);
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        let client = http_client(&key, &ClientOptions::default()).unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains(KEY), "{shown}");
    }

    #[test]
    fn missing_and_empty_variables_are_named() {
        let err = ApiKey::from_env("CLOUD_CLUSTERS_TEST_SURELY_UNSET").unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable CLOUD_CLUSTERS_TEST_SURELY_UNSET is not set: set it to your API key"
        );
        assert!(matches!(
            http_client(&ApiKey::new("  "), &ClientOptions::default()),
            Err(ConfigError::EmptyApiKey { .. })
        ));
        assert!(matches!(
            http_client(&ApiKey::new("a\nb"), &ClientOptions::default()),
            Err(ConfigError::InvalidApiKey)
        ));
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            check_base_url("https://api.cloud.zilliz.com/").unwrap(),
            "https://api.cloud.zilliz.com"
        );
        assert!(check_base_url("api.cloud.zilliz.com").is_err());
        assert!(check_base_url("ftp://x").is_err());
    }
}
