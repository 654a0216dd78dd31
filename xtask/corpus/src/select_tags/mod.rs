//! Corpus: `select` in the providers file keeps only the operations tagged `Clusters`; the schema it shares with the left-out chat operation stays.
//!
//! Generated from `xtask/corpus/specs/select_tags.yaml` with the entry's `select`; no normalization pass.

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
