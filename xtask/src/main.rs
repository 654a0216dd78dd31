//! `cargo xtask`: regenerate the provider crates from `specs/`, and review changes to them.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate and review the cloud-clusters provider crates"
)]
struct Cli {
    /// The workspace root (default: the checkout the current folder is in).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate every provider crate's client and mocks from specs/.
    Regen(xtask::regen::command::Args),
    /// Compare two versions of a provider's document: what changed, what breaks, which Rust items move.
    Diff(xtask::diff::DiffArgs),
    /// Download a provider's published document, show what changed, and regenerate.
    Update(xtask::update::Args),
    /// Add a provider: its crate, its providers.toml entry, its facade feature.
    Add(xtask::add::Args),
    /// Compare the hand-authored Zilliz documents with the markdown docs they were written from.
    CheckDocs(xtask::check_docs::Args),
    /// Write a provider crate's CHANGELOG entry from the diff of its document since a revision.
    ReleaseNotes(xtask::release_notes::Args),
}

/// The checkout the command runs in: the nearest folder, from the current one
/// up, that holds `specs/providers.toml` beside a `Cargo.toml`. Two checkouts
/// that share one `CARGO_TARGET_DIR` run the same binary, so the folder it was
/// built from says nothing about which tree to act on. Outside any checkout,
/// the one the binary was built from.
fn default_root() -> PathBuf {
    let found = std::env::current_dir().ok().and_then(|cwd| {
        cwd.ancestors()
            .find(|dir| {
                dir.join("specs/providers.toml").is_file() && dir.join("Cargo.toml").is_file()
            })
            .map(PathBuf::from)
    });
    found.unwrap_or_else(|| {
        // The xtask lives in <root>/xtask.
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(default_root);
    let code = match cli.command {
        Command::Regen(args) => xtask::regen::command::run(&root, &args),
        Command::Diff(args) => xtask::diff::run(&root, &args),
        Command::Update(args) => xtask::update::run(&root, &args),
        Command::Add(args) => xtask::add::run(&root, &args),
        Command::CheckDocs(args) => xtask::check_docs::run(&root, &args),
        Command::ReleaseNotes(args) => xtask::release_notes::run(&root, &args),
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}
