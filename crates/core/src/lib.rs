//! Shared runtime of the `cloud-clusters` provider crates.
//!
//! Every provider crate (`cloud-clusters-zilliz-v1`, `-zilliz-v2`, `-tensorpool`,
//! `-together`) depends on this crate and on no other provider, so a user who
//! needs one provider compiles one provider. What lives here is what all of them
//! share, written once:
//!
//! - [`auth`]: the API key as a sensitive header, timeouts, `from_env`;
//! - [`SecretString`] and [`RequestSecret`] (on `secrecy`): secrets never shown, zeroized
//!   on drop; an answer's secrets never serialized, a request's sent as they must be;
//! - [`pages`]: every item of a paginated list, page after page;
//! - [`ApiError`]: one error type whose messages never carry a response body;
//! - [`envelope`]: `{code, data}` / `{code, message}` envelopes (Zilliz);
//! - [`retry`] and [`hooks`]: retries of idempotent requests, one tracing span per request;
//! - [`wait`]: polling a cluster or a request until it reaches a terminal state;
//! - [`clusters`]: the [`Clusters`](clusters::Clusters) trait, one cluster lifecycle
//!   (list, get, delete, wait until ready) every provider implements.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod clusters;
pub mod envelope;
mod error;
pub mod hooks;
pub mod pages;
pub mod retry;
mod secret;
mod spec;
pub mod wait;

pub use auth::{ApiKey, ClientOptions, ConfigError};
pub use error::ApiError;
pub use hooks::Runtime;
pub use secret::{RequestSecret, SecretString};
pub use spec::{BaseUrl, SpecInfo};
pub use wait::{Progress, WaitError, WaitOptions};

/// Re-exported for the code [`provider_client!`] expands to.
#[doc(hidden)]
pub use progenitor_client as __progenitor_client;

/// Adds the uniform constructors and the runtime hooks to a generated `Client`.
///
/// Invoked once in each provider crate's `lib.rs`, after `pub use generated::*;`
/// (it needs `Client`, `DEFAULT_BASE_URL`, `API_KEY_ENV` and `SPEC` in scope).
/// It adds `Client::with_api_key`, `Client::with_options` and `Client::from_env`,
/// and the `ClientHooks` implementation that retries idempotent requests and
/// opens one tracing span per request ([`hooks::execute`]).
#[macro_export]
macro_rules! provider_client {
    () => {
        impl Client {
            /// A client for `base_url` (see [`DEFAULT_BASE_URL`] and [`BASE_URLS`]) that
            /// authenticates with `api_key`, with the default [`ClientOptions`](cloud_clusters_core::ClientOptions).
            pub fn with_api_key(
                base_url: &str,
                api_key: impl Into<$crate::ApiKey>,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                Self::with_options(base_url, api_key, $crate::ClientOptions::default())
            }

            /// A client for `base_url` that authenticates with `api_key`, with the given
            /// timeouts and retry policy.
            pub fn with_options(
                base_url: &str,
                api_key: impl Into<$crate::ApiKey>,
                options: $crate::ClientOptions,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                let base_url = $crate::auth::check_base_url(base_url)?;
                let http = $crate::auth::http_client(&api_key.into(), &options)?;
                Ok(Self::new_with_client(
                    base_url,
                    http,
                    $crate::Runtime::new(SPEC.provider, options.retry)
                        .with_max_response_bytes(options.max_response_bytes),
                ))
            }

            /// A client for [`DEFAULT_BASE_URL`] with the API key read from the
            /// environment variable [`API_KEY_ENV`]; the error names the variable when it
            /// is missing.
            pub fn from_env() -> ::std::result::Result<Self, $crate::ConfigError> {
                Self::with_api_key(DEFAULT_BASE_URL, $crate::ApiKey::from_env(API_KEY_ENV)?)
            }
        }

        impl $crate::__progenitor_client::ClientHooks<$crate::Runtime> for Client {
            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &$crate::__progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                use $crate::__progenitor_client::ClientInfo as _;
                $crate::hooks::execute(self.client(), self.inner(), request, info.operation_id)
                    .await
            }
        }
    };
}
