//! The cloud-clusters generator: `specs/` in, one client crate per provider out.
//!
//! One module per command of `cargo xtask`:
//! - [`regen`]: the pipeline, one module per stage ([`regen::read`] →
//!   [`regen::bundle`] → [`regen::overlay`] → [`regen::normalize`] →
//!   [`regen::validate`] → [`regen::generate`] → [`regen::rewrite`] →
//!   [`regen::format`] → [`regen::write`]), driven by `specs/providers.toml`;
//! - [`standalone`]: `regen --spec DOC --out DIR`, a crate from any document;
//! - [`diff`]: the spec-change report;
//! - [`update`]: download a vendor's document, diff it, regenerate;
//! - [`add`]: a new provider crate;
//! - [`check_docs`]: the hand-authored Zilliz documents against their markdown pages.
//!
//! [`shared`] holds what several commands use (the providers file, errors,
//! `$ref` following, the TOML reader); [`bench_support`] the synthetic
//! documents the benchmarks generate.

pub mod add;
pub mod bench_support;
pub mod check_docs;
pub mod diff;
pub mod regen;
pub mod release_notes;
pub mod shared;
pub mod standalone;
pub mod update;

pub use shared::error::{Error, Result};

/// Every binary of the xtask (the command, its tests and benchmarks) allocates
/// with mimalloc: generating a large document makes tens of millions of small
/// allocations, and with the system allocator half the time went to
/// `malloc`/`free` (`cargo bench -p xtask --bench regen`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
