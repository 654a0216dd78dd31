//! Corpus: a server URL templated by `{region}` and `{version}` variables.
//!
//! Generated from `xtask/corpus/specs/server_variables.yaml`; normalization pass: none: progenitor ignores `servers`; the caller passes the base URL.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
