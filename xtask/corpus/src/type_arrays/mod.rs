//! Corpus: `type: [T, "null"]` (JSON Schema 2020-12 type arrays) and a field of two types (`[string, integer]`).
//!
//! Generated from `xtask/corpus/specs/type_arrays.yaml`; normalization pass: type-arrays.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
