//! Corpus: several error types on one operation: a JSON 400 beside an empty 500, and 4XX and 5XX ranges with different schemas.
//!
//! Generated from `xtask/corpus/specs/error_types.yaml`; normalization pass: error-types.

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
