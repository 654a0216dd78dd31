//! Corpus: `const` on response tags (`object: "list"`) and on a request field (`kind: "network"`).
//!
//! Generated from `xtask/corpus/specs/const_values.yaml`; normalization pass: const.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
