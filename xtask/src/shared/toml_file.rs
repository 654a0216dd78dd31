//! Reading TOML files (`specs/providers.toml`, `docs/deviations.toml`, the
//! manifests `cargo xtask add` edits) with the file, line and column in errors.

use crate::shared::error::{Error, Result, line_column};

/// Deserializes the TOML `text` of `file`; an error names the file, line and column.
pub fn from_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        Error::Parse {
            file: file.to_string(),
            line,
            column,
            message: e.message().to_string(),
        }
    })
}
