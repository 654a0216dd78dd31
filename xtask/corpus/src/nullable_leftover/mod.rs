//! Corpus: 3.0's `nullable: true` left in a 3.1 document, beside a 3.1 type array.
//!
//! Generated from `xtask/corpus/specs/nullable_leftover.yaml`; normalization pass: openapi-version.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
