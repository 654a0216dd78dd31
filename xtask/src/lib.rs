//! The cloud-clusters generator: `specs/` in, one client crate per provider out.
//!
//! Each stage of `cargo xtask regen` is a module: [`read`] → [`bundle`] → [`overlay`] →
//! [`normalize`] → [`validate`] → [`generate`] → [`open_enums`] / [`envelopes`] → [`format`](mod@format) → [`write`](mod@write), driven
//! by [`regen`] from [`config`] (`specs/providers.toml`).

pub mod add;
pub mod bundle;
pub mod check_docs;
pub mod config;
pub mod dedupe;
pub mod diff;
pub mod envelopes;
pub mod error;
pub mod format;
pub mod generate;
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
