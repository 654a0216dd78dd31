//! Where the two documents come from: files, the working tree, or git revisions
//! (`git cat-file blob REV:./path`, run in the workspace root).

use std::path::Path;
use std::process::Command;

use super::DiffError;
use crate::regen::select::Selection;
use crate::regen::{self, Prepared};
use crate::shared::config::Provider;

/// One side of a comparison, read and prepared.
#[derive(Debug)]
pub struct Loaded {
    /// How reports name it: `HEAD:specs/together/openapi.yaml`, a file path.
    pub label: String,
    /// The document after read → overlay → normalize.
    pub prepared: Prepared,
}

/// Where a provider's document is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revision {
    /// The working tree.
    Worktree,
    /// A git revision.
    Git(String),
}

/// Reads and prepares a plain file (no overlay); files its `$ref`s name are read
/// relative to it.
pub fn file(path: &str, selection: Option<&Selection>) -> Result<Loaded, DiffError> {
    let read = |name: &str| std::fs::read(name).map_err(|e| crate::Error::io(name, e));
    let bytes = read(path)?;
    Ok(Loaded {
        label: path.to_string(),
        prepared: regen::prepare_selected(path, &bytes, None, &read, selection)?,
    })
}

/// Reads and prepares a provider's document (and its overlay) at `revision`,
/// keeping what its selection selects.
pub fn provider(
    root: &Path,
    provider: &Provider,
    revision: &Revision,
) -> Result<Loaded, DiffError> {
    match revision {
        Revision::Worktree => {
            let prepared = regen::prepare_provider(root, provider)?;
            Ok(Loaded {
                label: format!("{} (working tree)", provider.document),
                prepared,
            })
        }
        Revision::Git(rev) => {
            verify(root, rev)?;
            let document = show(root, rev, &provider.document)?.ok_or_else(|| {
                DiffError::MissingAtRevision {
                    rev: rev.clone(),
                    path: provider.document.clone(),
                }
            })?;
            let overlay = match &provider.overlay {
                Some(path) => show(root, rev, path)?.map(|bytes| (format!("{rev}:{path}"), bytes)),
                None => None,
            };
            let file = format!("{rev}:{}", provider.document);
            let mut label = file.clone();
            if provider.overlay.is_some() && overlay.is_none() {
                label.push_str(" (no overlay at this revision)");
            }
            // A split document's other files are read at the same revision.
            let prefix = format!("{rev}:");
            let read = |name: &str| -> crate::Result<Vec<u8>> {
                let path = name.strip_prefix(&prefix).unwrap_or(name);
                match show(root, rev, path) {
                    Ok(Some(bytes)) => Ok(bytes),
                    Ok(None) => Err(crate::Error::Config {
                        file: name.to_string(),
                        message: format!("no such file at revision {rev}"),
                    }),
                    Err(e) => Err(crate::Error::Config {
                        file: name.to_string(),
                        message: e.to_string(),
                    }),
                }
            };
            let prepared = regen::prepare_selected(
                &file,
                &document,
                overlay.as_ref().map(|(f, b)| (f.as_str(), b.as_slice())),
                &read,
                provider.select.as_ref(),
            )?;
            Ok(Loaded { label, prepared })
        }
    }
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(root);
    command
}

/// Fails with [`DiffError::UnknownRevision`] unless `rev` names a commit.
pub fn verify(root: &Path, rev: &str) -> Result<(), DiffError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(DiffError::UnknownRevision {
            rev: rev.to_string(),
            detail: "not a revision".into(),
        });
    }
    let output = git(root)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| DiffError::Git(format!("cannot run git: {e}")))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(DiffError::UnknownRevision {
        rev: rev.to_string(),
        detail: if stderr.is_empty() {
            format!("no such commit in {}", root.display())
        } else {
            stderr
        },
    })
}

/// The bytes of `path` (relative to `root`) at `rev`; `None` when it does not exist there.
fn show(root: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, DiffError> {
    let output = git(root)
        .args(["cat-file", "blob"])
        .arg(format!("{rev}:./{path}"))
        .output()
        .map_err(|e| DiffError::Git(format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(Some(output.stdout))
    } else {
        Ok(None)
    }
}
