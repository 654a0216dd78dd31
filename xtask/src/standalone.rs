//! `cargo xtask regen --spec PATH --out DIR`: a standalone client crate from any
//! document, to try a new provider before adding it to `specs/providers.toml`.
//!
//! The document goes through the same pipeline as the providers' (bundle →
//! normalize → validate → generate → format); the crate gets a `Cargo.toml`
//! (versions from this workspace's `[workspace.dependencies]`, the runtime
//! `cloud-clusters-core` by path), a `src/lib.rs` with the uniform constructors,
//! and a copy of `Cargo.lock` so it builds with the versions tested here.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::regen::workspace::used_dependencies;
use crate::regen::write::{self, FileOut};
use crate::regen::{self, Row};
use crate::shared::config::Provider;
use crate::shared::error::{Error, Result};

/// What `--spec` / `--out` were given.
pub struct Standalone {
    /// The workspace root (for dependency versions and the runtime's path).
    pub root: PathBuf,
    /// The document.
    pub spec: PathBuf,
    /// The folder of the crate to write.
    pub out: PathBuf,
    /// The package name; default: the document's folder or file name, `-client`.
    pub name: Option<String>,
    /// Generate only this part of the document.
    pub select: Option<regen::select::Selection>,
}

fn crate_name(spec: &Path, name: Option<&str>) -> String {
    let base = name.map(str::to_string).unwrap_or_else(|| {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
        let stem = if stem == "openapi" || stem == "swagger" {
            spec.parent()
                .and_then(|p| p.file_name())
                .and_then(|s| s.to_str())
                .unwrap_or("api")
        } else {
            stem
        };
        format!("{stem}-client")
    });
    let cleaned: String = base
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let trimmed = cleaned.trim_matches('-');
    if trimmed.is_empty() || trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Reads, bundles and normalizes the document: its file name and the result.
fn load(options: &Standalone) -> Result<(String, regen::Prepared)> {
    let spec_dir = options
        .spec
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let file = options
        .spec
        .file_name()
        .and_then(|f| f.to_str())
        .ok_or_else(|| Error::Config {
            file: options.spec.display().to_string(),
            message: "not a file name".to_string(),
        })?
        .to_string();
    let bytes = std::fs::read(&options.spec).map_err(|e| Error::io(&options.spec, e))?;
    let loader = |name: &str| -> Result<Vec<u8>> {
        std::fs::read(spec_dir.join(name)).map_err(|e| Error::io(name, e))
    };
    let prepared = regen::prepare_selected(&file, &bytes, None, &loader, options.select.as_ref())?;
    Ok((file, prepared))
}

/// `--explain`: the normalization passes and every change they make to the
/// document, whether or not it then generates.
pub fn explain(options: &Standalone) -> Result<String> {
    let (file, prepared) = load(options)?;
    let mut out = regen::explain_passes();
    out.push_str(&format!("\n{file}:\n"));
    if let Some(selected) = &prepared.selected {
        out.push_str(&regen::report::explain_selected(selected));
    }
    regen::explain_changes(&mut out, &prepared.overlay, &prepared.normalized);
    if prepared.normalized.is_empty() {
        out.push_str("  (nothing to change)\n");
    }
    Ok(out)
}

/// Generates the crate; returns its summary row.
pub fn run(options: &Standalone) -> Result<Row> {
    let start = Instant::now();
    let (file, prepared) = load(options)?;
    let package = crate_name(&options.spec, options.name.as_deref());
    let default_base_url = prepared
        .value
        .pointer("/servers/0/url")
        .and_then(|v| v.as_str())
        .filter(|u| u.starts_with("http"))
        .unwrap_or("http://localhost")
        .to_string();
    let env = format!(
        "{}_API_KEY",
        package
            .trim_end_matches("-client")
            .to_ascii_uppercase()
            .replace('-', "_")
    );
    let provider = Provider {
        name: package.clone(),
        package: package.clone(),
        dir: ".".to_string(),
        module: None,
        document: file.clone(),
        overlay: None,
        upstream: None,
        maintained: None,
        api_key_env: env,
        default_base_url: default_base_url.clone(),
        base_urls: Vec::new(),
        envelope: None,
        select: options.select.clone(),
    };
    let generators = regen::generator_versions(&options.root);
    let built = regen::build_prepared(&provider, prepared, &generators, false, start, None)?;
    let mut files: Vec<FileOut> = built
        .files
        .iter()
        .map(|f| FileOut {
            rel: f.rel.trim_start_matches("./").to_string(),
            contents: f.contents.clone(),
        })
        .collect();
    files.push(FileOut {
        rel: "Cargo.toml".to_string(),
        contents: manifest(&options.root, &package, &built.files)?,
    });
    files.push(FileOut {
        rel: "src/lib.rs".to_string(),
        contents: LIB_RS
            .replace("{modules}", GENERATED_MODULES)
            .replace("{document}", &file),
    });
    if let Ok(lock) = std::fs::read_to_string(options.root.join("Cargo.lock")) {
        files.push(FileOut {
            rel: "Cargo.lock".to_string(),
            contents: lock,
        });
    }
    write::write_all(&options.out, &files)?;
    Ok(built.row)
}

const LIB_RS: &str = r#"//! Client generated by `cargo xtask regen --spec` from `{document}`.

{modules}
cloud_clusters_core::provider_client!();
"#;

/// The part of a client crate's `src/lib.rs` that declares the generated
/// modules and re-exports the runtime's names (standalone crates and `cargo
/// xtask add` write it alike).
pub const GENERATED_MODULES: &str = r#"// Written by `cargo xtask regen` and formatted by it: rustfmt leaves it alone.
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
mod generated;
pub use generated::*;

/// httpmock helpers: `MockServerExt` adds one typed method per operation to `httpmock::MockServer`.
#[cfg(feature = "mock")]
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all, unused_imports, dead_code)]
#[path = "generated_mock.rs"]
pub mod mock;

pub use cloud_clusters_core::{ApiKey, ClientOptions, ConfigError, RequestSecret, SecretString};
"#;

/// `Cargo.toml` of the standalone crate, with this workspace's dependency versions.
fn manifest(root: &Path, package: &str, generated: &[FileOut]) -> Result<String> {
    let file = "Cargo.toml";
    let text = std::fs::read_to_string(root.join(file)).map_err(|e| Error::io(file, e))?;
    let table: toml::Table = crate::shared::toml_file::from_toml(file, &text)?;
    let deps = table
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();
    let dep = |name: &str, optional: bool| -> String {
        let mut entry = match deps.get(name) {
            Some(toml::Value::String(v)) => {
                let mut t = toml::Table::new();
                t.insert("version".into(), toml::Value::String(v.clone()));
                t
            }
            Some(toml::Value::Table(t)) => t.clone(),
            _ => {
                let mut t = toml::Table::new();
                t.insert("version".into(), toml::Value::String("*".into()));
                t
            }
        };
        entry.remove("path");
        if optional {
            entry.insert("optional".into(), toml::Value::Boolean(true));
        }
        format!("{name} = {}", inline(&entry))
    };
    let core = root.join("crates/core");
    let core = core.canonicalize().unwrap_or(core);
    let mut lines = vec![
        "[package]".to_string(),
        format!("name = {package:?}"),
        "version = \"0.1.0\"".to_string(),
        "edition = \"2024\"".to_string(),
        "publish = false".to_string(),
        String::new(),
        "# Not part of any enclosing workspace.".to_string(),
        "[workspace]".to_string(),
        String::new(),
        "[features]".to_string(),
        "mock = [\"dep:httpmock\", \"dep:regex\"]".to_string(),
        String::new(),
        "[dependencies]".to_string(),
        format!(
            "cloud-clusters-core = {{ path = {:?} }}",
            core.display().to_string()
        ),
        dep("progenitor-client", false),
        dep("reqwest", false),
        dep("serde", false),
        dep("serde_json", false),
    ];
    for optional in used_dependencies(generated.iter().map(|f| f.contents.as_str())) {
        lines.push(if deps.contains_key(optional.name) {
            dep(optional.name, false)
        } else {
            format!("{} = {}", optional.name, optional.fallback)
        });
    }
    lines.push(dep("httpmock", true));
    lines.push(dep("regex", true));
    Ok(lines.join("\n") + "\n")
}

/// A TOML inline table (strings, booleans, arrays of those).
fn inline(table: &toml::Table) -> String {
    fn value(v: &toml::Value) -> String {
        match v {
            toml::Value::String(s) => format!("{s:?}"),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Array(items) => {
                format!(
                    "[{}]",
                    items.iter().map(value).collect::<Vec<_>>().join(", ")
                )
            }
            toml::Value::Table(t) => inline(t),
            other => format!("{:?}", other.to_string()),
        }
    }
    let fields: Vec<String> = table
        .iter()
        .map(|(k, v)| format!("{k} = {}", value(v)))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_file_or_its_folder() {
        assert_eq!(
            crate_name(Path::new("specs/acme/openapi.yaml"), None),
            "acme-client"
        );
        assert_eq!(
            crate_name(Path::new("/tmp/Vast AI.json"), None),
            "vast-ai-client"
        );
        assert_eq!(crate_name(Path::new("x.json"), Some("My_API")), "my-api");
        assert_eq!(crate_name(Path::new("3d.json"), None), "api-3d-client");
    }
}
