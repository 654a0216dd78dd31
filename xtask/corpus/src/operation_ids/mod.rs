//! Corpus: operations without an `operationId`, named from method and path (`get_clusters`, `delete_clusters_by_cluster_id`).
//!
//! Generated from `xtask/corpus/specs/operation_ids.yaml`; normalization pass: operation-ids.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
