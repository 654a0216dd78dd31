//! Corpus: a server URL templated by `{region}` and `{version}` variables.
//!
//! Generated from `xtask/corpus/specs/server_variables.yaml`; normalization pass: none: progenitor ignores `servers`; the caller passes the base URL.

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
