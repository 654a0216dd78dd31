//! Corpus: a component schema typify refuses: it, the schemas that refer to it and the operations that reach it are left out, the rest generated.
//!
//! Generated from `xtask/corpus/specs/refused_schema.yaml`; no normalization pass (the generate stage leaves the schema out).

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
