//! Corpus: a response enum the vendor extends without a new document: unknown values decode to `Unknown(String)`; a request enum stays strict.
//!
//! Generated from `xtask/corpus/specs/open_enum.yaml`; normalization pass: open-enums (after generation).

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
