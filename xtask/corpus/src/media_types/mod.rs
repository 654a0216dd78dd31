//! Corpus: a request and response offered as JSON and XML, `application/vnd.api+json` bodies and `application/problem+json` errors.
//!
//! Generated from `xtask/corpus/specs/media_types.yaml`; normalization pass: request-media, response-media.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
