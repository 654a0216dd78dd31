//! `cargo xtask diff`: what changed between two versions of a document, what
//! breaks clients, and which generated Rust items move.
//!
//! ```text
//! cargo xtask diff <provider> [--base REV] [--head REV | --worktree]   # default: HEAD against the working tree
//! cargo xtask diff OLD_FILE NEW_FILE
//!     [--format text|markdown|json] [--fail-on ERR|WARN|INFO]
//! ```
//!
//! Both sides go through regen's read → overlay → normalize
//! ([`crate::regen::prepare`]), so 3.1 and 3.0, JSON and YAML, `type: [T, null]`
//! and `nullable` compare by meaning. The comparison then follows `$ref`s (a
//! schema moved inline or behind a `$ref` is no change; recursive references are
//! compared once), merges `allOf`, and ignores key order.
//!
//! **Documentation-only edits are not reported**: descriptions, summaries,
//! titles, examples, tags, `externalDocs` and `x-*` extensions (but
//! `x-rust-type`) never reach the comparison. So is the content of component
//! schemas no operation uses (only their removal is reported, as
//! `api-schema-removed`), and response headers.
//!
//! # Levels and rules
//!
//! Levels are oasdiff's: `ERR` breaks clients, `WARN` may break them, `INFO` is
//! safe. Rule ids are oasdiff's where oasdiff has one. `<p>` is
//! `request-parameter`, `request-body`, `request-property`, `response-body` or
//! `response-property` (the schema of a parameter, a body, or a property at any
//! depth in one).
//!
//! | rule | level |
//! |---|---|
//! | `endpoint-added` | INFO |
//! | `api-path-removed-without-deprecation`, `api-removed-without-deprecation` | ERR |
//! | `api-path-removed-with-deprecation`, `api-removed-with-deprecation` | WARN |
//! | `api-operation-id-removed` (operationId changed) | ERR when the method name changes, else INFO |
//! | `endpoint-deprecated`, `endpoint-reactivated` | INFO |
//! | `new-required-request-parameter`, `request-parameter-became-required` | ERR |
//! | `new-optional-request-parameter`, `request-parameter-became-optional` | INFO |
//! | `request-parameter-removed` | WARN |
//! | `request-parameter-deprecated`, `request-parameter-reactivated` | INFO |
//! | `request-body-added-required`, `request-body-became-required` | ERR |
//! | `request-body-added-optional`, `request-body-became-optional` | INFO |
//! | `request-body-removed` | WARN |
//! | `request-body-media-type-removed`, `response-media-type-removed` | ERR |
//! | `request-body-media-type-added`, `response-media-type-added` | INFO |
//! | `response-success-status-removed` | ERR |
//! | `response-success-status-added`, `response-non-success-status-added`, `response-non-success-status-removed` | INFO |
//! | `new-required-request-property`, `request-property-became-required` | ERR |
//! | `new-optional-request-property`, `request-property-became-optional` | INFO |
//! | `request-property-removed` | WARN |
//! | `response-required-property-removed`, `response-property-became-optional` | ERR |
//! | `response-optional-property-removed` | WARN |
//! | `response-required-property-added`, `response-optional-property-added`, `response-property-became-required` | INFO |
//! | `<p>-type-changed` (type, format, `$ref` target) | ERR; INFO when only a format changed and the Rust type stays |
//! | `<p>-became-nullable` | request INFO, response ERR |
//! | `<p>-became-not-nullable` | request ERR, response INFO |
//! | `<p>-enum-value-removed` | request ERR, response INFO |
//! | `<p>-enum-value-added` | request INFO, response WARN; INFO when the response enum is open (below) |
//! | `<p>-became-enum` | request ERR, response INFO |
//! | `<p>-became-not-enum` | request INFO, response WARN (INFO when open) |
//! | `<p>-{max-length,max,max-items}-{decreased,set}`, `<p>-{min-length,min,min-items}-{increased,set}`, `<p>-pattern-added` (tightened) | request ERR, response INFO |
//! | `<p>-{max-length,max,max-items}-{increased,unset}`, `<p>-{min-length,min,min-items}-{decreased,unset}`, `<p>-pattern-removed` (loosened) | request INFO, response WARN |
//! | `<p>-pattern-changed` | WARN |
//! | `<p>-default-value-{added,changed,removed}` | INFO |
//! | `request-property-deprecated`, `response-property-deprecated`, `…-reactivated` | INFO |
//! | `<p>-one-of-added`, `<p>-any-of-added` | request INFO, response WARN |
//! | `<p>-one-of-removed`, `<p>-any-of-removed` | request ERR, response INFO |
//! | `api-schema-removed` (a component schema no operation used) | INFO |
//! | `api-operation-moved` (same operationId, another path or method) | ERR |
//! | `server-url-changed` (the first `servers` URL) | WARN |
//! | `schema-renamed` (a site refers to another component with identical content), `schema-replaced` (… with other content) | INFO |
//!
//! Response loosening is `WARN` (not oasdiff's `INFO` for numbers) because
//! typify validates string lengths and patterns when deserializing.
//!
//! # The Rust side
//!
//! Each change names the generated items it touches ([`names`] derives them the
//! way typify and progenitor do: `types::GpuClusterCreateRequest::cuda_version`,
//! `Client::gpu_cluster_service_create`, `builder::GpuClusterServiceGet::cluster_id`,
//! `types::GpuClusterCreateRequestGpuType::H100Sxm`) and says whether code that
//! compiles today still compiles (`yes`, `maybe`: e.g. struct literals or
//! exhaustive `match`es, `no`), with a note on what happens at run time. A
//! response enum is *open* when no request reaches it (see
//! [`crate::regen::rewrite::open_enums`]): its generated enum has an `Unknown(String)` variant,
//! so old clients read a new value instead of failing.
//!
//! Because both sides are normalized, media types and statuses are compared as
//! the generated client sees them: the one request media type it sends, JSON
//! responses only, and the response sets the `success-types` / `error-types`
//! passes leave (a status they route to `Error::UnexpectedResponse` does not
//! show). Not modelled: renames of generated types when a schema moves inline
//! or behind a `$ref` (typify names inline types after their parent), and name
//! collisions typify resolves with suffixes.

mod engine;
mod flat;
pub mod model;
pub mod names;
mod operations;
mod reach;
pub mod render;
mod schema;
pub mod semver;
pub mod source;

use std::io::IsTerminal;
use std::path::Path;

pub use model::{Change, Compiles, Level, Operation, Report, Rust, Side};
use source::{Loaded, Revision};

/// Arguments of `cargo xtask diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// A provider name (compare its document between revisions), or OLD_FILE NEW_FILE.
    #[arg(required = true, num_args = 1..=2, value_name = "PROVIDER | OLD_FILE NEW_FILE")]
    pub targets: Vec<String>,
    /// The old revision (provider mode; default `HEAD`).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The new revision (provider mode; default: the working tree).
    #[arg(long, value_name = "REV", conflicts_with = "worktree")]
    pub head: Option<String>,
    /// Compare against the working tree (the default).
    #[arg(long)]
    pub worktree: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a change at or above this level exists (ERR, WARN or INFO).
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub fail_on: Option<Level>,
    /// Compare only these operations and what they reach (`tag:NAME`,
    /// `path:/PREFIX`, `operation:ID`; repeat or separate with commas). A
    /// provider's own `select` applies without it.
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave these operations out of the comparison (same selectors as --select).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Print only the version bump the change asks of the provider crate
    /// (`major`, `minor` or `patch`, and why) instead of the report.
    #[arg(long)]
    pub semver: bool,
}

/// Output formats of `cargo xtask diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by level, coloured when stdout is a terminal.
    Text,
    /// A pull-request comment: a summary line, then a table per level.
    Markdown,
    /// Stable, versioned JSON (schema in the README, "Reviewing a spec change").
    Json,
}

/// Parses `ERR`, `WARN` or `INFO` (any case).
pub fn parse_level(s: &str) -> Result<Level, String> {
    match s.to_ascii_uppercase().as_str() {
        "ERR" | "ERROR" => Ok(Level::Err),
        "WARN" | "WARNING" => Ok(Level::Warn),
        "INFO" => Ok(Level::Info),
        _ => Err(format!("expected ERR, WARN or INFO, not {s:?}")),
    }
}

/// Why a diff could not be made (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Reading, parsing, overlaying a document, or the providers file.
    #[error(transparent)]
    Xtask(#[from] crate::Error),
    /// A revision git does not know.
    #[error("unknown revision `{rev}`: {detail}")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// What git said.
        detail: String,
    },
    /// The document does not exist at a revision.
    #[error("`{path}` does not exist at revision `{rev}`")]
    MissingAtRevision {
        /// The revision.
        rev: String,
        /// The document, relative to the workspace root.
        path: String,
    },
    /// git could not be run.
    #[error("{0}")]
    Git(String),
    /// Arguments that do not go together.
    #[error("{0}")]
    Usage(String),
}

/// Compares two normalized documents: every change, most severe first.
pub fn compare(base: &serde_json::Value, head: &serde_json::Value) -> Vec<Change> {
    let mut changes = engine::compare(base, head);
    sort(&mut changes);
    changes
}

fn sort(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        let place = |c: &Change| {
            c.operations
                .first()
                .map(|o| (0, o.path.clone(), o.method.clone()))
                .unwrap_or((1, String::new(), String::new()))
        };
        b.level
            .cmp(&a.level)
            .then_with(|| place(a).cmp(&place(b)))
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Compares two documents given as bytes (`*_name` names them in errors and
/// decides JSON or YAML by extension), without overlays; the two are loaded at
/// once, as `cargo xtask diff OLD NEW` loads its files.
pub fn diff_bytes(
    base_name: &str,
    base: &[u8],
    head_name: &str,
    head: &[u8],
) -> Result<Report, DiffError> {
    let load = |name: &str, bytes: &[u8]| -> Result<Loaded, DiffError> {
        Ok(Loaded {
            label: name.to_string(),
            prepared: crate::regen::prepare(name, bytes, None)?,
        })
    };
    let (base, head) = both(|| load(base_name, base), || load(head_name, head))?;
    Ok(report(&base, &head))
}

/// Loads the two sides at once (reading, parsing and normalizing a large
/// document is most of a run's time); the base's error wins when both fail.
fn both(
    base: impl FnOnce() -> Result<Loaded, DiffError> + Send,
    head: impl FnOnce() -> Result<Loaded, DiffError> + Send,
) -> Result<(Loaded, Loaded), DiffError> {
    // Parsing and normalizing recurse over the document: give them the stack
    // the main thread would have had, and more.
    const STACK: usize = 64 << 20;
    let panicked = || DiffError::Usage("internal error: loading a document panicked".into());
    std::thread::scope(|scope| {
        let base = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, base);
        let head = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, head);
        let (base, head) = match (base, head) {
            (Ok(base), Ok(head)) => (base.join(), head.join()),
            _ => {
                return Err(DiffError::Usage(
                    "internal error: cannot start a thread".into(),
                ));
            }
        };
        Ok((
            base.unwrap_or_else(|_| Err(panicked()))?,
            head.unwrap_or_else(|_| Err(panicked()))?,
        ))
    })
}

fn report(base: &Loaded, head: &Loaded) -> Report {
    Report {
        base: base.label.clone(),
        head: head.label.clone(),
        changes: compare(&base.prepared.value, &head.prepared.value),
        selection: selection_note(&base.prepared, &head.prepared),
    }
}

/// The `select` of the first provider whose document is one of `files`
/// (paths as given, relative to the workspace root or absolute).
fn provider_selection(root: &Path, files: &[&String]) -> Option<crate::regen::select::Selection> {
    let providers = crate::shared::config::load(root).ok()?;
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    files.iter().find_map(|file| {
        let wanted = canonical(Path::new(file.as_str()))?;
        providers
            .providers
            .iter()
            .find(|p| canonical(&root.join(&p.document)).as_ref() == Some(&wanted))
            .and_then(|p| p.select.clone())
    })
}

/// What a selection left out of each side, when one applied.
pub fn selection_note(
    base: &crate::regen::Prepared,
    head: &crate::regen::Prepared,
) -> Option<String> {
    let side = |s: &crate::regen::select::Selected| {
        format!(
            "{} operation(s) and {} schema(s)",
            s.left_out_operations.len(),
            s.left_out_schemas()
        )
    };
    match (&base.selected, &head.selected) {
        (Some(b), Some(h)) => Some(format!(
            "selection ({}): compared {} and {} operation(s); left out {} of the old document and {} of the new",
            h.selection,
            b.kept_operations,
            h.kept_operations,
            side(b),
            side(h)
        )),
        (Some(s), None) | (None, Some(s)) => {
            Some(format!("selection ({}): left out {}", s.selection, side(s)))
        }
        (None, None) => None,
    }
}

/// Builds the report `args` ask for, reading from `root`.
pub fn diff(root: &Path, args: &DiffArgs) -> Result<Report, DiffError> {
    match args.targets.as_slice() {
        [old, new] => {
            if args.base.is_some() || args.head.is_some() || args.worktree {
                return Err(DiffError::Usage(
                    "--base, --head and --worktree compare a provider's revisions; with two files, give neither".into(),
                ));
            }
            // Without --select, a file that is a provider's document brings that
            // provider's selection (the new file's first).
            let selection =
                match crate::regen::select::Selection::from_args(&args.select, &args.exclude)? {
                    Some(s) => Some(s),
                    None => provider_selection(root, &[new, old]),
                };
            let (base, head) = both(
                || source::file(old, selection.as_ref()),
                || source::file(new, selection.as_ref()),
            )?;
            Ok(report(&base, &head))
        }
        [name] => {
            let providers = crate::shared::config::load(root)?;
            let provider = providers
                .select(Some(name))?
                .into_iter()
                .next()
                .ok_or_else(|| DiffError::Usage(format!("no provider named {name:?}")))?;
            // --select / --exclude replace the provider's own selection.
            let mut provider = provider.clone();
            if let Some(selection) =
                crate::regen::select::Selection::from_args(&args.select, &args.exclude)?
            {
                provider.select = Some(selection);
            }
            let provider = &provider;
            let base = Revision::Git(args.base.clone().unwrap_or_else(|| "HEAD".into()));
            let head = match &args.head {
                Some(rev) => Revision::Git(rev.clone()),
                None => Revision::Worktree,
            };
            let (base, head) = both(
                || source::provider(root, provider, &base),
                || source::provider(root, provider, &head),
            )?;
            Ok(report(&base, &head))
        }
        _ => Err(DiffError::Usage(
            "give a provider name, or OLD_FILE NEW_FILE".into(),
        )),
    }
}

/// Renders `report` in `format`; `color` only matters for text.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => render::text(report, color),
        Format::Markdown => render::markdown(report),
        Format::Json => render::json(report),
    }
}

/// The exit code for `report` under `--fail-on`: 1 when a change at or above
/// `fail_on` exists, else 0.
pub fn exit_code(report: &Report, fail_on: Option<Level>) -> i32 {
    match (fail_on, report.max_level()) {
        (Some(threshold), Some(max)) if max >= threshold => 1,
        _ => 0,
    }
}

/// Runs the diff; returns the process exit code (0 no failing change, 1 changes at or above --fail-on, 2 error).
pub fn run(root: &Path, args: &DiffArgs) -> i32 {
    match diff(root, args) {
        Ok(report) => {
            let stdout = std::io::stdout();
            let color = args.format == Format::Text
                && stdout.is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let text = if args.semver {
                format!("{}\n", semver::explain(&report))
            } else {
                render(&report, args.format, color)
            };
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut stdout.lock(), text.as_bytes());
            exit_code(&report, args.fail_on)
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
