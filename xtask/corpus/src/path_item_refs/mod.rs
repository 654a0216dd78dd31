//! Corpus: path items given as `$ref` to 3.1 `components/pathItems`, with a sibling `summary` and path-level parameters.
//!
//! Generated from `xtask/corpus/specs/path_item_refs.yaml`; normalization pass: path-item-refs.

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
