//! Corpus: `type: [T, "null"]` (JSON Schema 2020-12 type arrays) and a field of two types (`[string, integer]`).
//!
//! Generated from `xtask/corpus/specs/type_arrays.yaml`; normalization pass: type-arrays.

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
