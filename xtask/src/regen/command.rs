//! `cargo xtask regen` on the command line: its arguments, and what it prints.

use std::path::{Path, PathBuf};

use super::{Options, explain, explain_generated, run as run_pipeline, table};
use crate::standalone::{self, Standalone};

/// The arguments of `cargo xtask regen`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Change nothing; exit 1 with a diff if a generated file is stale or was edited by hand.
    #[arg(long)]
    pub check: bool,
    /// Only this provider (a name from specs/providers.toml).
    #[arg(long)]
    pub provider: Option<String>,
    /// Also print every normalization pass and each change it made.
    #[arg(long)]
    pub explain: bool,
    /// Fail if progenitor cannot generate an operation (default: leave it out and say so).
    #[arg(long)]
    pub strict: bool,
    /// Read this providers file instead of specs/providers.toml (e.g. xtask/corpus/corpus.toml).
    #[arg(long, value_name = "FILE")]
    pub providers: Option<String>,
    /// Generate a standalone crate from this document instead (with --out).
    #[arg(long, value_name = "PATH", requires = "out", conflicts_with_all = ["check", "provider", "providers"])]
    pub spec: Option<PathBuf>,
    /// The folder of the standalone crate (with --spec).
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub out: Option<PathBuf>,
    /// The standalone crate's package name (default: from the document's file or folder name).
    #[arg(long, requires = "spec")]
    pub name: Option<String>,
    /// With --spec: keep only these operations and what they reach (`tag:NAME`,
    /// `path:/PREFIX`, `operation:ID`; repeat or separate with commas).
    #[arg(
        long,
        value_name = "SELECTOR",
        requires = "spec",
        value_delimiter = ','
    )]
    pub select: Vec<String>,
    /// With --spec: leave these operations out (same selectors as --select).
    #[arg(
        long,
        value_name = "SELECTOR",
        requires = "spec",
        value_delimiter = ','
    )]
    pub exclude: Vec<String>,
}

/// Runs the command; returns the process exit code (0, 1 when `--check`
/// finds stale files, 2 on an error).
pub fn run(root: &Path, args: &Args) -> i32 {
    if let (Some(spec), Some(out)) = (&args.spec, &args.out) {
        let select = match super::select::Selection::from_args(&args.select, &args.exclude) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let options = Standalone {
            root: root.to_path_buf(),
            spec: spec.clone(),
            out: out.clone(),
            name: args.name.clone(),
            select,
        };
        return run_standalone(&options, args.explain);
    }
    let options = Options {
        root: root.to_path_buf(),
        provider: args.provider.clone(),
        check: args.check,
        strict: args.strict,
        providers_file: args.providers.clone(),
    };
    match run_pipeline(&options) {
        Ok(report) => {
            if args.explain {
                print!("{}", explain(&report));
                println!();
            }
            print!("{}", table(&report));
            if args.check && !report.stale.is_empty() {
                for d in &report.diffs {
                    eprintln!("{d}");
                }
                eprintln!("error: {}", crate::Error::Stale(report.stale.clone()));
                for s in &report.stale {
                    eprintln!("  stale: {s}");
                }
                return 1;
            }
            if args.check {
                println!("generated files are up to date");
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("nothing was written");
            2
        }
    }
}

/// `--spec DOC --out DIR`: a standalone crate.
fn run_standalone(options: &Standalone, explain: bool) -> i32 {
    if explain {
        match standalone::explain(options) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    match standalone::run(options) {
        Ok(row) => {
            println!(
                "wrote {}: {} operations ({} skipped), {} types, {} lines",
                options.out.display(),
                row.operations,
                row.skipped.len(),
                row.types,
                row.lines
            );
            for s in &row.skipped {
                println!("skipped: {s}");
            }
            if explain {
                print!("{}", explain_generated(&row));
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
