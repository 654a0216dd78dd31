//! Corpus: parameters progenitor's httpmock generator gets wrong (a Copy body, array queries and headers, a path id with a dot), mended after generation.
//!
//! Generated from `xtask/corpus/specs/mock_parameters.yaml`; post-generation step: mock-fixes.

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
