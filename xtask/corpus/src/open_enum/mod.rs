//! Corpus: a response enum the vendor extends without a new document: unknown values decode to `Unknown(String)`; a request enum stays strict.
//!
//! Generated from `xtask/corpus/specs/open_enum.yaml`; normalization pass: open-enums (after generation).

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
