//! Helpers more than one command uses.

pub mod config;
pub mod error;
pub mod refs;
pub mod toml_file;
