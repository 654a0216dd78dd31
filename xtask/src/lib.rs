//! The cloud-clusters generator: `specs/` in, one client crate per provider out.
//!
//! Each stage of `cargo xtask regen` is a module: [`read`] → [`bundle`] → [`overlay`] →
//! [`normalize`] → [`validate`] → [`generate`] → [`item_stream`] (with [`dedupe`], [`open_enums`], [`envelopes`]; the mocks: [`mock_fixes`]) → [`format`](mod@format) → [`write`](mod@write), driven
//! by [`regen`] from [`config`] (`specs/providers.toml`).

pub mod add;
pub mod bundle;
pub mod check_docs;
pub mod config;
pub mod dedupe;
pub mod derives;
pub mod diff;
pub mod envelopes;
pub mod error;
pub mod format;
pub mod generate;
pub mod item_stream;
pub mod mock_fixes;
pub mod normalize;
pub mod open_enums;
pub mod overlay;
pub mod read;
pub mod refs;
pub mod regen;
pub mod standalone;
pub mod synthetic;
pub mod update;
pub mod validate;
pub mod write;

pub use error::{Error, Result};

/// Every binary of the xtask (the command, its tests and benchmarks) allocates
/// with mimalloc: generating a large document makes tens of millions of small
/// allocations, and with the system allocator half the time went to
/// `malloc`/`free` (`cargo bench -p xtask --bench regen`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
