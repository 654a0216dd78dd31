//! Corpus: numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1), alone and beside an inclusive bound.
//!
//! Generated from `xtask/corpus/specs/exclusive_bounds.yaml`; normalization pass: exclusive-bounds.

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
