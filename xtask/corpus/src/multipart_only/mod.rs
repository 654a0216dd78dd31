//! Corpus: an operation whose only body is `multipart/form-data`: removed with its reason, the rest generated.
//!
//! Generated from `xtask/corpus/specs/multipart_only.yaml`; normalization pass: request-media.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
