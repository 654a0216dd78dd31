//! Corpus: several success types on one operation: 200 and 202 bodies (one untagged union), and a 200 body beside an empty 204.
//!
//! Generated from `xtask/corpus/specs/success_types.yaml`; normalization pass: success-types.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
