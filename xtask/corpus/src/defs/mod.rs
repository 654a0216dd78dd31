//! Corpus: `$defs` at the root of a component schema and nested inside one of its properties, with `$ref`s into them.
//!
//! Generated from `xtask/corpus/specs/defs.yaml`; normalization pass: defs.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
