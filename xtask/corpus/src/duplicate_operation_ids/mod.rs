//! Corpus: one `operationId` used on two operations; the second becomes `listNodes_2`.
//!
//! Generated from `xtask/corpus/specs/duplicate_operation_ids.yaml`; normalization pass: operation-ids.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
