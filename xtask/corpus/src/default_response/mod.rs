//! Corpus: `default` beside a 2xx and typed errors (becomes 5XX), and beside a 2xx alone (becomes 4XX and 5XX).
//!
//! Generated from `xtask/corpus/specs/default_response.yaml`; normalization pass: default-response.

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
