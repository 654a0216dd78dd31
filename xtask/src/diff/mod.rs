//! `cargo xtask diff`: a spec-change report (placeholder until implemented).

use std::path::Path;

/// Arguments of `cargo xtask diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// A provider name (compare its document between revisions), or OLD_FILE NEW_FILE.
    #[arg(required = true, num_args = 1..=2)]
    pub targets: Vec<String>,
}

/// Runs the diff; returns the process exit code (0 no failing change, 1 changes at or above --fail-on, 2 error).
pub fn run(_root: &Path, _args: &DiffArgs) -> i32 {
    eprintln!("error: cargo xtask diff is not implemented yet");
    2
}
