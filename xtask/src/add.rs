//! `cargo xtask add <name> --spec PATH|URL [--base-url URL] [--api-key-env VAR] [--upstream URL]`:
//! a new provider in one command.
//!
//! Everything is built in memory first, then written with
//! [`crate::regen::write::write_all`] (every file or none):
//!
//! - `specs/<name>/openapi.<json|yaml>`: the document, byte for byte, and the files
//!   its `$ref`s name, beside it as they were beside the original (a URL must be one file);
//! - `specs/providers.toml`: a new `[[provider]]` entry (appended; comments kept);
//! - `crates/<name>/Cargo.toml`, `src/lib.rs` (the uniform names and auth through
//!   `cloud_clusters_core::provider_client!`), `tests/uniform.rs`, and the generated
//!   `src/generated.rs` / `src/generated_mock.rs` (what `cargo xtask regen --provider <name>` writes);
//! - the workspace `Cargo.toml`: a new member;
//! - `crates/cloud-clusters`: a feature `<name>` (on by default, like the others),
//!   its optional dependency, its `mock` forwarding, and a module `<name_with_underscores>`.
//!
//! A name that exists (in `providers.toml`, `crates/`, `specs/` or the facade) is refused.
//! A `--spec` URL becomes the entry's `upstream`, so `cargo xtask update <name>` follows it.

use std::cell::RefCell;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use crate::regen;
use crate::regen::write::{self, FileOut};
use crate::shared::config::{self, Provider};
use crate::shared::error::Error;
use crate::shared::toml_file;
use crate::update::{self, UpdateError};

/// Arguments of `cargo xtask add`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The provider's short name: lower-case letters, digits and '-' (crate `cloud-clusters-<name>`).
    pub name: String,
    /// The OpenAPI document: a file, or an http(s) URL (which becomes the provider's `upstream`).
    #[arg(long, value_name = "PATH|URL")]
    pub spec: String,
    /// The default base URL (default: the document's first absolute `servers` URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The environment variable holding the API key (default: `<NAME>_API_KEY`).
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,
    /// Where the vendor publishes the document, for `cargo xtask update` (default: the --spec URL, if it is one).
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,
    /// Generate only these operations and what they reach (`tag:NAME`,
    /// `path:/PREFIX`, `operation:ID`; repeat or separate with commas); written
    /// to the entry as `select`.
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave these operations out (same selectors as --select).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub exclude: Vec<String>,
}

/// Why a provider was not added (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The name or an option is not acceptable, or the provider exists.
    #[error("{0}")]
    Refused(String),
    /// The document could not be downloaded or is not OpenAPI 3.x.
    #[error(transparent)]
    Document(#[from] UpdateError),
    /// Reading, generating or writing failed.
    #[error(transparent)]
    Xtask(#[from] Error),
}

/// What `add` wrote.
#[derive(Debug)]
pub struct Added {
    /// The providers.toml entry.
    pub provider: Provider,
    /// Every file written, relative to the root.
    pub files: Vec<String>,
    /// Operations generated.
    pub operations: usize,
    /// Operations progenitor could not generate (left out, with the reason).
    pub skipped: Vec<String>,
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "core", "std", "alloc", "runtime",
];

/// Checks a provider name: `[a-z][a-z0-9-]*`, no `--`, no trailing `-`, and a module
/// name (`-` → `_`) that is not a Rust keyword or a name the facade already uses.
pub fn check_name(name: &str) -> Result<(), AddError> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--");
    if !valid {
        return Err(AddError::Refused(format!(
            "{name:?} is not a provider name: use lower-case letters, digits and single '-', starting with a letter"
        )));
    }
    let module = name.replace('-', "_");
    if RUST_KEYWORDS.contains(&module.as_str()) {
        return Err(AddError::Refused(format!(
            "{name:?} cannot be a module of the facade (`{module}` is reserved)"
        )));
    }
    Ok(())
}

/// The file extension the copied document keeps: `json` or `yaml`.
fn extension(spec: &str, bytes: &[u8]) -> &'static str {
    let path = spec
        .split(['?', '#'])
        .next()
        .unwrap_or(spec)
        .to_ascii_lowercase();
    if path.ends_with(".json") {
        "json"
    } else if path.ends_with(".yaml") || path.ends_with(".yml") {
        "yaml"
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => "json",
            _ => "yaml",
        }
    }
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// `https://{region}.example.com` with each `{variable}` replaced by its default.
fn server_url(server: &Value) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_string();
    if let Some(vars) = server.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            if let Some(default) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    (is_url(&url) && !url.contains('{')).then(|| url.trim_end_matches('/').to_string())
}

/// The `[[provider]]` entry, as TOML text.
/// `select = { ... }` for an entry: the selection as an inline TOML table.
fn select_line(selection: &regen::select::Selection) -> String {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items
            .iter()
            .map(|v| toml::Value::String(v.clone()).to_string())
            .collect();
        format!("[{}]", quoted.join(", "))
    };
    let table = |s: &regen::select::Selectors| {
        let mut parts = Vec::new();
        for (key, items) in [
            ("tags", &s.tags),
            ("paths", &s.paths),
            ("operations", &s.operations),
        ] {
            if !items.is_empty() {
                parts.push(format!("{key} = {}", list(items)));
            }
        }
        format!("{{ {} }}", parts.join(", "))
    };
    let mut parts = Vec::new();
    if selection.include != Default::default() {
        parts.push(format!("include = {}", table(&selection.include)));
    }
    if selection.exclude != Default::default() {
        parts.push(format!("exclude = {}", table(&selection.exclude)));
    }
    format!("select = {{ {} }}\n", parts.join(", "))
}

fn entry(
    name: &str,
    document: &str,
    upstream: Option<&str>,
    api_key_env: &str,
    default_base_url: &str,
    base_urls: &[(String, String)],
    selection: Option<&regen::select::Selection>,
) -> String {
    let s = |v: &str| toml::Value::String(v.to_string()).to_string();
    let mut out = format!(
        "\n[[provider]]\nname = {}\ncrate = {}\ndir = {}\ndocument = {}\n",
        s(name),
        s(&format!("cloud-clusters-{name}")),
        s(&format!("crates/{name}")),
        s(document)
    );
    if let Some(upstream) = upstream {
        out.push_str(&format!("upstream = {}\n", s(upstream)));
    }
    out.push_str(&format!(
        "api_key_env = {}\ndefault_base_url = {}\nbase_urls = [\n",
        s(api_key_env),
        s(default_base_url)
    ));
    for (n, u) in base_urls {
        out.push_str(&format!("    {{ name = {}, url = {} }},\n", s(n), s(u)));
    }
    out.push_str("]\n");
    if let Some(selection) = selection {
        out.push_str(&select_line(selection));
    }
    out
}

/// Every documented base URL: the default first, then the document's other absolute servers.
fn base_urls(default: &str, doc: &Value) -> Vec<(String, String)> {
    let mut out = vec![("default".to_string(), default.to_string())];
    let servers = doc
        .get("servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, server) in servers.iter().enumerate() {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let url = url.trim_end_matches('/');
        if !is_url(url) || out.iter().any(|(_, u)| u == url) {
            continue;
        }
        let mut name: String = server
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if name.is_empty() || out.iter().any(|(n, _)| *n == name) {
            name = format!("server-{i}");
        }
        out.push((name, url.to_string()));
    }
    out
}

/// Adds the provider; returns what was written. Nothing is written on error.
pub fn add(root: &Path, args: &Args) -> Result<Added, AddError> {
    let start = Instant::now();
    let name = args.name.as_str();
    check_name(name)?;
    let package = format!("cloud-clusters-{name}");
    let module = name.replace('-', "_");
    let dir = format!("crates/{name}");

    // Refuse anything that exists.
    let providers_text = read_text(root, config::PROVIDERS_FILE)?;
    let providers = config::parse(&providers_text)?;
    if providers.providers.iter().any(|p| p.name == name) {
        return Err(AddError::Refused(format!(
            "a provider named {name:?} exists in {}",
            config::PROVIDERS_FILE
        )));
    }
    if let Some(p) = providers.providers.iter().find(|p| p.package == package) {
        return Err(AddError::Refused(format!(
            "provider {:?} already generates the crate {package}",
            p.name
        )));
    }
    for taken in [dir.clone(), format!("specs/{name}")] {
        if root.join(&taken).exists() {
            return Err(AddError::Refused(format!(
                "{taken} exists: choose another name, or remove it first"
            )));
        }
    }
    let workspace_text = read_text(root, "Cargo.toml")?;
    if let Some(member) = member_with_package(root, &workspace_text, &package)? {
        return Err(AddError::Refused(format!(
            "the workspace member {member} is already the package {package}: choose another name"
        )));
    }
    let facade_manifest_file = "crates/cloud-clusters/Cargo.toml";
    let facade_lib_file = "crates/cloud-clusters/src/lib.rs";
    let facade_text = read_text(root, facade_manifest_file)?;
    let facade_lib = read_text(root, facade_lib_file)?;
    let facade: toml::Table =
        toml_file::from_toml::<toml::Table>(facade_manifest_file, &facade_text)?;
    if facade.get("features").and_then(|f| f.get(name)).is_some()
        || facade
            .get("dependencies")
            .and_then(|d| d.get(&package))
            .is_some()
    {
        return Err(AddError::Refused(format!(
            "{facade_manifest_file} already has a feature or dependency for {name}"
        )));
    }
    if facade_lib.contains(&format!("pub mod {module} ")) {
        return Err(AddError::Refused(format!(
            "{facade_lib_file} already has a module {module}"
        )));
    }

    // The document.
    let bytes = if is_url(&args.spec) {
        eprintln!("{name}: downloading {}", args.spec);
        update::download(&args.spec)?
    } else {
        let bytes = std::fs::read(&args.spec).map_err(|e| Error::io(&args.spec, e))?;
        if update::looks_like_html(&bytes) {
            return Err(AddError::Refused(format!(
                "{} is an HTML page, not an OpenAPI document",
                args.spec
            )));
        }
        bytes
    };
    let ext = extension(&args.spec, &bytes);
    let document = format!("specs/{name}/openapi.{ext}");
    let raw = update::check_openapi(&document, &args.spec, &bytes)?;
    // A document split over several files: the files its `$ref`s name are read
    // beside it and copied beside ours (`specs/<name>/...`), as regen reads them.
    let folder = format!("specs/{name}/");
    let referenced: RefCell<Vec<FileOut>> = RefCell::new(Vec::new());
    let loader = |rel: &str| -> crate::Result<Vec<u8>> {
        let refused = |message: String| Error::Config {
            file: rel.to_string(),
            message,
        };
        if is_url(&args.spec) {
            return Err(refused(format!(
                "{} refers to other files: download them beside it and pass --spec PATH \
                 (with --upstream URL), or bundle it into one file",
                args.spec
            )));
        }
        let Some(inside) = rel.strip_prefix(&folder) else {
            return Err(refused(format!(
                "{} refers to a file outside its folder; only files beside it (or below) are copied",
                args.spec
            )));
        };
        let path = Path::new(&args.spec)
            .parent()
            .unwrap_or(Path::new("."))
            .join(inside);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let contents = String::from_utf8(bytes.clone())
            .map_err(|_| refused(format!("{} is not valid UTF-8", path.display())))?;
        let mut seen = referenced.borrow_mut();
        if !seen.iter().any(|f| f.rel == rel) {
            seen.push(FileOut {
                rel: rel.to_string(),
                contents,
            });
        }
        Ok(bytes)
    };
    let selection = regen::select::Selection::from_args(&args.select, &args.exclude)?;
    let prepared = regen::prepare_selected(&document, &bytes, None, &loader, selection.as_ref())?;
    let referenced = referenced.into_inner();
    let contents = String::from_utf8(bytes)
        .map_err(|_| AddError::Refused(format!("{} is not valid UTF-8", args.spec)))?;

    // The entry.
    let default_base_url = match &args.base_url {
        Some(url) if is_url(url) && url.chars().all(|c| c.is_ascii_graphic()) => {
            url.trim_end_matches('/').to_string()
        }
        Some(url) => {
            return Err(AddError::Refused(format!(
                "--base-url {url:?} is not an http(s) URL"
            )));
        }
        None => raw
            .get("servers")
            .and_then(Value::as_array)
            .and_then(|s| s.iter().find_map(server_url))
            .ok_or_else(|| {
                AddError::Refused(format!(
                    "{} declares no absolute server URL: pass --base-url",
                    args.spec
                ))
            })?,
    };
    let api_key_env = args
        .api_key_env
        .clone()
        .unwrap_or_else(|| format!("{}_API_KEY", module.to_ascii_uppercase()));
    if !api_key_env.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        || !api_key_env
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(AddError::Refused(format!(
            "--api-key-env {api_key_env:?}: use upper-case letters, digits and '_'"
        )));
    }
    let upstream = args
        .upstream
        .clone()
        .or_else(|| is_url(&args.spec).then(|| args.spec.clone()));
    if let Some(u) = &upstream
        && !is_url(u)
    {
        return Err(AddError::Refused(format!(
            "--upstream {u:?} is not an http(s) URL"
        )));
    }
    let new_entry = entry(
        name,
        &document,
        upstream.as_deref(),
        &api_key_env,
        &default_base_url,
        &base_urls(&default_base_url, &raw),
        selection.as_ref(),
    );
    let new_providers_text = format!("{}{new_entry}", ensure_newline(&providers_text));
    let provider = config::parse(&new_providers_text)?
        .providers
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| AddError::Refused("the new entry did not parse back".to_string()))?;

    // Generate.
    let generators = regen::generator_versions(root);
    let built = regen::build_prepared(&provider, prepared, &generators, false, start, None)?;
    let generated: String = built.files.iter().map(|f| f.contents.as_str()).collect();
    let title = raw
        .pointer("/info/title")
        .and_then(Value::as_str)
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace('|', "/")
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.to_string());

    let mut files = vec![
        FileOut {
            rel: document.clone(),
            contents,
        },
        FileOut {
            rel: config::PROVIDERS_FILE.to_string(),
            contents: new_providers_text,
        },
        FileOut {
            rel: format!("{dir}/Cargo.toml"),
            contents: crate_manifest(&package, &title, &generated),
        },
        FileOut {
            rel: format!("{dir}/src/lib.rs"),
            contents: lib_rs(&provider, &title),
        },
        FileOut {
            rel: format!("{dir}/tests/uniform.rs"),
            contents: uniform_test(&provider),
        },
        FileOut {
            rel: "Cargo.toml".to_string(),
            contents: add_member(&workspace_text, &dir)?,
        },
        FileOut {
            rel: facade_manifest_file.to_string(),
            contents: add_to_facade_manifest(&facade_text, name, &package)?,
        },
        FileOut {
            rel: facade_lib_file.to_string(),
            contents: add_to_facade_lib(&facade_lib, &provider, &title),
        },
    ];
    files.extend(referenced);
    files.extend(built.files.iter().cloned());
    if let Err(e) = write::write_all(root, &files) {
        // write_all put every file back; the folders it made for the new ones are
        // left empty. They did not exist before (checked above): remove them.
        for made in [&dir, &format!("specs/{name}")] {
            let _ = std::fs::remove_dir_all(root.join(made));
        }
        return Err(e.into());
    }
    Ok(Added {
        provider,
        files: files.into_iter().map(|f| f.rel).collect(),
        operations: built.row.operations,
        skipped: built.row.skipped,
    })
}

/// The workspace member whose package is named `package`, if one is.
fn member_with_package(
    root: &Path,
    workspace_text: &str,
    package: &str,
) -> Result<Option<String>, Error> {
    let workspace = toml_file::from_toml::<toml::Table>("Cargo.toml", workspace_text)?;
    let members = workspace
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    for member in members.iter().filter_map(|m| m.as_str()) {
        let manifest = format!("{}/Cargo.toml", member.trim_end_matches('/'));
        let Ok(text) = std::fs::read_to_string(root.join(&manifest)) else {
            continue;
        };
        let name = toml_file::from_toml::<toml::Table>(&manifest, &text)?
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(str::to_string);
        if name.as_deref() == Some(package) {
            return Ok(Some(member.to_string()));
        }
    }
    Ok(None)
}

fn read_text(root: &Path, file: &str) -> Result<String, Error> {
    std::fs::read_to_string(root.join(file)).map_err(|e| Error::io(file, e))
}

fn ensure_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

/// `Cargo.toml` of the new crate: the same shape as the other provider crates,
/// with the optional dependencies the `generated` code (client and mocks) uses.
fn crate_manifest(package: &str, title: &str, generated: &str) -> String {
    let description = toml::Value::String(format!(
        "Rust client for {title}, generated from its OpenAPI document."
    ))
    .to_string();
    let mut deps = vec![
        "progenitor-client.workspace = true",
        "reqwest.workspace = true",
        "serde.workspace = true",
        "serde_json.workspace = true",
        "cloud-clusters-core.workspace = true",
    ];
    if generated.contains("::chrono::") {
        deps.push("chrono.workspace = true");
    }
    if generated.contains("::regress::") {
        deps.push("regress.workspace = true");
    }
    if generated.contains("::uuid::") {
        deps.push("uuid = { version = \"1\", features = [\"serde\"] }");
    }
    deps.push("httpmock = { workspace = true, optional = true }");
    deps.push("regex = { workspace = true, optional = true }");
    format!(
        "[package]
name = \"{package}\"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
repository.workspace = true
description = {description}

[package.metadata.docs.rs]
all-features = true
rustdoc-args = [\"--cfg\", \"docsrs\"]

[lints]
workspace = true

[features]
# The TLS stack, forwarded to cloud-clusters-core (rustls with ring by default).
default = [\"rustls-ring\"]
rustls-ring = [\"cloud-clusters-core/rustls-ring\"]
rustls-aws-lc = [\"cloud-clusters-core/rustls-aws-lc\"]
native-tls = [\"cloud-clusters-core/native-tls\"]
mock = [\"dep:httpmock\", \"dep:regex\"]

[dependencies]
{}

[dev-dependencies]
# The crate's own tests use its httpmock helpers.
{package} = {{ path = \".\", features = [\"mock\"] }}
",
        deps.join("\n")
    )
}

/// The hand-written `src/lib.rs` of the new crate (it is not regenerated: extend it).
fn lib_rs(p: &Provider, title: &str) -> String {
    format!(
        r#"//! Client for {title} (`{base}`).
//!
//! Generated by `cargo xtask regen` from `{document}` with progenitor (added by
//! `cargo xtask add {name}`). Every operation of the document is a method of
//! [`Client`] returning a builder: `client.<operation>().<argument>(..).send().await`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {{
//! let client = {ident}::Client::from_env()?; // reads {env}
//! # drop(client);
//! # Ok(())
//! # }}
//! ```
//!
//! The uniform names every provider crate offers: [`Client`], [`types`], [`Error`],
//! [`ResponseValue`], [`SPEC`], [`DEFAULT_BASE_URL`], [`BASE_URLS`], [`API_KEY_ENV`],
//! and, with the `mock` feature, `mock` (httpmock helpers for your own tests).

{modules}
/// What a call fails with; every generated call's error converts into it with `?`.
/// Its messages never print response bodies.
pub type ApiError = cloud_clusters_core::ApiError<()>;

cloud_clusters_core::provider_client!();
"#,
        base = p.default_base_url,
        document = p.document,
        name = p.name,
        ident = p.crate_ident(),
        env = p.api_key_env,
        modules = crate::standalone::GENERATED_MODULES,
    )
}

/// `tests/uniform.rs` of the new crate: the uniform names, with their values.
fn uniform_test(p: &Provider) -> String {
    format!(
        r#"//! The uniform names of every provider crate (written by `cargo xtask add`; extend it).

use {ident} as p;

#[test]
fn offers_the_uniform_names() {{
    assert_eq!(p::SPEC.provider, {name:?});
    assert_eq!(p::SPEC.path, {document:?});
    assert_eq!(p::SPEC.sha256.len(), 64);
    assert!(!p::SPEC.version.is_empty());
    assert_eq!(p::API_KEY_ENV, {env:?});
    assert_eq!(p::DEFAULT_BASE_URL, {base:?});
    assert!(!p::BASE_URLS.is_empty());

    // `Debug` of a client never shows its key.
    let client = p::Client::with_api_key("http://127.0.0.1:9", "sk-very-secret").expect("client");
    assert!(!format!("{{client:?}}").contains("sk-very-secret"));
    let _: p::Client =
        p::Client::with_options("http://127.0.0.1:9", "k", p::ClientOptions::default())
            .expect("client");
    assert!(matches!(
        p::Client::with_api_key("not a url", "k"),
        Err(p::ConfigError::InvalidBaseUrl {{ .. }})
    ));
    // `from_env` names the variable when it is missing (checked only where it is unset).
    if std::env::var_os(p::API_KEY_ENV).is_none() {{
        let err = p::Client::from_env().err().expect("no key, no client");
        assert!(err.to_string().contains(p::API_KEY_ENV), "{{err}}");
    }}

    // The generated names: `types`, `Error`, `ResponseValue`, `mock::MockServerExt`.
    fn takes_error(_: Option<p::Error<()>>) {{}}
    takes_error(None);
    fn takes_response<T>(_: Option<p::ResponseValue<T>>) {{}}
    takes_response::<()>(None);
    let _: Option<p::ApiError> = None;
    #[allow(unused_imports)]
    use p::mock::MockServerExt as _;
    #[allow(unused_imports)]
    use p::types as _;
}}
"#,
        ident = p.crate_ident(),
        name = p.name,
        document = p.document,
        env = p.api_key_env,
        base = p.default_base_url,
    )
}

/// The workspace `Cargo.toml` with `dir` added to `[workspace] members`.
fn add_member(text: &str, dir: &str) -> Result<String, Error> {
    let out = push_to_array(text, "[workspace]", "members", dir, "Cargo.toml")?;
    let table = toml_file::from_toml::<toml::Table>("Cargo.toml", &out)?;
    let listed = table
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .is_some_and(|m| m.iter().any(|v| v.as_str() == Some(dir)));
    if !listed {
        return Err(bad("Cargo.toml", "could not add the workspace member"));
    }
    Ok(out)
}

/// The facade's manifest with the feature, its `default` and `mock` entries and the dependency.
fn add_to_facade_manifest(text: &str, name: &str, package: &str) -> Result<String, Error> {
    let file = "crates/cloud-clusters/Cargo.toml";
    let s = |v: &str| toml::Value::String(v.to_string()).to_string();
    let mut out = push_to_array(text, "[features]", "default", name, file)?;
    out = push_to_array(
        &out,
        "[features]",
        "mock",
        &format!("{package}?/mock"),
        file,
    )?;
    let feature = format!("{} = [{}]", key(name), s(&format!("dep:{package}")));
    out = insert_in_section(&out, "[features]", &feature, |line| {
        line.contains("[\"dep:")
    })
    .ok_or_else(|| bad(file, "no [features] table"))?;
    let dependency = format!(
        "{package} = {{ path = {}, version = \"0.1.0\", optional = true, default-features = false }}",
        s(&format!("../{name}"))
    );
    out = insert_in_section(&out, "[dependencies]", &dependency, |line| {
        !line.trim().is_empty() && !line.trim_start().starts_with('#')
    })
    .ok_or_else(|| bad(file, "no [dependencies] table"))?;

    // Check the edit by reading it back.
    let table = toml_file::from_toml::<toml::Table>(file, &out)?;
    let features = table.get("features");
    let has = |feature: &str, item: &str| {
        features
            .and_then(|f| f.get(feature))
            .and_then(|v| v.as_array())
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(item)))
    };
    let dep_ok = table
        .get("dependencies")
        .and_then(|d| d.get(package))
        .and_then(|d| d.get("optional"))
        .and_then(|o| o.as_bool())
        == Some(true);
    if !(has(name, &format!("dep:{package}"))
        && has("default", name)
        && has("mock", &format!("{package}?/mock"))
        && dep_ok)
    {
        return Err(bad(file, "could not add the feature and dependency"));
    }
    Ok(out)
}

fn key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        toml::Value::String(name.to_string()).to_string()
    }
}

/// The facade's `lib.rs` with a row in the provider table and the module.
fn add_to_facade_lib(text: &str, p: &Provider, title: &str) -> String {
    let module = p.name.replace('-', "_");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(last_row) = lines.iter().rposition(|l| l.starts_with("//! | [`")) {
        lines.insert(
            last_row + 1,
            format!("//! | [`{module}`] | {title} | `{}` |", p.api_key_env),
        );
    }
    let mut out = lines.join("\n");
    out = out.trim_end().to_string();
    out.push_str(&format!(
        "\n\n/// {title}: the crate `{}`.\n#[cfg(feature = \"{}\")]\npub mod {module} {{\n    pub use {}::*;\n}}\n",
        p.package,
        p.name,
        p.crate_ident()
    ));
    out
}

fn bad(file: &str, message: &str) -> Error {
    Error::Config {
        file: file.to_string(),
        message: message.to_string(),
    }
}

/// The byte range of a TOML table's body: after its `[header]` line, up to the next header.
fn section(text: &str, header: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(s) = start {
            if trimmed.starts_with('[') {
                return Some((s, offset));
            }
        } else if trimmed == header {
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    start.map(|s| (s, text.len()))
}

/// Inserts `line` after the last line of the table `header` for which `after`
/// holds (else after its last non-blank line).
fn insert_in_section(
    text: &str,
    header: &str,
    line: &str,
    after: impl Fn(&str) -> bool,
) -> Option<String> {
    let (start, end) = section(text, header)?;
    let body = &text[start..end];
    let mut offset = start;
    let mut chosen = None;
    let mut last_filled = None;
    for l in body.split_inclusive('\n') {
        let end_of_line = offset + l.len();
        if after(l) {
            chosen = Some(end_of_line);
        }
        if !l.trim().is_empty() {
            last_filled = Some(end_of_line);
        }
        offset = end_of_line;
    }
    let at = chosen.or(last_filled).unwrap_or(start);
    let prefix = &text[..at];
    let newline = if prefix.ends_with('\n') { "" } else { "\n" };
    Some(format!("{prefix}{newline}{line}\n{}", &text[at..]))
}

/// Appends the string `item` to the array `key = [...]` of the table `header`,
/// keeping the array's layout (one item per line, or all on one line).
fn push_to_array(
    text: &str,
    header: &str,
    key: &str,
    item: &str,
    file: &str,
) -> Result<String, Error> {
    let (start, end) = section(text, header).ok_or_else(|| bad(file, &format!("no {header}")))?;
    let body = &text[start..end];
    let mut offset = start;
    let mut open = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            open = line.find('[').map(|i| offset + i);
            break;
        }
        offset += line.len();
    }
    let open = open.ok_or_else(|| bad(file, &format!("no `{key} = [` in {header}")))?;
    // Scan to the closing bracket, skipping strings and comments; remember the last
    // significant character before it.
    let bytes = text.as_bytes();
    let (mut i, mut last_significant, mut close) = (open + 1, open, None);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' && quote == b'"' {
                        i += 1;
                    }
                    i += 1;
                }
                last_significant = i;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b']' => {
                close = Some(i);
                break;
            }
            b if !b.is_ascii_whitespace() => last_significant = i,
            _ => {}
        }
        i += 1;
    }
    let close = close.ok_or_else(|| bad(file, &format!("`{key}` has no closing `]`")))?;
    let quoted = toml::Value::String(item.to_string()).to_string();
    let multiline = text[open..close].contains('\n');
    let empty = last_significant == open;
    let comma = if empty || bytes[last_significant] == b',' {
        ""
    } else {
        ","
    };
    let insert_at = last_significant + 1;
    let addition = if multiline {
        let indent = text[..close]
            .rsplit('\n')
            .nth(1)
            .map(|l| l.len() - l.trim_start().len())
            .filter(|n| *n > 0)
            .unwrap_or(4);
        format!("{comma}\n{}{quoted},", " ".repeat(indent))
    } else if empty {
        quoted
    } else {
        format!("{comma} {quoted}")
    };
    Ok(format!(
        "{}{addition}{}",
        &text[..insert_at],
        &text[insert_at..]
    ))
}

/// Runs the command; returns the process exit code (0 added, 2 refused or failed: nothing written).
/// What the new crate still needs for the cross-provider `Clusters` trait: it
/// is not generated (no stub that compiles and silently answers nothing), so
/// the new provider stays out of `cloud_clusters::from_env_all` until it exists.
pub fn clusters_todo(p: &Provider) -> String {
    format!(
        "      Implement `cloud_clusters_core::clusters::Clusters` for `Client` in {dir}/src/clusters.rs \
         (`pub mod clusters;` in lib.rs): `provider`, `list` (every page), `get`, `delete` and \
         `wait_until_ready`, with a `state` function mapping each documented status to a \
         `ClusterState` and a test that covers every status (crates/zilliz-v2/src/clusters.rs shows \
         the shape); then add {name} to `from_env_all` in crates/cloud-clusters/src/lib.rs.\n",
        dir = p.dir,
        name = p.name
    )
}

pub fn run(root: &Path, args: &Args) -> i32 {
    match add(root, args) {
        Ok(added) => {
            let p = &added.provider;
            println!(
                "added {}: {} operations ({} skipped) from {}",
                p.name,
                added.operations,
                added.skipped.len(),
                p.document
            );
            for f in &added.files {
                println!("  wrote {f}");
            }
            for s in &added.skipped {
                println!("  skipped: {s}");
            }
            println!(
                "next: `cargo test -p {}`; `cloud_clusters::{}` is on by default in the facade.",
                p.package,
                p.name.replace('-', "_")
            );
            println!(
                "      Add a waiter (`Client::wait_for_cluster`) and examples by hand in {}/src/lib.rs, \
                 an overlay for corrections (`overlay = ...` in {}), a `uniform!({}, ...)` line in \
                 crates/cloud-clusters/tests/uniform_names.rs, and a row in the README.",
                p.dir,
                config::PROVIDERS_FILE,
                p.name.replace('-', "_")
            );
            print!("{}", clusters_todo(p));
            if p.upstream.is_none() {
                println!(
                    "      No `upstream`: set it in {} (or pass --upstream) so `cargo xtask update {}` can follow the vendor.",
                    config::PROVIDERS_FILE,
                    p.name
                );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_provider_is_told_what_to_implement_for_clusters() {
        let p = config::parse(
            "[[provider]]\nname = \"acme\"\ncrate = \"cloud-clusters-acme\"\ndir = \"crates/acme\"\n\
             document = \"specs/acme/openapi.yaml\"\napi_key_env = \"ACME_API_KEY\"\n\
             default_base_url = \"https://api.acme.example\"\n",
        )
        .expect("parses")
        .providers
        .remove(0);
        let todo = clusters_todo(&p);
        for needed in [
            "cloud_clusters_core::clusters::Clusters",
            "crates/acme/src/clusters.rs",
            "wait_until_ready",
            "add acme to `from_env_all`",
        ] {
            assert!(todo.contains(needed), "{needed:?} in {todo}");
        }
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("acme").is_ok());
        assert!(check_name("acme-v2").is_ok());
        for bad in [
            "", "Acme", "2cloud", "acme-", "a--b", "a_b", "a b", "type", "core",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn arrays_keep_their_layout() {
        let multi = "[workspace]\nmembers = [\n    \"a\",\n    \"b\"\n]\n\n[x]\nmembers = []\n";
        let out = push_to_array(multi, "[workspace]", "members", "c", "f").unwrap();
        assert_eq!(
            out,
            "[workspace]\nmembers = [\n    \"a\",\n    \"b\",\n    \"c\",\n]\n\n[x]\nmembers = []\n"
        );
        let one = "[features]\ndefault = [\"a\", \"b\"] # all\n";
        let out = push_to_array(one, "[features]", "default", "c", "f").unwrap();
        assert_eq!(out, "[features]\ndefault = [\"a\", \"b\", \"c\"] # all\n");
        let empty = "[features]\ndefault = []\n";
        let out = push_to_array(empty, "[features]", "default", "c", "f").unwrap();
        assert_eq!(out, "[features]\ndefault = [\"c\"]\n");
        let comment = "[features]\nmock = [\n    \"a\", # first\n]\n";
        let out = push_to_array(comment, "[features]", "mock", "b", "f").unwrap();
        assert_eq!(
            out,
            "[features]\nmock = [\n    \"a\",\n    \"b\", # first\n]\n"
        );
        assert!(out.parse::<toml::Table>().is_ok());
    }

    #[test]
    fn lines_go_after_their_kind() {
        let text = "[features]\ndefault = []\na = [\"dep:a\"]\n\n[dependencies]\nx = 1\n\n[dev]\n";
        let out = insert_in_section(text, "[features]", "b = [\"dep:b\"]", |l| {
            l.contains("[\"dep:")
        })
        .unwrap();
        assert!(
            out.contains("a = [\"dep:a\"]\nb = [\"dep:b\"]\n\n[dependencies]"),
            "{out}"
        );
        let out =
            insert_in_section(&out, "[dependencies]", "y = 2", |l| !l.trim().is_empty()).unwrap();
        assert!(out.contains("x = 1\ny = 2\n\n[dev]"), "{out}");
    }

    #[test]
    fn the_copied_document_keeps_json_or_yaml() {
        assert_eq!(extension("a/openapi.json", b""), "json");
        assert_eq!(extension("https://x/openapi.yml?v=2", b""), "yaml");
        assert_eq!(extension("https://x/spec", b"  {\"openapi\":1}"), "json");
        assert_eq!(extension("https://x/spec", b"openapi: 3.0.0"), "yaml");
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let server = serde_json::json!({"url": "https://{region}.acme.dev/", "variables": {"region": {"default": "eu"}}});
        assert_eq!(server_url(&server).as_deref(), Some("https://eu.acme.dev"));
        assert_eq!(server_url(&serde_json::json!({"url": "/v1"})), None);
    }
}
