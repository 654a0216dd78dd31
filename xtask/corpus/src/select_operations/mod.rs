//! Corpus: `select` in the providers file keeps only `listRegions`, and the one schema it reaches.
//!
//! Generated from `xtask/corpus/specs/select_operations.yaml` with the entry's `select`; no normalization pass.

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
