//! Corpus: operations without an `operationId`, named from method and path (`get_clusters`, `delete_clusters_by_cluster_id`).
//!
//! Generated from `xtask/corpus/specs/operation_ids.yaml`; normalization pass: operation-ids.

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
mod generated;
pub use generated::*;

/// httpmock helpers for this document's client.
#[cfg(feature = "mock")]
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
#[path = "generated_mock.rs"]
pub mod mock;

cloud_clusters_core::provider_client!();
