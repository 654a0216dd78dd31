//! `cargo xtask`: regenerate the provider crates from `specs/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::regen::{self, Options};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Generate and review the cloud-clusters provider crates")]
struct Cli {
    /// The workspace root (default: the one this xtask belongs to).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate every provider crate's client and mocks from specs/.
    Regen {
        /// Change nothing; exit 1 with a diff if a generated file is stale or was edited by hand.
        #[arg(long)]
        check: bool,
        /// Only this provider (a name from specs/providers.toml).
        #[arg(long)]
        provider: Option<String>,
        /// Also print every normalization pass and each change it made.
        #[arg(long)]
        explain: bool,
        /// Fail if progenitor cannot generate an operation (default: leave it out and say so).
        #[arg(long)]
        strict: bool,
    },
    /// Compare two versions of a provider's document: what changed, what breaks, which Rust items move.
    Diff(xtask::diff::DiffArgs),
}

fn default_root() -> PathBuf {
    // The xtask lives in <root>/xtask.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(default_root);
    match cli.command {
        Command::Diff(args) => ExitCode::from(xtask::diff::run(&root, &args).clamp(0, 255) as u8),
        Command::Regen {
            check,
            provider,
            explain,
            strict,
        } => {
            let options = Options {
                root,
                provider,
                check,
                strict,
            };
            match regen::run(&options) {
                Ok(report) => {
                    if explain {
                        print!("{}", regen::explain(&report));
                        println!();
                    }
                    print!("{}", regen::table(&report));
                    if check && !report.stale.is_empty() {
                        for d in &report.diffs {
                            eprintln!("{d}");
                        }
                        eprintln!("error: {}", xtask::Error::Stale(report.stale.clone()));
                        for s in &report.stale {
                            eprintln!("  stale: {s}");
                        }
                        return ExitCode::FAILURE;
                    }
                    if check {
                        println!("generated files are up to date");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("nothing was written");
                    ExitCode::from(2)
                }
            }
        }
    }
}
