//! `cargo xtask release-notes NAME --base REV`: a provider crate's CHANGELOG
//! entry, written from the diff report of its document between `REV` and the
//! working tree.
//!
//! The entry names the version the change asks for ([`crate::diff::semver`]:
//! the crate's version bumped major, minor or patch), the document's hash at
//! both ends, and the changes grouped as a user reads them: what breaks code
//! that compiles today, what is added, and the rest. It goes at the top of
//! `crates/<provider>/CHANGELOG.md` (created if missing), or to stdout with
//! `--stdout`.

use std::path::Path;

use crate::diff::semver::{self, Bump};
use crate::diff::{Change, Compiles, DiffArgs, Format, Report};
use crate::shared::config;

/// Arguments of `cargo xtask release-notes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The provider (a name from specs/providers.toml).
    pub provider: String,
    /// The revision of the last release (a tag or commit).
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// Print the entry instead of adding it to the crate's CHANGELOG.md.
    #[arg(long)]
    pub stdout: bool,
}

/// The crate's `version` from its manifest (`version.workspace = true` reads the
/// workspace's).
fn crate_version(root: &Path, dir: &str) -> Result<String, String> {
    let read = |file: &str| -> Result<toml::Table, String> {
        let text = std::fs::read_to_string(root.join(file))
            .map_err(|e| format!("{file}: cannot read it: {e}"))?;
        text.parse::<toml::Table>()
            .map_err(|e| format!("{file}: not TOML: {e}"))
    };
    let manifest = format!("{dir}/Cargo.toml");
    let package = read(&manifest)?;
    let version = package.get("package").and_then(|p| p.get("version"));
    match version {
        Some(toml::Value::String(v)) => Ok(v.clone()),
        Some(toml::Value::Table(t)) if t.get("workspace") == Some(&toml::Value::Boolean(true)) => {
            read("Cargo.toml")?
                .get("workspace")
                .and_then(|w| w.get("package"))
                .and_then(|p| p.get("version"))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| "Cargo.toml: no [workspace.package] version".to_string())
        }
        _ => Err(format!("{manifest}: no package version")),
    }
}

fn line(c: &Change) -> String {
    let at = c
        .operations
        .first()
        .map(|o| format!("`{}`: ", o.endpoint()))
        .unwrap_or_default();
    let rust = if c.rust.items.is_empty() {
        String::new()
    } else {
        format!(
            " ({}: {})",
            c.rust
                .items
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", "),
            c.rust.note
        )
    };
    format!("- {at}{}{rust}\n", c.message)
}

/// A CHANGELOG section: its title, and which changes it lists.
type Section = (&'static str, fn(&Change) -> bool);

/// The entry for `report`, when the crate is at `version`.
pub fn entry(provider: &str, version: &str, report: &Report) -> String {
    let bump = semver::of_report(report);
    let next = bump
        .apply(version)
        .unwrap_or_else(|| format!("{version} + {bump}"));
    let mut out = format!(
        "## {next} (unreleased)\n\n{provider}: {} ({}). Document: {} → {}.\n",
        match bump {
            Bump::Major => "breaking changes",
            Bump::Minor => "additions",
            Bump::Patch => "no change to the Rust API",
        },
        semver::explain(report),
        report.base,
        report.head
    );
    if let Some(selection) = &report.selection {
        out.push_str(&format!("\nCompared within the {selection}.\n"));
    }
    let sections: [Section; 3] = [
        ("Breaking", |c| c.rust.compiles != Compiles::Yes),
        ("Added", |c| semver::of_change(c) == Bump::Minor),
        ("Other changes", |c| semver::of_change(c) == Bump::Patch),
    ];
    for (title, wanted) in sections {
        let lines: String = report
            .changes
            .iter()
            .filter(|c| wanted(c))
            .map(line)
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{lines}"));
        }
    }
    if report.changes.is_empty() {
        out.push_str("\nThe document did not change in a way the client can see.\n");
    }
    out
}

/// Builds the entry; adds it to the CHANGELOG unless `--stdout`. Returns what
/// it wrote, or why it could not.
pub fn release_notes(root: &Path, args: &Args) -> Result<String, String> {
    let providers = config::load(root).map_err(|e| e.to_string())?;
    let provider = providers
        .select(Some(&args.provider))
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or_else(|| format!("no provider named {:?}", args.provider))?
        .clone();
    let diff_args = DiffArgs {
        targets: vec![provider.name.clone()],
        base: Some(args.base.clone()),
        head: None,
        worktree: false,
        format: Format::Text,
        fail_on: None,
        select: Vec::new(),
        exclude: Vec::new(),
        semver: false,
    };
    let report = crate::diff::diff(root, &diff_args).map_err(|e| e.to_string())?;
    let version = crate_version(root, &provider.dir)?;
    let text = entry(&provider.name, &version, &report);
    if args.stdout {
        return Ok(text);
    }
    let file = format!("{}/CHANGELOG.md", provider.dir.trim_end_matches('/'));
    let path = root.join(&file);
    let existing = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("# Changelog of {}\n\n", provider.package)
        }
        Err(e) => return Err(format!("{file}: cannot read it: {e}")),
    };
    // The new entry goes after the title, before the previous entries.
    let at = existing
        .find("\n## ")
        .map(|i| i + 1)
        .unwrap_or(existing.len());
    let updated = format!("{}{text}\n{}", &existing[..at], &existing[at..]);
    std::fs::write(&path, updated).map_err(|e| format!("{file}: cannot write it: {e}"))?;
    Ok(format!("added to {file}:\n\n{text}"))
}

/// Runs the command; returns the exit code (0, or 2 on an error).
pub fn run(root: &Path, args: &Args) -> i32 {
    match release_notes(root, args) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Level, Operation, Rust, Side};

    fn change(rule: &str, compiles: Compiles, message: &str) -> Change {
        Change {
            rule: rule.into(),
            level: Level::Info,
            message: message.into(),
            pointer: String::new(),
            side: Side::Head,
            operations: vec![Operation {
                method: "POST".into(),
                path: "/things".into(),
                operation_id: "createThing".into(),
            }],
            rust: Rust {
                items: vec!["Client::create_thing".into()],
                compiles,
                note: "note".into(),
            },
        }
    }

    #[test]
    fn an_entry_groups_changes_by_what_they_do_to_code() {
        let report = Report {
            base: "v0.1.0:specs/p/openapi.yaml".into(),
            head: "specs/p/openapi.yaml (working tree)".into(),
            changes: vec![
                change("endpoint-added", Compiles::Yes, "added a thing"),
                change(
                    "api-removed-without-deprecation",
                    Compiles::No,
                    "removed a thing",
                ),
                change("endpoint-deprecated", Compiles::Yes, "deprecated a thing"),
            ],
            selection: None,
        };
        let text = entry("p", "0.1.0", &report);
        assert!(text.starts_with("## 0.2.0 (unreleased)\n"), "{text}");
        let breaking = text.find("### Breaking").expect("breaking");
        let added = text.find("### Added").expect("added");
        let other = text.find("### Other changes").expect("other");
        assert!(breaking < added && added < other, "{text}");
        assert!(
            text.contains("- `POST /things`: removed a thing (`Client::create_thing`: note)\n")
        );
    }
}
