//! Corpus: two types with one Rust name (a component and an inline schema, or two components) get distinct names (`SnapshotExport`, `SnapshotExport2`).
//!
//! Generated from `xtask/corpus/specs/name_collisions.yaml`; fixed in typify (patches/typify-impl), not by a pass.

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
