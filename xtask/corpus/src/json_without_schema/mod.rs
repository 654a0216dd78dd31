//! Corpus: `application/json` without a schema, on a request and on responses: any JSON value.
//!
//! Generated from `xtask/corpus/specs/json_without_schema.yaml`; normalization pass: request-media, response-media.

// progenitor emits `use super::types;` in `builder` even when, as here, no
// named type exists: `unused_imports` is allowed on generated code.
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
