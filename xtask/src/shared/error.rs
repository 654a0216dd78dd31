//! The one error type of the xtask: every failure names the file, and where it can, the place in it.

use std::path::PathBuf;

/// Everything that can go wrong in a regen or a review.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file is not well-formed JSON, YAML or TOML.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file, relative to the workspace root where possible.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// `specs/providers.toml` is well-formed but says something impossible.
    #[error("{file}: {message}")]
    Config {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A document (or overlay) parses but is not what it should be at a given place.
    #[error("{file}#{pointer}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// JSON pointer (RFC 6901) to the offending value; empty for the root.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// progenitor refused or panicked on a provider's document.
    #[error("{provider}: progenitor failed{}: {message}", fmt_operations(.operations))]
    Generate {
        /// The provider's name.
        provider: String,
        /// The operations found responsible (`METHOD /path (operationId)`), if any could be singled out.
        operations: Vec<String>,
        /// What progenitor said, or the panic message.
        message: String,
    },
    /// The generated Rust did not parse (a generator bug, never the user's input).
    #[error("{provider}: generated code does not parse: {message}")]
    Format {
        /// The provider's name.
        provider: String,
        /// What syn said.
        message: String,
    },
    /// `--check` found committed generated files that differ from a fresh generation.
    #[error("{} generated file(s) are stale or were edited by hand; run `cargo xtask regen`", .0.len())]
    Stale(Vec<String>),
}

fn fmt_operations(ops: &[String]) -> String {
    if ops.is_empty() {
        String::new()
    } else {
        format!(" on {}", ops.join(", "))
    }
}

/// Result alias of the xtask.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Escapes one JSON-pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON-pointer reference token (`~1` → `/`, `~0` → `~`).
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The unescaped reference tokens of a JSON pointer (`/a~1b/c` → `a/b`, `c`).
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(unescape_pointer_token)
        .collect()
}

/// Appends `token` to `pointer`.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(token))
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }
}
