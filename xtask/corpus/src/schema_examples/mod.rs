//! Corpus: schema `examples` arrays (3.1) beside the `examples` maps of parameters and media types.
//!
//! Generated from `xtask/corpus/specs/schema_examples.yaml`; normalization pass: examples.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
