//! Placeholder: `cargo xtask check-docs`.

use std::path::Path;

/// Arguments of `cargo xtask check-docs`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command; returns the process exit code.
pub fn run(_root: &Path, _args: &Args) -> i32 {
    eprintln!("error: cargo xtask check-docs is not implemented yet");
    2
}
