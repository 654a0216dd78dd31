//! Corpus: integer bounds openapiv3 cannot hold: `maximum: 18446744073709551615` and `1.8446744073709552e19` on uint64 fields, fractional bounds, float sizes.
//!
//! Generated from `xtask/corpus/specs/integer_bounds.json`; normalization pass: bounds.

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
