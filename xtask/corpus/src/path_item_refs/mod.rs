//! Corpus: path items given as `$ref` to 3.1 `components/pathItems`, with a sibling `summary` and path-level parameters.
//!
//! Generated from `xtask/corpus/specs/path_item_refs.yaml`; normalization pass: path-item-refs.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
