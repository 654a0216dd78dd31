//! Corpus: integer bounds openapiv3 cannot hold: `maximum: 18446744073709551615` and `1.8446744073709552e19` on uint64 fields, fractional bounds, float sizes.
//!
//! Generated from `xtask/corpus/specs/integer_bounds.json`; normalization pass: bounds.

#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
mod generated;
pub use generated::*;

cloud_clusters_core::provider_client!();
