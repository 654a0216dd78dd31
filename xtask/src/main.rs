//! `cargo xtask`: regenerate the provider crates from `specs/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::regen::{self, Options};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate and review the cloud-clusters provider crates"
)]
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
        /// Read this providers file instead of specs/providers.toml (e.g. xtask/corpus/corpus.toml).
        #[arg(long, value_name = "FILE")]
        providers: Option<String>,
        /// Generate a standalone crate from this document instead (with --out).
        #[arg(long, value_name = "PATH", requires = "out", conflicts_with_all = ["check", "provider", "providers"])]
        spec: Option<PathBuf>,
        /// The folder of the standalone crate (with --spec).
        #[arg(long, value_name = "DIR", requires = "spec")]
        out: Option<PathBuf>,
        /// The standalone crate's package name (default: from the document's file or folder name).
        #[arg(long, requires = "spec")]
        name: Option<String>,
    },
    /// Compare two versions of a provider's document: what changed, what breaks, which Rust items move.
    Diff(xtask::diff::DiffArgs),
    /// Download a provider's published document, show what changed, and regenerate.
    Update(xtask::update::Args),
    /// Add a provider: its crate, its providers.toml entry, its facade feature.
    Add(xtask::add::Args),
    /// Compare the hand-authored Zilliz documents with the markdown docs they were written from.
    CheckDocs(xtask::check_docs::Args),
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
        Command::Update(args) => {
            ExitCode::from(xtask::update::run(&root, &args).clamp(0, 255) as u8)
        }
        Command::Add(args) => ExitCode::from(xtask::add::run(&root, &args).clamp(0, 255) as u8),
        Command::CheckDocs(args) => {
            ExitCode::from(xtask::check_docs::run(&root, &args).clamp(0, 255) as u8)
        }
        Command::Regen {
            check,
            provider,
            explain,
            strict,
            providers,
            spec,
            out,
            name,
        } => {
            if let (Some(spec), Some(out)) = (spec, out) {
                let options = xtask::standalone::Standalone {
                    root,
                    spec,
                    out: out.clone(),
                    name,
                };
                if explain {
                    match xtask::standalone::explain(&options) {
                        Ok(text) => println!("{text}"),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return ExitCode::from(2);
                        }
                    }
                }
                return match xtask::standalone::run(&options) {
                    Ok(row) => {
                        println!(
                            "wrote {}: {} operations ({} skipped), {} types, {} lines",
                            out.display(),
                            row.operations,
                            row.skipped.len(),
                            row.types,
                            row.lines
                        );
                        for s in &row.skipped {
                            println!("skipped: {s}");
                        }
                        if explain {
                            print!("{}", regen::explain_generated(&row));
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        ExitCode::from(2)
                    }
                };
            }
            let options = Options {
                root,
                provider,
                check,
                strict,
                providers_file: providers,
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
