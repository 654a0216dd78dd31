//! `cargo xtask check-docs`: compares the hand-authored documents with the markdown
//! pages they were written from.
//!
//! A provider whose document has a `docs/` folder beside it (`specs/zilliz-v1/docs/`)
//! keeps there the vendor's reference pages, byte for byte. For each page, check-docs
//! finds the endpoint it documents (`<RestHeader method endpoint>`), the operation with
//! that method and path in the document (whose `x-source` must name the page), and
//! compares the page's tables with it: request-body fields, response fields (the
//! `{code, data, message}` envelope), and error codes (`x-error-codes`). Each
//! disagreement is one line.
//!
//! Deliberate deviations are listed in `deviations.toml` beside the pages (see
//! [`accepted`]) and printed as notes. Exit 0: page and document agree; 1: they
//! disagree (or an accepted deviation no longer occurs); 2: a page, the document or
//! a file could not be read, or a page's operation is not in the document.
//!
//! Modules: [`page`] reads a page (with [`cell`] for one description cell),
//! [`operation`] reads the document's side, [`compare`] compares, [`accepted`] reads
//! `deviations.toml`, [`report`] prints.

pub mod accepted;
pub mod cell;
pub mod compare;
pub mod operation;
pub mod page;
pub mod report;

use std::collections::BTreeSet;
use std::path::Path;

use crate::shared::config::{self, Provider};
use crate::shared::error::Error;

use accepted::{Accepted, Stale};
use compare::{Disagreement, Input, Note};
use operation::Document;

/// Arguments of `cargo xtask check-docs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this provider (a name from specs/providers.toml); default: every provider
    /// whose document has a docs/ folder beside it.
    #[arg(value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// The same as PROVIDER.
    #[arg(long = "provider", value_name = "NAME", conflicts_with = "provider")]
    pub provider_flag: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of `cargo xtask check-docs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per disagreement; notes; a summary. Errors on stderr.
    Text,
    /// One JSON object (see [`report::json`]), errors included.
    Json,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// The pages compared, in provider then file-name order.
    pub pages: Vec<PageReport>,
    /// Accepted deviations that no longer occur.
    pub stale: Vec<Stale>,
    /// What could not be read or found; each names its file.
    pub errors: Vec<String>,
    /// Notes not tied to a page.
    pub notes: Vec<String>,
}

/// What one page's comparison found.
#[derive(Debug)]
pub struct PageReport {
    /// The provider.
    pub provider: String,
    /// The page, relative to the workspace root.
    pub file: String,
    /// The documented method, lower-case.
    pub method: String,
    /// The operation's path template in the document.
    pub path: String,
    /// The operation's `operationId`.
    pub operation_id: Option<String>,
    /// Disagreements not accepted.
    pub disagreements: Vec<Disagreement>,
    /// Accepted disagreements, with their reasons.
    pub accepted: Vec<(Disagreement, String)>,
    /// What was not compared, and why.
    pub notes: Vec<Note>,
}

impl Report {
    /// 2 if anything could not be read, 1 if anything disagrees or an acceptance is
    /// stale, else 0.
    pub fn exit_code(&self) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if !self.stale.is_empty() || self.pages.iter().any(|p| !p.disagreements.is_empty()) {
            1
        } else {
            0
        }
    }
}

/// Runs the command; returns the process exit code.
pub fn run(root: &Path, args: &Args) -> i32 {
    let provider = args.provider.as_deref().or(args.provider_flag.as_deref());
    let report = check(root, provider);
    match args.format {
        Format::Text => {
            print!("{}", report::text(&report));
            for e in &report.errors {
                eprintln!("error: {e}");
            }
        }
        Format::Json => match serde_json::to_string_pretty(&report::json(&report)) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: cannot print the report: {e}");
                return 2;
            }
        },
    }
    report.exit_code()
}

/// The docs folder of a provider: `docs/` beside its document, relative to the root.
pub fn docs_dir(provider: &Provider) -> String {
    let document = Path::new(&provider.document);
    let parent = document
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    if parent.is_empty() {
        "docs".to_string()
    } else {
        format!("{parent}/docs")
    }
}

/// Checks every provider with a docs folder, or only `provider`.
pub fn check(root: &Path, provider: Option<&str>) -> Report {
    let mut report = Report::default();
    let providers = match config::load(root) {
        Ok(p) => p,
        Err(e) => {
            report.errors.push(e.to_string());
            return report;
        }
    };
    let selected = match providers.select(provider) {
        Ok(s) => s,
        Err(e) => {
            report.errors.push(e.to_string());
            return report;
        }
    };
    let mut any = false;
    for p in selected {
        let dir = docs_dir(p);
        if !root.join(&dir).is_dir() {
            if provider.is_some() {
                report.errors.push(format!(
                    "{}: {} has no docs folder ({dir}): check-docs compares a hand-authored \
                     document with the vendor's markdown pages kept there",
                    config::PROVIDERS_FILE,
                    p.name
                ));
            }
            continue;
        }
        any = true;
        check_provider(root, p, &dir, &mut report);
    }
    if !any && report.errors.is_empty() {
        report
            .notes
            .push("no provider has a docs folder beside its document: nothing to check".into());
    }
    report
}

fn check_provider(root: &Path, provider: &Provider, dir: &str, report: &mut Report) {
    let document_file = provider.document.as_str();
    let value = match crate::regen::read_bundled(root, document_file) {
        Ok(v) => v,
        Err(e) => {
            report.errors.push(e.to_string());
            return;
        }
    };
    let document = Document {
        file: document_file,
        root: &value,
    };
    let mut accepted = match load_accepted(root, dir) {
        Ok(a) => a,
        Err(e) => {
            report.errors.push(e);
            return;
        }
    };
    let pages = match list_pages(root, dir) {
        Ok(p) => p,
        Err(e) => {
            report.errors.push(e.to_string());
            return;
        }
    };
    if pages.is_empty() {
        report
            .notes
            .push(format!("{}: {dir} holds no markdown page", provider.name));
    }
    for name in accepted.pages() {
        if !pages.iter().any(|p| p == name) {
            report.errors.push(format!(
                "{}: names page {name:?}, which is not in {dir}",
                accepted.file_of(name).unwrap_or(accepted::FILE_NAME)
            ));
        }
    }
    let mut compared = BTreeSet::new();
    for name in &pages {
        match check_page(root, provider, dir, name, &document, &mut accepted) {
            Ok(page_report) => {
                compared.insert(name.clone());
                report.pages.push(page_report);
            }
            Err(e) => report.errors.push(e),
        }
    }
    report.stale.extend(accepted.stale(&compared));
}

/// Reads `deviations.toml` and every `deviations/*.toml` of `dir` (each optional).
fn load_accepted(root: &Path, dir: &str) -> Result<Accepted, String> {
    let read = |file: &str| -> Result<Option<Accepted>, String> {
        match std::fs::read_to_string(root.join(file)) {
            Ok(text) => Accepted::parse(file, &text)
                .map(Some)
                .map_err(|e| e.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(file, e).to_string()),
        }
    };
    let mut accepted = read(&format!("{dir}/{}", accepted::FILE_NAME))?.unwrap_or_default();
    let more = format!("{dir}/{}", accepted::DIR_NAME);
    let files = match files_ending(root, &more, ".toml") {
        Ok(names) => names.into_iter().map(|n| format!("{more}/{n}")).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(more.as_str(), e).to_string()),
    };
    for file in files {
        if let Some(other) = read(&file)? {
            accepted.merge(other).map_err(|e| e.to_string())?;
        }
    }
    Ok(accepted)
}

/// The `*.md` file names of `dir`, sorted.
fn list_pages(root: &Path, dir: &str) -> Result<Vec<String>, Error> {
    files_ending(root, dir, ".md").map_err(|e| Error::io(dir, e))
}

/// The names of the files of `dir` (under `root`) ending with `suffix`, sorted.
fn files_ending(root: &Path, dir: &str, suffix: &str) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join(dir))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(suffix) && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Compares one page; the error names the page (and the line) or the document.
fn check_page(
    root: &Path,
    provider: &Provider,
    dir: &str,
    name: &str,
    document: &Document<'_>,
    accepted: &mut Accepted,
) -> Result<PageReport, String> {
    let file = format!("{dir}/{name}");
    let bytes =
        std::fs::read(root.join(&file)).map_err(|e| Error::io(file.as_str(), e).to_string())?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let (line, column) = crate::shared::error::line_column(&valid, valid.len());
        format!("{file}:{line}:{column}: not valid UTF-8: cannot read the page")
    })?;
    let at = |line: Option<usize>| line.map(|l| format!("{file}:{l}")).unwrap_or(file.clone());
    let page = page::parse(text).map_err(|e| format!("{}: {}", at(e.line), e.message))?;
    page::check_endpoint(&page.endpoint).map_err(|e| format!("{}: {}", at(e.line), e.message))?;
    let servers = document.servers();
    let (base, path) = compare::split_url(&page.endpoint.url, &servers);
    let method = page.endpoint.method.clone();
    let operation = document.find(&method, &path).ok_or_else(|| {
        let same_path: Vec<&str> = document
            .paths()
            .into_iter()
            .filter(|p| operation::same_template(p, &path))
            .collect();
        let hint = if same_path.is_empty() {
            String::new()
        } else {
            format!(
                " (the path exists, without {})",
                page.endpoint.method.to_uppercase()
            )
        };
        format!(
            "{}: the page documents {} {path}, which is not an operation of {}{hint}",
            at(Some(page.endpoint.line)),
            method.to_uppercase(),
            document.file
        )
    })?;
    let request = document.request(&operation).map_err(|e| e.to_string())?;
    let envelope = provider.envelope.as_ref();
    let response = document
        .response(&operation, envelope.map(|e| e.error.as_str()))
        .map_err(|e| e.to_string())?;
    let errors = document
        .error_codes(&operation)
        .map_err(|e| e.to_string())?;
    let catalog = document.catalog().map_err(|e| e.to_string())?;
    let configured = format!(
        "{} ({}: envelope.success_code)",
        config::PROVIDERS_FILE,
        provider.name
    );
    let outcome = compare::compare(&Input {
        page: &page,
        page_name: name,
        document_file: document.file,
        operation: &operation,
        servers: &servers,
        base: &base,
        request: request.as_ref(),
        response: response.as_ref(),
        errors: errors.as_deref(),
        catalog: catalog.as_ref(),
        success_code: envelope.map(|e| (e.success_code, configured.as_str())),
    });
    let mut disagreements = Vec::new();
    let mut accepted_here = Vec::new();
    for d in outcome.disagreements {
        match accepted.reason(name, &d.key()) {
            Some(reason) => accepted_here.push((d, reason)),
            None => disagreements.push(d),
        }
    }
    Ok(PageReport {
        provider: provider.name.clone(),
        file,
        method,
        path: operation.path.clone(),
        operation_id: operation.operation_id().map(str::to_string),
        disagreements,
        accepted: accepted_here,
        notes: outcome.notes,
    })
}
