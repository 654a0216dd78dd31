//! Corpus: `webhooks` (dropped: clients do not serve them) and the other 3.1-only document fields: `jsonSchemaDialect`, `info.summary`, `license.identifier`.
//!
//! Generated from `xtask/corpus/specs/webhooks.yaml`; normalization pass: openapi-version.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
