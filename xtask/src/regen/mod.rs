//! `cargo xtask regen`: the whole pipeline, for every provider or one.
//!
//! read → overlay → normalize → validate → generate → format, for every provider
//! in memory; then, only if all succeeded, write (or, with `--check`, compare).

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::bundle;
use crate::config::{self, Provider};
use crate::envelopes;
use crate::error::{Error, Result};
use crate::format::{self, Header};
use crate::generate::{self, SpecFacts};
use crate::item_stream;
use crate::normalize::{self, Change};
use crate::open_enums;
use crate::overlay::{self, Applied};
use crate::read;
use crate::write::{self, FileOut};

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

/// One provider's part of a run.
#[derive(Clone, Debug)]
pub struct Row {
    /// The provider's name.
    pub provider: String,
    /// Operations in its document.
    pub operations: usize,
    /// Types generated.
    pub types: usize,
    /// Lines of generated code (client and mocks).
    pub lines: usize,
    /// Whether any generated file differs from what was on disk.
    pub changed: bool,
    /// Milliseconds this provider took, from reading to formatting.
    pub millis: u128,
    /// What the overlay did.
    pub overlay: Vec<Applied>,
    /// What normalization did.
    pub normalized: Vec<Change>,
    /// Response-only enums that accept unlisted values.
    pub opened_enums: Vec<String>,
    /// Response unions that implement `Envelope`.
    pub envelopes: Vec<String>,
    /// Operations left out, with the reason.
    pub skipped: Vec<String>,
    /// Items typify generated twice, removed ([`crate::dedupe`]).
    pub duplicates_removed: Vec<String>,
    /// What was mended in the httpmock helpers ([`crate::mock_fixes`]).
    pub mocks_mended: crate::mock_fixes::Mended,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// One row per provider.
    pub rows: Vec<Row>,
    /// `--check`: unified diffs of the stale files.
    pub diffs: Vec<String>,
    /// `--check`: the stale files.
    pub stale: Vec<String>,
    /// Wall time of the whole run, in milliseconds.
    pub millis: u128,
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
    let generators = generator_versions(root);
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
    /// SHA-256 of the document's bytes.
    pub sha256: String,
    /// SHA-256 of the overlay's bytes, if there is one.
    pub overlay_sha256: Option<String>,
    /// What the overlay did.
    pub overlay: Vec<Applied>,
    /// What normalization did.
    pub normalized: Vec<Change>,
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
    let mut value = read::parse(file, bytes)?;
    let bundled = bundle::bundle(file, &mut value, loader)?;
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
        sha256: read::sha256_hex(bytes),
        overlay_sha256,
        overlay: applied,
        normalized,
    })
}

/// [`prepare`] for a provider's files under `root`.
pub fn prepare_provider(root: &Path, provider: &Provider) -> Result<Prepared> {
    let read_file = |file: &str| {
        let path = root.join(file);
        std::fs::read(&path).map_err(|e| Error::io(file, e))
    };
    let document = read_file(&provider.document)?;
    let overlay = match &provider.overlay {
        Some(file) => Some((file.as_str(), read_file(file)?)),
        None => None,
    };
    prepare_with(
        &provider.document,
        &document,
        overlay.as_ref().map(|(f, b)| (*f, b.as_slice())),
        &read_file,
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
    check_dependencies(root, provider, &built)?;
    Ok(built)
}

/// The crates generated code may use, beyond the ones every provider crate has.
const OPTIONAL_DEPENDENCIES: [(&str, &str); 3] = [
    ("::chrono::", "chrono"),
    ("::regress::", "regress"),
    ("::uuid::", "uuid"),
];

/// Generated code that uses chrono, regress or uuid needs the crate to depend on
/// them: say so now, naming the manifest, rather than leave a compile error.
fn check_dependencies(root: &Path, provider: &Provider, built: &Built) -> Result<()> {
    let manifest_file = format!("{}/Cargo.toml", provider.dir.trim_end_matches('/'));
    let Ok(manifest) = std::fs::read_to_string(root.join(&manifest_file)) else {
        return Ok(());
    };
    let Ok(manifest) = manifest.parse::<toml::Table>() else {
        return Ok(());
    };
    let declared = |name: &str| {
        ["dependencies", "dev-dependencies"]
            .iter()
            .any(|t| manifest.get(*t).and_then(|d| d.get(name)).is_some())
    };
    for (marker, name) in OPTIONAL_DEPENDENCIES {
        let used = built.files.iter().any(|f| f.contents.contains(marker));
        if used && !declared(name) {
            return Err(Error::Config {
                file: manifest_file,
                message: format!(
                    "the code generated for {} uses `{name}`: add `{name}.workspace = true` to [dependencies]",
                    provider.name
                ),
            });
        }
    }
    Ok(())
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
    } = prepared;
    let spec = crate::validate::validate(&provider.document, value)?;
    observe(BUILD_STAGES[0]);
    let facts = SpecFacts {
        path: &provider.document,
        openapi: &openapi,
        sha256: &sha256,
    };
    let output = generate::generate(provider, &spec, &facts, strict)?;
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
    };
    // The client is handled item by item (crate::item_stream): seen once by
    // each pass, then rendered, and rewritten where a pass asks.
    let mut enum_facts = open_enums::Facts::default();
    let mut envelope_facts = envelopes::Facts::new(provider.envelope.is_some());
    let cuts = item_stream::split(&provider.name, output.client, &mut |path, item| {
        let envelope = envelope_facts.observe(path, item);
        enum_facts.observe(path, item) | envelope
    })?;
    let opener = enum_facts.finish();
    let mut unions = match &provider.envelope {
        Some(config) => {
            let unions = envelope_facts.finish(config);
            if unions.covered.is_empty() {
                return Err(Error::Config {
                    file: config::PROVIDERS_FILE.to_string(),
                    message: format!(
                        "{}: `envelope` is set, but no response of {} is a union of a `{{code, data}}` schema and {}",
                        provider.name, provider.document, config.error
                    ),
                });
            }
            Some(unions)
        }
        None => None,
    };
    observe(BUILD_STAGES[2]);
    let mut envelope_impls = unions
        .as_mut()
        .map(|u| std::mem::take(&mut u.impls))
        .unwrap_or_default();
    let (body, duplicates_removed) = item_stream::render(
        &provider.name,
        cuts,
        &mut item_stream::Passes {
            rewrite: &mut |path, item| {
                if let Some(unions) = &unions {
                    unions.rewrite(path, item);
                }
                opener.rewrite(path, item)
            },
            append: &mut |path| match path {
                [only] if only == "types" => std::mem::take(&mut envelope_impls),
                _ => Vec::new(),
            },
        },
    )?;
    let envelopes = unions.map(|u| u.covered).unwrap_or_default();
    let client = format::with_header(&header, "client", &body);
    drop(body);
    let opened_enums = opener.names();
    observe(BUILD_STAGES[3]);
    let mut mock_file = format::parse(&provider.name, output.mock)?;
    let mocks_mended = crate::mock_fixes::mend(&mut mock_file);
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
            opened_enums,
            envelopes,
            skipped: output.skipped.clone(),
            mocks_mended,
            duplicates_removed,
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

/// The list of normalization passes, with what each rewrites.
pub fn explain_passes() -> String {
    let mut out = String::from("normalization passes, in order:\n");
    for pass in normalize::PASSES {
        out.push_str(&format!("  {:<17} {}\n", pass.name, pass.summary));
    }
    out
}

/// Appends one line per overlay action and per normalization change to `out`.
pub fn explain_changes(out: &mut String, overlay: &[Applied], normalized: &[Change]) {
    for a in overlay {
        out.push_str(&format!(
            "  overlay {:<8} {} ({} node(s)): {}\n",
            a.kind,
            a.target,
            a.pointers.len(),
            a.description
        ));
    }
    for c in normalized {
        out.push_str(&format!("  {:<17} {}: {}\n", c.pass, c.pointer, c.message));
    }
}

/// The stages [`build_prepared_observed`] reports, in order.
pub const BUILD_STAGES: [&str; 5] = [
    "validate",
    "generate (progenitor)",
    "cut, observe + render client items",
    "rewrite + join client",
    "parse + render mocks",
];

/// `progenitor-impl 0.15.1, typify-impl …, openapiv3 2.2.0`, read from `Cargo.lock`.
pub fn generator_versions(root: &Path) -> String {
    const CRATES: [&str; 3] = ["progenitor-impl", "typify-impl", "openapiv3"];
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let packages = lock
        .as_ref()
        .and_then(|t| t.get("package"))
        .and_then(|p| p.as_array());
    CRATES
        .iter()
        .map(|name| {
            let version = packages
                .and_then(|ps| {
                    ps.iter()
                        .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(*name))
                })
                .and_then(|p| p.get("version"))
                .and_then(|v| v.as_str())
                .unwrap_or("(version unknown)");
            format!("{name} {version}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary table a run ends with.
pub fn table(report: &Report) -> String {
    let mut out = format!(
        "{:<14} {:>10} {:>7} {:>6} {:>7} {:>8} {:>6}\n",
        "provider", "operations", "skipped", "types", "lines", "changed", "ms"
    );
    for r in &report.rows {
        out.push_str(&format!(
            "{:<14} {:>10} {:>7} {:>6} {:>7} {:>8} {:>6}\n",
            r.provider,
            r.operations,
            r.skipped.len(),
            r.types,
            r.lines,
            if r.changed { "yes" } else { "no" },
            r.millis
        ));
    }
    for r in &report.rows {
        for s in &r.skipped {
            out.push_str(&format!("skipped in {}: {s}\n", r.provider));
        }
    }
    out.push_str(&format!("total {} ms\n", report.millis));
    out
}

/// What `--explain` prints: every pass, then what the overlay and each pass changed.
pub fn explain(report: &Report) -> String {
    let mut out = explain_passes();
    for r in &report.rows {
        out.push_str(&format!("\n{}:\n", r.provider));
        explain_changes(&mut out, &r.overlay, &r.normalized);
        out.push_str(&explain_generated(r));
        if r.overlay.is_empty() && r.normalized.is_empty() && r.opened_enums.is_empty() {
            out.push_str("  (nothing to change)\n");
        }
    }
    out
}

/// What the steps after progenitor changed in a provider's generated code.
pub fn explain_generated(r: &Row) -> String {
    let mut out = String::new();
    if !r.opened_enums.is_empty() {
        out.push_str(&format!(
            "  open-enums        response-only enums that accept unlisted values: {}\n",
            r.opened_enums.join(", ")
        ));
    }
    if !r.envelopes.is_empty() {
        out.push_str(&format!(
            "  envelopes         {} response unions implement Envelope ({})\n",
            r.envelopes.len(),
            r.envelopes.join(", ")
        ));
    }
    if !r.duplicates_removed.is_empty() {
        out.push_str(&format!(
            "  duplicates        items generated twice, removed: {}\n",
            r.duplicates_removed.join(", ")
        ));
    }
    let m = &r.mocks_mended;
    if !m.is_empty() {
        out.push_str(&format!(
            "  mock-fixes        httpmock helpers mended: {} bodies by reference, {} array queries, {} path values escaped\n",
            m.bodies_by_reference, m.array_queries, m.escaped_paths
        ));
        for name in &m.renamed {
            out.push_str(&format!(
                "  mock-fixes        MockServerExt::{name} → {name}_operation (httpmock's own `{name}` would shadow it)\n"
            ));
        }
    }
    out
}
