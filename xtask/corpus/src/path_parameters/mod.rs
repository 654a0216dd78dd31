//! Corpus: parameters declared on the path item (path, header and query), one overridden by an operation.
//!
//! Generated from `xtask/corpus/specs/path_parameters.yaml`; normalization pass: none: progenitor merges them itself.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
