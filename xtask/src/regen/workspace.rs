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

/// The crates generated code may use, beyond the ones every provider crate has.
const OPTIONAL_DEPENDENCIES: [(&str, &str); 3] = [
    ("::chrono::", "chrono"),
    ("::regress::", "regress"),
    ("::uuid::", "uuid"),
];

/// Generated code that uses chrono, regress or uuid needs the crate to depend on
/// them: say so now, naming the manifest, rather than leave a compile error.
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
