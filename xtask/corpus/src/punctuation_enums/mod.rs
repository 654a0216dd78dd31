//! Corpus: enum values that differ only in punctuation (`>` and `>=`, `+1` and `-1`) get distinct variant names (`Gt`, `GtEq`, `Plus1`, `Minus1`).
//!
//! Generated from `xtask/corpus/specs/punctuation_enums.yaml`; fixed in typify (patches/typify-impl), not by a pass.

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
