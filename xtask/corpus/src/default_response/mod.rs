//! Corpus: `default` beside a 2xx and typed errors (becomes 5XX), and beside a 2xx alone (becomes 4XX and 5XX).
//!
//! Generated from `xtask/corpus/specs/default_response.yaml`; normalization pass: default-response.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
