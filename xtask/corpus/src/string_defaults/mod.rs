//! Corpus: defaults written as strings (`"false"`, `"100"`, `"null"`): read as the JSON they spell, or dropped.
//!
//! Generated from `xtask/corpus/specs/string_defaults.json`; normalization pass: defaults.

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
