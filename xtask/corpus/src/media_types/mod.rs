//! Corpus: a request and response offered as JSON and XML, `application/vnd.api+json` bodies and `application/problem+json` errors.
//!
//! Generated from `xtask/corpus/specs/media_types.yaml`; normalization pass: request-media, response-media.

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
mod generated;
pub use generated::*;

/// httpmock helpers for this document's client.
#[cfg(feature = "mock")]
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
#[path = "generated_mock.rs"]
pub mod mock;

cloud_clusters_core::provider_client!();
