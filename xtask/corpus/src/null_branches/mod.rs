//! Corpus: `anyOf`/`oneOf` with a null branch, spelled `{type: "null"}`, `enum: [null]` and `const: null`, around a `$ref`, an inline schema and a union of two types.
//!
//! Generated from `xtask/corpus/specs/null_branches.yaml`; normalization pass: null-branches.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
