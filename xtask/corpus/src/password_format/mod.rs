//! Corpus: `format: password` strings, in a request and a response: `SecretString`, whose `Debug` shows `[redacted]`.
//!
//! Generated from `xtask/corpus/specs/password_format.yaml`; normalization pass: secrets.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
