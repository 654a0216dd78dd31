//! `specs/providers.toml`: the one place that says what each provider is.
//!
//! Nothing about a provider is hard-coded in Rust: its crate, document, overlay,
//! base URLs and API-key variable all come from here.

use std::path::Path;

use serde::Deserialize;

use crate::shared::error::{Error, Result};
use crate::shared::toml_file;

/// The path of the providers file, relative to the workspace root.
pub const PROVIDERS_FILE: &str = "specs/providers.toml";

/// The whole providers file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Providers {
    /// One entry per provider, in the order runs report them.
    #[serde(rename = "provider")]
    pub providers: Vec<Provider>,
}

/// One provider: a document, and the crate generated from it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Short name used on the command line and in `SPEC.provider`, e.g. `zilliz-v1`.
    pub name: String,
    /// The package name of the generated crate, e.g. `cloud-clusters-zilliz-v1`.
    #[serde(rename = "crate")]
    pub package: String,
    /// The crate's folder, relative to the workspace root.
    pub dir: String,
    /// Generate into `src/<module>/` of the crate instead of `src/` (several
    /// documents in one crate: the normalization corpus).
    #[serde(default)]
    pub module: Option<String>,
    /// The OpenAPI document, relative to the workspace root (`.json`, `.yaml` or `.yml`).
    pub document: String,
    /// An OpenAPI Overlay 1.0 file applied before normalization.
    #[serde(default)]
    pub overlay: Option<String>,
    /// Where the vendor publishes the document, if it publishes one.
    #[serde(default)]
    pub upstream: Option<String>,
    /// How the document is kept when there is no upstream (e.g. hand-authored from docs).
    #[serde(default)]
    pub maintained: Option<String>,
    /// The environment variable that holds the API key.
    pub api_key_env: String,
    /// The base URL a client uses unless told otherwise.
    pub default_base_url: String,
    /// Every documented base URL (sites, regional templates).
    #[serde(default)]
    pub base_urls: Vec<BaseUrl>,
    /// The provider wraps answers in `{code, data}` / `{code, message}` envelopes.
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// Generate only part of the document: the operations named by tag, path
    /// prefix or operationId, and the components they reach.
    #[serde(default)]
    pub select: Option<crate::regen::select::Selection>,
}

/// How a provider's envelopes look.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The component schema of the error envelope (`{code, message}`).
    pub error: String,
    /// The `code` a success carries.
    pub success_code: i64,
}

/// A documented base URL.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseUrl {
    /// A short name: `global`, `china`, ...
    pub name: String,
    /// The URL, possibly with `{variable}` placeholders.
    pub url: String,
}

impl Provider {
    /// The crate's name as a Rust path segment (`-` → `_`).
    pub fn crate_ident(&self) -> String {
        self.package.replace('-', "_")
    }
}

/// Reads and checks `specs/providers.toml` under `root`.
pub fn load(root: &Path) -> Result<Providers> {
    load_file(root, PROVIDERS_FILE)
}

/// Reads and checks a providers file (`file` relative to `root`).
pub fn load_file(root: &Path, file: &str) -> Result<Providers> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|e| Error::io(file, e))?;
    parse_file(file, &text)
}

/// Parses and checks the text of `specs/providers.toml`.
pub fn parse(text: &str) -> Result<Providers> {
    parse_file(PROVIDERS_FILE, text)
}

/// Parses and checks the text of a providers file; `file` names it in errors.
pub fn parse_file(file: &str, text: &str) -> Result<Providers> {
    let providers: Providers = toml_file::from_toml(file, text)?;
    check(file, &providers)?;
    Ok(providers)
}

fn check(file: &str, providers: &Providers) -> Result<()> {
    let bad = |message: String| Error::Config {
        file: file.to_string(),
        message,
    };
    let mut seen = std::collections::BTreeSet::new();
    for p in &providers.providers {
        let valid_name = !p.name.is_empty()
            && p.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_name {
            return Err(bad(format!(
                "provider name {:?} must be lower-case letters, digits and '-'",
                p.name
            )));
        }
        if !seen.insert(p.name.clone()) {
            return Err(bad(format!("provider {:?} is listed twice", p.name)));
        }
        for (what, path) in [
            ("document", Some(&p.document)),
            ("overlay", p.overlay.as_ref()),
        ] {
            if let Some(path) = path
                && (path.starts_with('/') || path.split('/').any(|s| s == ".."))
            {
                return Err(bad(format!(
                    "{}: {what} {path:?} must be a path inside the workspace",
                    p.name
                )));
            }
        }
        if let Some(m) = &p.module
            && (m.is_empty()
                || !m
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
        {
            return Err(bad(format!(
                "{}: module {m:?} must be a Rust module name",
                p.name
            )));
        }
        if let Some(selection) = &p.select {
            selection.check(file).map_err(|e| match e {
                Error::Config { message, .. } => bad(format!("{}: {message}", p.name)),
                other => other,
            })?;
        }
        if p.api_key_env.is_empty() || p.default_base_url.is_empty() {
            return Err(bad(format!(
                "{}: api_key_env and default_base_url must not be empty",
                p.name
            )));
        }
    }
    Ok(())
}

impl Providers {
    /// The providers a run covers: all of them, or the one named.
    pub fn select(&self, name: Option<&str>) -> Result<Vec<&Provider>> {
        match name {
            None => Ok(self.providers.iter().collect()),
            Some(name) => self
                .providers
                .iter()
                .find(|p| p.name == name)
                .map(|p| vec![p])
                .ok_or_else(|| Error::Config {
                    file: PROVIDERS_FILE.to_string(),
                    message: format!(
                        "no provider named {name:?} (known: {})",
                        self.providers
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[provider]]
name = "together"
crate = "cloud-clusters-together"
dir = "crates/together"
document = "specs/together/openapi.yaml"
api_key_env = "TOGETHER_API_KEY"
default_base_url = "https://manager.cloud.together.ai"
"#;

    #[test]
    fn parses_a_provider() {
        let p = parse(ONE).expect("valid");
        assert_eq!(p.providers.len(), 1);
        assert_eq!(p.providers[0].crate_ident(), "cloud_clusters_together");
        assert!(p.select(Some("together")).is_ok());
        let err = p.select(Some("nope")).unwrap_err().to_string();
        assert!(err.contains("known: together"), "{err}");
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let text = format!("{ONE}colour = \"red\"\n");
        let err = parse(&text).unwrap_err();
        match err {
            Error::Parse { line, .. } => assert!(line >= 2, "{err}"),
            other => panic!("expected a parse error, got {other}"),
        }
    }

    #[test]
    fn duplicate_names_and_escaping_paths_are_refused() {
        let twice = format!("{ONE}{ONE}");
        assert!(
            parse(&twice)
                .unwrap_err()
                .to_string()
                .contains("listed twice")
        );
        let escaping = ONE.replace("specs/together/openapi.yaml", "../elsewhere.yaml");
        assert!(
            parse(&escaping)
                .unwrap_err()
                .to_string()
                .contains("inside the workspace")
        );
    }
}
