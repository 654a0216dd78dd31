//! Corpus: `select` in the providers file keeps the operations under `/compute/volumes` (not `/compute/volumes-legacy`), without `deleteVolume`.
//!
//! Generated from `xtask/corpus/specs/select_paths.yaml` with the entry's `select`; no normalization pass.

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
