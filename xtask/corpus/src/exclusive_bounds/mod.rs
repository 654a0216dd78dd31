//! Corpus: numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1), alone and beside an inclusive bound.
//!
//! Generated from `xtask/corpus/specs/exclusive_bounds.yaml`; normalization pass: exclusive-bounds.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
