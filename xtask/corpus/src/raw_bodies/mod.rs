//! Corpus: request bodies that are not JSON: form-encoded, `application/octet-stream` and `text/plain`.
//!
//! Generated from `xtask/corpus/specs/raw_bodies.yaml`; normalization pass: request-media.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
