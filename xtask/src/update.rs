//! `cargo xtask update [PROVIDER] [--dry-run] [--url URL]`: download a provider's
//! published document, show what changed, and regenerate.
//!
//! For each provider with an `upstream` in `specs/providers.toml` (or the one
//! named), in order:
//!
//! 1. download the document (progress on stderr);
//! 2. check that it is a document at all: not an HTTP error, not an HTML page,
//!    parses as JSON or YAML (by the extension of the provider's `document`), and
//!    declares `openapi: 3.x`;
//! 3. read → bundle → overlay → normalize it as `regen` does
//!    ([`crate::regen::prepare_with`]): every overlay action that no longer
//!    matches is reported, by number, target and description;
//! 4. print the `cargo xtask diff` report of the current document against the new one;
//! 5. validate and generate the new document in memory ([`crate::regen::build_prepared`]),
//!    so a document progenitor cannot take is refused before anything is written;
//! 6. replace `specs/<provider>/<document>` atomically ([`crate::regen::write::write_all`]:
//!    a temporary file renamed over it) and run `regen` for the provider; if regen
//!    fails, the old document is put back.
//!
//! `--dry-run` stops after step 5: it prints the report and says whether (and how)
//! the new document generates. Any failure leaves that provider's files as they
//! were and makes the exit code 2; the other providers still run. Providers
//! without `upstream` (Zilliz: hand-authored) are skipped with a message saying
//! how they are maintained. The overlay is never edited: when one of its actions
//! no longer matches, the update stops and names the action.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::regen::write::{self, FileOut};
use crate::regen::{self, Options, Prepared};
use crate::shared::config::{self, Provider};
use crate::shared::error::Error;

/// Arguments of `cargo xtask update`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this provider (a name from specs/providers.toml); default: every provider with an `upstream`.
    pub provider: Option<String>,
    /// Download, check and print the report; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Download from this URL instead of the provider's `upstream` (needs PROVIDER).
    #[arg(long, value_name = "URL", requires = "provider")]
    pub url: Option<String>,
}

/// Why a provider could not be updated (its files are left as they were).
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The download failed before an answer arrived (DNS, connection, TLS, timeout).
    #[error("cannot download {url}: {message}")]
    Network {
        /// The URL.
        url: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The server answered with an error status.
    #[error("{url} answered HTTP {status}{}", reason.as_deref().map(|r| format!(" {r}")).unwrap_or_default())]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Its canonical reason phrase, if it has one.
        reason: Option<String>,
    },
    /// The server answered with an HTML page (an error or login page, not a document).
    #[error("{url} answered an HTML page ({why}), not an OpenAPI document")]
    Html {
        /// The URL.
        url: String,
        /// How it was recognized.
        why: String,
    },
    /// The answer is not usable as a document (empty, too large, not OpenAPI 3.x).
    #[error("{source_name}: {message}")]
    NotADocument {
        /// The URL or file the bytes came from.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// One or more overlay actions no longer match the new document.
    #[error("{}", overlay_message(.overlay, .failures))]
    Overlay {
        /// The overlay file.
        overlay: String,
        /// One line per failing action.
        failures: Vec<String>,
    },
    /// Reading, parsing, normalizing, generating or writing failed.
    #[error(transparent)]
    Xtask(#[from] Error),
}

fn overlay_message(overlay: &str, failures: &[String]) -> String {
    format!(
        "the overlay {overlay} no longer applies to the new document ({} action(s)):\n{}\n  \
         the vendor changed what these actions correct: edit or remove them in {overlay}, then run the update again",
        failures.len(),
        failures
            .iter()
            .map(|f| format!("  - {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// The largest document `update` accepts.
pub const MAX_DOCUMENT_BYTES: u64 = 200 << 20;

/// Downloads `url`, with progress on stderr; refuses HTTP errors and HTML pages.
pub fn download(url: &str) -> Result<Vec<u8>, UpdateError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(UpdateError::Network {
            url: url.to_string(),
            message: "only http:// and https:// URLs can be downloaded".to_string(),
        });
    }
    let network = |e: ureq::Error| UpdateError::Network {
        url: url.to_string(),
        message: e.to_string(),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_global(Some(Duration::from_secs(600)))
        .user_agent(concat!("cloud-clusters-xtask/", env!("CARGO_PKG_VERSION")))
        .accept("application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5")
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(network)?;
    let status = response.status();
    if !status.is_success() {
        return Err(UpdateError::Status {
            url: url.to_string(),
            status: status.as_u16(),
            reason: status.canonical_reason().map(str::to_string),
        });
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("text/html") || content_type.starts_with("application/xhtml") {
        return Err(UpdateError::Html {
            url: url.to_string(),
            why: format!("content-type {content_type}"),
        });
    }
    let total = response.body().content_length();
    let mut reader = response.body_mut().as_reader();
    let mut bytes = Vec::new();
    let mut progress = Progress::new(url, total);
    let mut buffer = vec![0u8; 64 << 10];
    loop {
        let n = reader.read(&mut buffer).map_err(|e| UpdateError::Network {
            url: url.to_string(),
            message: format!("the download broke off after {} bytes: {e}", bytes.len()),
        })?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buffer[..n]);
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            progress.finish(bytes.len());
            return Err(UpdateError::NotADocument {
                source_name: url.to_string(),
                message: format!(
                    "larger than {} MiB: not a document",
                    MAX_DOCUMENT_BYTES >> 20
                ),
            });
        }
        progress.update(bytes.len());
    }
    progress.finish(bytes.len());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(UpdateError::NotADocument {
            source_name: url.to_string(),
            message: "the answer is empty".to_string(),
        });
    }
    if looks_like_html(&bytes) {
        return Err(UpdateError::Html {
            url: url.to_string(),
            why: "the body starts with `<`".to_string(),
        });
    }
    Ok(bytes)
}

/// Whether `bytes` start (after a BOM and whitespace) with `<`: an HTML or XML page.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// Download progress on stderr: rewritten in place on a terminal, one line otherwise.
struct Progress {
    url: String,
    total: Option<u64>,
    start: Instant,
    last: Instant,
    tty: bool,
}

impl Progress {
    fn new(url: &str, total: Option<u64>) -> Self {
        let tty = std::io::stderr().is_terminal();
        if !tty {
            eprintln!(
                "  downloading {url}{}",
                total.map(|t| format!(" ({})", size(t))).unwrap_or_default()
            );
        }
        let now = Instant::now();
        Progress {
            url: url.to_string(),
            total,
            start: now,
            last: now,
            tty,
        }
    }

    fn line(&self, so_far: usize) -> String {
        match self.total {
            Some(total) => format!("{} of {}", size(so_far as u64), size(total)),
            None => size(so_far as u64),
        }
    }

    fn update(&mut self, so_far: usize) {
        if self.tty && self.last.elapsed() >= Duration::from_millis(100) {
            self.last = Instant::now();
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2K  downloading {}: {}",
                self.url,
                self.line(so_far)
            );
            let _ = err.flush();
        }
    }

    fn finish(&self, so_far: usize) {
        let took = self.start.elapsed().as_secs_f64();
        if self.tty {
            eprint!("\r\x1b[2K");
        }
        eprintln!(
            "  downloaded {so_far} bytes ({}) from {} in {took:.1} s",
            size(so_far as u64),
            self.url
        );
    }
}

fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Parses `bytes` as `file` would be read (JSON or YAML by its extension) and
/// checks that it is an OpenAPI 3.x document; `source_name` (a URL or a path)
/// names it in errors.
pub fn check_openapi(file: &str, source_name: &str, bytes: &[u8]) -> Result<Value, UpdateError> {
    let not = |message: String| UpdateError::NotADocument {
        source_name: source_name.to_string(),
        message,
    };
    let value = crate::regen::read::parse(file, bytes).map_err(|e| match e {
        Error::Parse {
            line,
            column,
            message,
            ..
        } => not(format!(
            "does not parse as {} (line {line}, column {column}): {message}",
            if file.ends_with(".json") {
                "JSON"
            } else {
                "YAML"
            }
        )),
        other => not(other.to_string()),
    })?;
    let Some(object) = value.as_object() else {
        return Err(not("not an OpenAPI document: not a JSON/YAML object".into()));
    };
    match object.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => Ok(value),
        Some(v) => Err(not(format!(
            "declares openapi {v}; only OpenAPI 3.0 and 3.1 are supported"
        ))),
        None if object.contains_key("swagger") => Err(not(
            "is a Swagger 2.0 document; convert it to OpenAPI 3 first".into(),
        )),
        None => Err(not(
            "not an OpenAPI document: it has no `openapi` field".into()
        )),
    }
}

/// Reads the file `name` (relative to `root`) for `$ref`s to other files.
/// Reads, bundles, overlays and normalizes `bytes` as the provider's document.
/// When the overlay fails, every action that no longer matches is reported, not
/// only the first.
pub fn prepare_new(
    root: &Path,
    provider: &Provider,
    bytes: &[u8],
) -> Result<Prepared, UpdateError> {
    let overlay = match &provider.overlay {
        Some(file) => Some((file.as_str(), regen::workspace_loader(root)(file)?)),
        None => None,
    };
    let overlay_ref = overlay.as_ref().map(|(f, b)| (*f, b.as_slice()));
    match regen::prepare_selected(
        &provider.document,
        bytes,
        overlay_ref,
        &regen::workspace_loader(root),
        provider.select.as_ref(),
    ) {
        Ok(prepared) => Ok(prepared),
        Err(Error::Invalid {
            file,
            pointer,
            message,
        }) if Some(file.as_str()) == provider.overlay.as_deref()
            && pointer.starts_with("/actions/") =>
        {
            let failures = overlay_failures(root, provider, bytes, overlay_ref)
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| vec![format!("{pointer}: {message}")]);
            Err(UpdateError::Overlay {
                overlay: file,
                failures,
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Applies the overlay's actions one by one, skipping the ones that fail, and
/// describes each failure: `action 3 ($.paths['/x'].get, "why it exists"): what went wrong`.
fn overlay_failures(
    root: &Path,
    provider: &Provider,
    bytes: &[u8],
    overlay: Option<(&str, &[u8])>,
) -> Option<Vec<String>> {
    let (file, overlay_bytes) = overlay?;
    let mut doc = crate::regen::read::parse(&provider.document, bytes).ok()?;
    crate::regen::bundle::bundle(&provider.document, &mut doc, &regen::workspace_loader(root))
        .ok()?;
    let overlay_value = crate::regen::read::parse(file, overlay_bytes).ok()?;
    let version = overlay_value.get("overlay").cloned()?;
    let actions = overlay_value.get("actions")?.as_array()?;
    let mut failures = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let single = serde_json::json!({ "overlay": version, "actions": [action] });
        let result = crate::regen::overlay::parse(file, single)
            .and_then(|parsed| crate::regen::overlay::apply(file, &parsed, &mut doc));
        if let Err(e) = result {
            let message = match e {
                Error::Invalid { message, .. } => message,
                other => other.to_string(),
            };
            let target = action.get("target").and_then(Value::as_str).unwrap_or("?");
            let description = action
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!(", {:?}", d.trim()))
                .unwrap_or_default();
            failures.push(format!(
                "action {i} (target {target}{description}): {message}"
            ));
        }
    }
    Some(failures)
}

/// What happened to one provider.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No upstream: nothing to download.
    Skipped,
    /// The published document is byte-identical to ours.
    UpToDate,
    /// `--dry-run`: the report was printed, nothing written.
    WouldChange,
    /// The document was replaced and the crate regenerated.
    Updated,
}

/// The message for a provider without `upstream`.
pub fn skip_message(provider: &Provider) -> String {
    match &provider.maintained {
        Some(how) => format!(
            "{}: skipped: no `upstream` in {}: the vendor publishes no machine-readable document. \
             How {} is maintained: {how}. Edit it by hand, then run `cargo xtask diff {}` \
             to review the change and `cargo xtask regen --provider {}`.",
            provider.name,
            config::PROVIDERS_FILE,
            provider.document,
            provider.name,
            provider.name
        ),
        None => format!(
            "{}: skipped: no `upstream` in {}, so there is nothing to download; add `upstream = \"URL\"` \
             to its entry, or run `cargo xtask update {} --url URL`.",
            provider.name,
            config::PROVIDERS_FILE,
            provider.name
        ),
    }
}

/// Updates one provider from `url`; prints the report on stdout, the rest on stderr.
pub fn update_provider(
    root: &Path,
    provider: &Provider,
    url: &str,
    dry_run: bool,
) -> Result<Outcome, UpdateError> {
    eprintln!("{}: {} ← {url}", provider.name, provider.document);
    let bytes = download(url)?;
    check_openapi(&provider.document, url, &bytes)?;
    let new = prepare_new(root, provider, &bytes)?;
    let old_bytes = std::fs::read(root.join(&provider.document)).ok();
    if old_bytes.as_deref() == Some(bytes.as_slice()) {
        eprintln!(
            "{}: up to date ({} is byte-identical to what {url} publishes)",
            provider.name, provider.document
        );
        return Ok(Outcome::UpToDate);
    }

    // The report: the committed document (with its overlay) against the new one.
    let head = format!("{url} (published)");
    let base = format!("{} (current)", provider.document);
    match regen::prepare_provider(root, provider) {
        Ok(old) => {
            let report = crate::diff::Report {
                base,
                head,
                changes: crate::diff::compare(&old.value, &new.value),
                selection: crate::diff::selection_note(&old, &new),
            };
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let text = crate::diff::render(&report, crate::diff::Format::Text, color);
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "== {}: {} → {url}", provider.name, provider.document);
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
        Err(e) => eprintln!(
            "{}: no report: the current document does not load ({e}); it is replaced as a whole",
            provider.name
        ),
    }

    // Validate and generate in memory first: a document progenitor cannot take
    // is refused before anything is written, with or without --dry-run.
    let generators = regen::generator_versions(root);
    let built = regen::build_prepared(provider, new, &generators, false, Instant::now(), None)?;
    let row = &built.row;
    if dry_run {
        eprintln!(
            "{}: dry run: the new document generates {} operations ({} skipped), {} types; \
             nothing was written",
            provider.name,
            row.operations,
            row.skipped.len(),
            row.types
        );
        for s in &row.skipped {
            eprintln!("  would skip: {s}");
        }
        return Ok(Outcome::WouldChange);
    }

    let contents = String::from_utf8(bytes).map_err(|_| UpdateError::NotADocument {
        source_name: url.to_string(),
        message: "not valid UTF-8".to_string(),
    })?;
    write::write_all(
        root,
        &[FileOut {
            rel: provider.document.clone(),
            contents,
        }],
    )?;
    let options = Options {
        root: root.to_path_buf(),
        provider: Some(provider.name.clone()),
        ..Options::default()
    };
    match regen::run(&options) {
        Ok(report) => {
            eprint!("{}", regen::table(&report));
            eprintln!(
                "{}: replaced {} and regenerated {}",
                provider.name, provider.document, provider.dir
            );
            Ok(Outcome::Updated)
        }
        Err(e) => {
            // regen writes nothing when it fails; put the old document back.
            let restored = match &old_bytes {
                Some(old) => std::fs::write(root.join(&provider.document), old),
                None => std::fs::remove_file(root.join(&provider.document)),
            };
            if let Err(io) = restored {
                eprintln!(
                    "{}: could not restore {}: {io}; `git checkout {}` restores it",
                    provider.name, provider.document, provider.document
                );
            }
            Err(e.into())
        }
    }
}

/// Runs the command; returns the process exit code (0 done, 2 a provider failed and was left as it was).
pub fn run(root: &Path, args: &Args) -> i32 {
    let providers = match config::load(root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let selected = match providers.select(args.provider.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut failed = Vec::new();
    for provider in selected {
        let Some(url) = args.url.as_deref().or(provider.upstream.as_deref()) else {
            eprintln!("{}", skip_message(provider));
            continue;
        };
        if let Err(e) = update_provider(root, provider, url, args.dry_run) {
            eprintln!("error: {}: {e}", provider.name);
            eprintln!(
                "{}: nothing was changed ({} and {} are as they were)",
                provider.name, provider.document, provider.dir
            );
            failed.push(provider.name.clone());
        }
    }
    if failed.is_empty() {
        0
    } else {
        eprintln!("error: not updated: {}", failed.join(", "));
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognized_after_whitespace_and_a_bom() {
        assert!(looks_like_html(b"  \n<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF<html>"));
        assert!(!looks_like_html(b"{\"openapi\": \"3.1.0\"}"));
        assert!(!looks_like_html(b"openapi: 3.0.3\n"));
    }

    #[test]
    fn only_openapi_3_is_a_document() {
        assert!(check_openapi("x.json", "u", br#"{"openapi": "3.1.0", "paths": {}}"#).is_ok());
        assert!(check_openapi("x.yaml", "u", b"openapi: 3.0.3\npaths: {}\n").is_ok());
        let swagger = check_openapi("x.json", "u", br#"{"swagger": "2.0"}"#).unwrap_err();
        assert!(swagger.to_string().contains("Swagger 2.0"), "{swagger}");
        let other = check_openapi("x.json", "u", br#"{"hello": 1}"#).unwrap_err();
        assert!(other.to_string().contains("no `openapi` field"), "{other}");
        let v2 = check_openapi("x.yaml", "u", b"openapi: '2.0'\n").unwrap_err();
        assert!(v2.to_string().contains("only OpenAPI 3.0 and 3.1"), "{v2}");
        let broken = check_openapi("x.json", "u", b"{\"openapi\": ").unwrap_err();
        assert!(
            broken.to_string().contains("does not parse as JSON"),
            "{broken}"
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(12), "12 B");
        assert_eq!(size(2048), "2.0 KiB");
        assert_eq!(size(3 << 20), "3.0 MiB");
    }

    #[test]
    fn a_url_that_is_not_http_is_refused() {
        let err = download("file:///etc/passwd").unwrap_err();
        assert!(
            err.to_string().contains("only http:// and https://"),
            "{err}"
        );
    }
}
