//! Corpus: several error types on one operation: a JSON 400 beside an empty 500, and 4XX and 5XX ranges with different schemas.
//!
//! Generated from `xtask/corpus/specs/error_types.yaml`; normalization pass: error-types.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
