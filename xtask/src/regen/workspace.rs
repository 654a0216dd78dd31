//! What regen reads from the workspace around the documents: the generator
//! versions for the provenance header (`Cargo.lock`), and the provider crate's
//! manifest, which must declare the optional crates the generated code uses.

use std::path::Path;

use super::Built;
use crate::shared::config::Provider;
use crate::shared::error::{Error, Result};

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

/// A crate generated code may use, beyond the ones every client crate has.
pub struct OptionalDependency {
    /// The crate's name.
    pub name: &'static str,
    /// Text that appears in generated code only when it uses the crate.
    pub marker: &'static str,
    /// The requirement a standalone crate gets when the workspace's
    /// `[workspace.dependencies]` does not name the crate.
    pub fallback: &'static str,
}

/// What typify and progenitor's output may use: dates, patterns and UUIDs in
/// types; `futures` in paginated streams; `base64` and `rand` in websocket
/// upgrades.
pub const OPTIONAL_DEPENDENCIES: [OptionalDependency; 6] = [
    OptionalDependency {
        name: "chrono",
        marker: "::chrono::",
        fallback: r#"{ version = "0.4", default-features = false, features = ["serde", "std"] }"#,
    },
    OptionalDependency {
        name: "regress",
        marker: "::regress::",
        fallback: r#"{ version = "0.12" }"#,
    },
    OptionalDependency {
        name: "uuid",
        marker: "::uuid::",
        fallback: r#"{ version = "1", features = ["serde"] }"#,
    },
    OptionalDependency {
        name: "futures",
        marker: "futures::",
        fallback: r#"{ version = "0.3" }"#,
    },
    OptionalDependency {
        name: "base64",
        marker: "::base64::",
        fallback: r#"{ version = "0.22" }"#,
    },
    OptionalDependency {
        name: "rand",
        marker: "::rand::",
        fallback: r#"{ version = "0.9" }"#,
    },
];

/// The optional crates that `files` use.
pub fn used_dependencies<'a>(
    files: impl Iterator<Item = &'a str> + Clone,
) -> impl Iterator<Item = &'static OptionalDependency> {
    OPTIONAL_DEPENDENCIES
        .iter()
        .filter(move |d| files.clone().any(|f| f.contains(d.marker)))
}

/// Generated code that uses an optional crate needs the provider crate to
/// depend on it: say so now, naming the manifest, rather than leave a compile
/// error.
pub fn check_dependencies(root: &Path, provider: &Provider, built: &Built) -> Result<()> {
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
    for dependency in used_dependencies(built.files.iter().map(|f| f.contents.as_str())) {
        let name = dependency.name;
        if !declared(name) {
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
