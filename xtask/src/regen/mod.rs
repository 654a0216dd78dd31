//! `cargo xtask regen`: the pipeline, one module per stage, for every provider
//! or one.
//!
//! [`prepare_with`] runs the stages that work on the document: [`read`] →
//! [`bundle`] → [`overlay`] → [`normalize`]; [`build_prepared_observed`] the ones
//! that make code: [`validate`] → [`generate`] → [`rewrite`] → [`format`](mod@format). [`run`]
//! does both for every provider in memory, then, only if all succeeded,
//! [writes](mod@write) (or, with `--check`, compares).

// The stages, in the order a document goes through them.
// 1. JSON or YAML to a JSON value, with line and column in errors.
pub mod read;

// 2. Files that external `$ref`s point to, inlined.
pub mod bundle;

// 3. The provider's OpenAPI Overlay.
pub mod overlay;

// 3b. The provider's selection: the operations it names and what they reach.
pub mod select;

// 4. What progenitor 0.15 cannot take, rewritten pass by pass.
pub mod normalize;

// 5. openapiv3's model, `$ref` targets, alias cycles.
pub mod validate;

// 6. progenitor: the client and the httpmock helpers.
pub mod generate;

// 7. The passes over the generated code.
pub mod rewrite;

// 8. prettyplease and the provenance header.
pub mod format;

// 9. All files or none; `--check` compares instead.
pub mod write;

// The command line, what a run reports, and what it reads from the workspace.
pub mod command;
pub mod report;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::shared::config::{self, Provider};
use crate::shared::error::{Error, Result};
use format::Header;
use generate::SpecFacts;
use normalize::Change;
use overlay::Applied;
use write::FileOut;

pub use report::{Report, Row, explain, explain_changes, explain_generated, explain_passes, table};
pub use workspace::generator_versions;

/// What a run is asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The workspace root.
    pub root: PathBuf,
    /// Only this provider.
    pub provider: Option<String>,
    /// Compare with the committed files instead of writing.
    pub check: bool,
    /// Fail when progenitor cannot generate an operation, instead of leaving it out.
    pub strict: bool,
    /// Another providers file than `specs/providers.toml` (relative to the root).
    pub providers_file: Option<String>,
}

/// One provider generated in memory: its summary row and its files.
pub struct Built {
    /// The summary row.
    pub row: Row,
    /// The generated files (client and mocks), not yet written.
    pub files: Vec<FileOut>,
}

/// Runs the pipeline.
pub fn run(options: &Options) -> Result<Report> {
    let start = Instant::now();
    let root = options.root.as_path();
    let providers = match &options.providers_file {
        Some(file) => config::load_file(root, file)?,
        None => config::load(root)?,
    };
    let selected = providers.select(options.provider.as_deref())?;
    let generators = workspace::generator_versions(root);
    let built = selected
        .iter()
        .map(|p| build(root, p, &generators, options))
        .collect::<Result<Vec<_>>>()?;

    let mut report = Report::default();
    let all_files: Vec<FileOut> = built.iter().flat_map(|b| b.files.clone()).collect();
    let changed = write::changed(root, &all_files);
    for b in built {
        let mut row = b.row;
        row.changed = b
            .files
            .iter()
            .any(|f| changed.iter().any(|(c, _)| c.rel == f.rel));
        report.rows.push(row);
    }
    if options.check {
        for (f, old) in &changed {
            report.stale.push(f.rel.clone());
            report
                .diffs
                .push(write::unified_diff(&f.rel, old.as_deref(), &f.contents, 80));
        }
    } else if !changed.is_empty() {
        let to_write: Vec<FileOut> = changed.iter().map(|(f, _)| (*f).clone()).collect();
        write::write_all(root, &to_write)?;
    }
    report.millis = start.elapsed().as_millis();
    Ok(report)
}

/// A document after read → overlay → normalize: what `regen` generates from and
/// what `diff` compares.
#[derive(Debug)]
pub struct Prepared {
    /// The normalized document.
    pub value: serde_json::Value,
    /// `openapi` as the document declared it.
    pub openapi: String,
    /// SHA-256 of the document's bytes; for a split document, of all its files
    /// ([`read::sha256_of_parts`]).
    pub sha256: String,
    /// SHA-256 of the overlay's bytes, if there is one.
    pub overlay_sha256: Option<String>,
    /// What the overlay did.
    pub overlay: Vec<Applied>,
    /// What normalization did.
    pub normalized: Vec<Change>,
    /// What the selection kept and left out, when there is one.
    pub selected: Option<select::Selected>,
}

/// Reads, overlays and normalizes a document given as bytes; `file` and
/// `overlay.0` name them in errors. No file system access (`diff` feeds it
/// documents from git revisions): a document that refers to other files needs
/// [`prepare_with`] and a loader.
pub fn prepare(file: &str, bytes: &[u8], overlay: Option<(&str, &[u8])>) -> Result<Prepared> {
    let no_files = |name: &str| -> Result<Vec<u8>> {
        Err(Error::Config {
            file: name.to_string(),
            message: "external references need the files beside the document".to_string(),
        })
    };
    prepare_with(file, bytes, overlay, &no_files)
}

/// [`prepare`], with `loader` reading the files that `$ref`s point to (paths
/// relative to the workspace root).
pub fn prepare_with(
    file: &str,
    bytes: &[u8],
    overlay: Option<(&str, &[u8])>,
    loader: bundle::Loader<'_>,
) -> Result<Prepared> {
    prepare_selected(file, bytes, overlay, loader, None)
}

/// [`prepare_with`], keeping only what `selection` selects (after the overlay,
/// before normalization).
pub fn prepare_selected(
    file: &str,
    bytes: &[u8],
    overlay: Option<(&str, &[u8])>,
    loader: bundle::Loader<'_>,
    selection: Option<&select::Selection>,
) -> Result<Prepared> {
    let mut value = read::parse(file, bytes)?;
    // Every file the bundle reads counts in the document's hash.
    let parts = std::cell::RefCell::new(Vec::new());
    let recording = |name: &str| -> Result<Vec<u8>> {
        let read = loader(name)?;
        parts.borrow_mut().push((name.to_string(), read.clone()));
        Ok(read)
    };
    let bundled = bundle::bundle(file, &mut value, &recording)?;
    let sha256 = read::sha256_of_parts(bytes, &parts.borrow());
    let openapi = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let (applied, overlay_sha256) = match overlay {
        Some((overlay_file, overlay_bytes)) => {
            let parsed = overlay::parse(overlay_file, read::parse(overlay_file, overlay_bytes)?)?;
            (
                overlay::apply(overlay_file, &parsed, &mut value)?,
                Some(read::sha256_hex(overlay_bytes)),
            )
        }
        None => (Vec::new(), None),
    };
    let selected = selection.map(|s| select::apply(s, &mut value));
    let mut normalized: Vec<Change> = bundled
        .into_iter()
        .map(|message| Change {
            pass: "bundle",
            pointer: String::new(),
            message,
        })
        .collect();
    normalized.extend(normalize::normalize(&mut value));
    Ok(Prepared {
        value,
        openapi,
        sha256,
        overlay_sha256,
        overlay: applied,
        normalized,
        selected,
    })
}

/// Reads a file of the workspace under `root` (`name` relative to it): the
/// loader `bundle` follows `$ref`s with, and what errors name.
pub fn workspace_loader(root: &Path) -> impl Fn(&str) -> Result<Vec<u8>> + '_ {
    move |name: &str| std::fs::read(root.join(name)).map_err(|e| Error::io(name, e))
}

/// Reads the document `file` under `root` and brings in the files its `$ref`s
/// name (a document split over several files), without overlay or normalization:
/// the document as written, in one piece.
pub fn read_bundled(root: &Path, file: &str) -> Result<serde_json::Value> {
    let read_file = workspace_loader(root);
    let bytes = read_file(file)?;
    let mut value = read::parse(file, &bytes)?;
    bundle::bundle(file, &mut value, &read_file)?;
    Ok(value)
}

/// [`prepare`] for a provider's files under `root`.
pub fn prepare_provider(root: &Path, provider: &Provider) -> Result<Prepared> {
    let read_file = workspace_loader(root);
    let document = read_file(&provider.document)?;
    let overlay = match &provider.overlay {
        Some(file) => Some((file.as_str(), read_file(file)?)),
        None => None,
    };
    prepare_selected(
        &provider.document,
        &document,
        overlay.as_ref().map(|(f, b)| (*f, b.as_slice())),
        &read_file,
        provider.select.as_ref(),
    )
}

fn build(root: &Path, provider: &Provider, generators: &str, options: &Options) -> Result<Built> {
    let start = Instant::now();
    let prepared = prepare_provider(root, provider)?;
    let built = build_prepared(
        provider,
        prepared,
        generators,
        options.strict,
        start,
        options.providers_file.as_deref(),
    )?;
    workspace::check_dependencies(root, provider, &built)?;
    Ok(built)
}

/// Validate → generate → open enums / envelopes → format, in memory, for a
/// prepared document; `start` is when this provider's run began (for its row).
pub fn build_prepared(
    provider: &Provider,
    prepared: Prepared,
    generators: &str,
    strict: bool,
    start: Instant,
    providers_file: Option<&str>,
) -> Result<Built> {
    build_prepared_observed(
        provider,
        prepared,
        generators,
        strict,
        start,
        providers_file,
        &mut |_| {},
    )
}

/// [`build_prepared`], calling `observe` with the name of each stage as it ends
/// ([`BUILD_STAGES`], in that order). The regen benchmark times the stages and
/// reads the memory there; `observe` cannot change what is built.
pub fn build_prepared_observed(
    provider: &Provider,
    prepared: Prepared,
    generators: &str,
    strict: bool,
    start: Instant,
    providers_file: Option<&str>,
    observe: &mut dyn FnMut(&'static str),
) -> Result<Built> {
    let Prepared {
        value,
        openapi,
        sha256,
        overlay_sha256: overlay_sha,
        overlay: applied,
        normalized,
        selected,
    } = prepared;
    let selection = selected.as_ref().map(select::Selected::summary);
    // One part openapiv3 cannot read leaves out that part, not the document
    // (with `strict`, it is an error).
    let (spec, unreadable) = if strict {
        (validate::validate(&provider.document, value)?, Vec::new())
    } else {
        validate::validate_leaving_out(&provider.document, value)?
    };
    observe(BUILD_STAGES[0]);
    let facts = SpecFacts {
        path: &provider.document,
        openapi: &openapi,
        sha256: &sha256,
    };
    let mut output = generate::generate(provider, &spec, &facts, strict)?;
    output.skipped.splice(0..0, unreadable);
    observe(BUILD_STAGES[1]);

    let command = match providers_file {
        Some(file) => format!(
            "cargo xtask regen --providers {file} --provider {}",
            provider.name
        ),
        None => format!("cargo xtask regen --provider {}", provider.name),
    };
    let header = Header {
        provider: &provider.name,
        command: &command,
        document: (&provider.document, &sha256),
        overlay: provider.overlay.as_deref().zip(overlay_sha.as_deref()),
        generators,
        skipped: &output.skipped,
        selection: selection.as_deref(),
    };
    let rewritten = rewrite::client(provider, output.client, observe)?;
    let client = format::with_header(&header, "client", &rewritten.body);
    drop(rewritten.body);
    observe(BUILD_STAGES[3]);
    let (mock_file, mocks_mended) = rewrite::mocks(provider, output.mock, &rewritten.displayed)?;
    let mock = format::render(&header, "httpmock helpers", &mock_file);
    observe(BUILD_STAGES[4]);
    let lines = client.lines().count() + mock.lines().count();
    let dir = match &provider.module {
        Some(module) => format!("{}/src/{module}", provider.dir.trim_end_matches('/')),
        None => format!("{}/src", provider.dir.trim_end_matches('/')),
    };
    Ok(Built {
        row: Row {
            provider: provider.name.clone(),
            operations: output.operations,
            types: output.types,
            lines,
            changed: false,
            millis: start.elapsed().as_millis(),
            overlay: applied,
            normalized,
            opened_enums: rewritten.opened_enums,
            envelopes: rewritten.envelopes,
            skipped: output.skipped.clone(),
            mocks_mended,
            duplicates_removed: rewritten.duplicates_removed,
            selected,
        },
        files: vec![
            FileOut {
                rel: format!("{dir}/generated.rs"),
                contents: client,
            },
            FileOut {
                rel: format!("{dir}/generated_mock.rs"),
                contents: mock,
            },
        ],
    })
}

/// The stages [`build_prepared_observed`] reports, in order.
pub const BUILD_STAGES: [&str; 5] = [
    "validate",
    "generate (progenitor)",
    "cut, observe + render client items",
    "rewrite + join client",
    "parse + render mocks",
];
