//! Corpus: `webhooks` (dropped: clients do not serve them) and the other 3.1-only document fields: `jsonSchemaDialect`, `info.summary`, `license.identifier`.
//!
//! Generated from `xtask/corpus/specs/webhooks.yaml`; normalization pass: openapi-version.

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
