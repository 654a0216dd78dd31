//! Corpus: `anyOf`/`oneOf` with a null branch, spelled `{type: "null"}`, `enum: [null]` and `const: null`, around a `$ref`, an inline schema and a union of two types.
//!
//! Generated from `xtask/corpus/specs/null_branches.yaml`; normalization pass: null-branches.

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
