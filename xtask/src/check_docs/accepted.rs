//! `deviations.toml` beside the pages: the disagreements the document keeps on purpose.
//!
//! ```toml
//! [[accepted]]
//! page = "create-serverless-cluster.md"
//! reason = "Why the document says otherwise (see the x-decision on ...)."
//! lines = [
//!     "request.plan: field: docs say (absent), document says string",
//! ]
//! ```
//!
//! Each line is a disagreement exactly as check-docs prints it, without the page, line
//! number and location. An accepted disagreement is printed as a note with its reason
//! instead of failing the check. A line that matches nothing is stale and fails the
//! check, so the list only ever holds deviations that still exist, each with a reason.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::shared::error::{Error, Result};

use super::page::collapse;

/// The file name, in a provider's docs folder.
pub const FILE_NAME: &str = "deviations.toml";

/// A folder beside [`FILE_NAME`] whose `*.toml` files add more accepted deviations
/// (one file per group of pages, so that groups are reviewed on their own).
pub const DIR_NAME: &str = "deviations";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileModel {
    #[serde(default)]
    accepted: Vec<Entry>,
}

/// One group of accepted disagreements sharing a reason.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The page's file name, in the same folder.
    pub page: String,
    /// Why the document deviates from the page.
    pub reason: String,
    /// The disagreements, as check-docs prints them after `page:line: `.
    pub lines: Vec<String>,
}

/// The accepted disagreements of one docs folder.
#[derive(Debug, Default)]
pub struct Accepted {
    /// The file, relative to the workspace root (empty when there is none).
    pub file: String,
    /// The entries, each with the file that lists it.
    entries: Vec<(String, Entry)>,
    used: BTreeSet<(String, String)>,
}

/// An accepted line that matched no disagreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The `deviations.toml` file.
    pub file: String,
    /// The page it names.
    pub page: String,
    /// The line.
    pub line: String,
}

impl Accepted {
    /// Parses `deviations.toml`; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let model: FileModel = crate::shared::toml_file::from_toml(file, text)?;
        let bad = |message: String| Error::Config {
            file: file.to_string(),
            message,
        };
        let mut seen = BTreeSet::new();
        for entry in &model.accepted {
            if entry.page.contains('/') || !entry.page.ends_with(".md") {
                return Err(bad(format!(
                    "page {:?} must be the file name of a page in this folder (*.md)",
                    entry.page
                )));
            }
            if entry.reason.trim().is_empty() {
                return Err(bad(format!(
                    "{}: every accepted deviation needs a reason",
                    entry.page
                )));
            }
            if entry.lines.is_empty() {
                return Err(bad(format!("{}: an entry lists no lines", entry.page)));
            }
            for line in &entry.lines {
                if !seen.insert((entry.page.clone(), collapse(line))) {
                    return Err(bad(format!("{}: {line:?} is accepted twice", entry.page)));
                }
            }
        }
        Ok(Accepted {
            file: file.to_string(),
            entries: model
                .accepted
                .into_iter()
                .map(|e| (file.to_string(), e))
                .collect(),
            used: BTreeSet::new(),
        })
    }

    /// Adds the entries of `other` (another file of the same folder); a line
    /// accepted for the same page in both is an error naming both files.
    pub fn merge(&mut self, other: Accepted) -> Result<()> {
        for (file, entry) in other.entries {
            for line in &entry.lines {
                let key = collapse(line);
                if let Some((first, _)) = self.entries.iter().find(|(_, e)| {
                    e.page == entry.page && e.lines.iter().any(|l| collapse(l) == key)
                }) {
                    return Err(Error::Config {
                        file: file.clone(),
                        message: format!(
                            "{}: {line:?} is accepted here and in {first}",
                            entry.page
                        ),
                    });
                }
            }
            self.entries.push((file, entry));
        }
        Ok(())
    }

    /// The pages the file names.
    pub fn pages(&self) -> BTreeSet<&str> {
        self.entries.iter().map(|(_, e)| e.page.as_str()).collect()
    }

    /// The file (relative to the workspace root) of the first entry naming `page`.
    pub fn file_of(&self, page: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(_, e)| e.page == page)
            .map(|(file, _)| file.as_str())
    }

    /// The reason `key` is accepted on `page`, if it is; remembers it was used.
    pub fn reason(&mut self, page: &str, key: &str) -> Option<String> {
        let key = collapse(key);
        let (_, entry) = self
            .entries
            .iter()
            .find(|(_, e)| e.page == page && e.lines.iter().any(|l| collapse(l) == key))?;
        let reason = collapse(&entry.reason);
        self.used.insert((page.to_string(), key));
        Some(reason)
    }

    /// The lines of `pages` (the pages that were compared) that matched nothing.
    pub fn stale(&self, pages: &BTreeSet<String>) -> Vec<Stale> {
        self.entries
            .iter()
            .filter(|(_, e)| pages.contains(&e.page))
            .flat_map(|(file, e)| e.lines.iter().map(move |l| (file, e, l)))
            .filter(|(_, e, l)| !self.used.contains(&(e.page.clone(), collapse(l))))
            .map(|(file, e, l)| Stale {
                file: file.clone(),
                page: e.page.clone(),
                line: l.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[accepted]]
page = "a.md"
reason = "on purpose"
lines = ["request.x: field: docs say (absent), document says string", 'errors.1: code: docs say (absent), document says "One."']
"#;

    #[test]
    fn matches_lines_and_reports_the_unused() {
        let mut a = Accepted::parse("d.toml", FILE).expect("parses");
        assert_eq!(
            a.reason(
                "a.md",
                "request.x: field: docs say (absent), document says  string"
            )
            .as_deref(),
            Some("on purpose"),
            "whitespace does not matter"
        );
        assert_eq!(a.reason("b.md", "request.x: field"), None);
        let pages: BTreeSet<String> = ["a.md".to_string()].into();
        let stale = a.stale(&pages);
        assert_eq!(stale.len(), 1);
        assert!(stale[0].line.starts_with("errors.1"));
        assert!(
            a.stale(&BTreeSet::new()).is_empty(),
            "unchecked pages are not stale"
        );
    }

    #[test]
    fn refuses_entries_without_reason_or_with_paths() {
        let no_reason = FILE.replace("on purpose", " ");
        assert!(
            Accepted::parse("d.toml", &no_reason)
                .expect_err("no reason")
                .to_string()
                .contains("needs a reason")
        );
        let path = FILE.replace("\"a.md\"", "\"../a.md\"");
        assert!(Accepted::parse("d.toml", &path).is_err());
        let twice = format!("{FILE}{FILE}");
        assert!(
            Accepted::parse("d.toml", &twice)
                .expect_err("twice")
                .to_string()
                .contains("accepted twice")
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = Accepted::parse("d.toml", "[[accepted]]\npage = \n").expect_err("bad");
        match err {
            Error::Parse { file, line, .. } => {
                assert_eq!(file, "d.toml");
                assert_eq!(line, 2);
            }
            other => panic!("expected a parse error, got {other}"),
        }
        assert!(Accepted::parse("d.toml", "colour = 1\n").is_err());
    }
}
