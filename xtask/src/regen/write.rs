//! Stage 7: write generated files, all or nothing.
//!
//! Every provider is generated in memory first. Then each file is written to a
//! temporary sibling and renamed over the old one; if any step fails, every file
//! already replaced is restored from memory and the temporaries are removed, so a
//! failed run leaves the tree as it was.

use std::path::{Path, PathBuf};

use crate::shared::error::{Error, Result};

/// A file to write, relative to the workspace root.
#[derive(Clone, Debug)]
pub struct FileOut {
    /// Path relative to the root, with `/`.
    pub rel: String,
    /// The whole new contents.
    pub contents: String,
}

/// The files whose contents on disk differ from `files` (or that do not exist yet),
/// with what is on disk now.
pub fn changed<'a>(root: &Path, files: &'a [FileOut]) -> Vec<(&'a FileOut, Option<String>)> {
    files
        .iter()
        .filter_map(|f| {
            let old = std::fs::read_to_string(root.join(&f.rel)).ok();
            (old.as_deref() != Some(f.contents.as_str())).then_some((f, old))
        })
        .collect()
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.regen-tmp"))
}

/// Writes `files` under `root`: every file or none.
pub fn write_all(root: &Path, files: &[FileOut]) -> Result<()> {
    // Phase 1: temporaries beside their targets (same file system, so rename is atomic).
    let mut temps: Vec<(PathBuf, PathBuf, Option<Vec<u8>>)> = Vec::new();
    for f in files {
        let target = root.join(&f.rel);
        let temp = temp_path(&target);
        let result = (|| {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            std::fs::write(&temp, &f.contents).map_err(|e| Error::io(&temp, e))
        })();
        if let Err(e) = result {
            cleanup(&temps);
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        let old = std::fs::read(&target).ok();
        temps.push((temp, target, old));
    }
    // Phase 2: rename each over its target; undo everything on the first failure.
    for (done, (temp, target, _)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            restore(&temps[..done]);
            cleanup(&temps[done..]);
            return Err(Error::io(target, e));
        }
    }
    Ok(())
}

fn cleanup(temps: &[(PathBuf, PathBuf, Option<Vec<u8>>)]) {
    for (temp, _, _) in temps {
        let _ = std::fs::remove_file(temp);
    }
}

fn restore(replaced: &[(PathBuf, PathBuf, Option<Vec<u8>>)]) {
    for (_, target, old) in replaced {
        let _ = match old {
            Some(bytes) => std::fs::write(target, bytes),
            None => std::fs::remove_file(target),
        };
    }
}

/// A unified diff of `old` → `new` for `rel`, for `--check`.
pub fn unified_diff(rel: &str, old: Option<&str>, new: &str, max_lines: usize) -> String {
    let old = old.unwrap_or("");
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{rel} (committed)"),
            &format!("b/{rel} (regenerated)"),
        )
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > max_lines {
        format!(
            "{}\n… {} more diff lines",
            lines[..max_lines].join("\n"),
            lines.len() - max_lines
        )
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, contents: &str) -> FileOut {
        FileOut {
            rel: rel.to_string(),
            contents: contents.to_string(),
        }
    }

    #[test]
    fn writes_every_file_and_reports_changes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "old").unwrap();
        let files = [file("a.rs", "new"), file("sub/b.rs", "b")];
        assert_eq!(changed(dir.path(), &files).len(), 2);
        write_all(dir.path(), &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/b.rs")).unwrap(),
            "b"
        );
        assert!(changed(dir.path(), &files).is_empty());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".regen-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_failed_rename_restores_every_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "a-old").unwrap();
        // Injected failure: the second target is a non-empty directory, so renaming a file over it fails.
        std::fs::create_dir_all(dir.path().join("b.rs/inside")).unwrap();
        let files = [
            file("a.rs", "a-new"),
            file("b.rs", "b-new"),
            file("c.rs", "c-new"),
        ];
        let err = write_all(dir.path(), &files).unwrap_err();
        assert!(err.to_string().contains("b.rs"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            "a-old"
        );
        assert!(dir.path().join("b.rs/inside").is_dir());
        assert!(!dir.path().join("c.rs").exists());
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.rs", "b.rs"]);
    }

    #[test]
    fn diff_names_the_file_and_is_bounded() {
        let d = unified_diff("x.rs", Some("a\nb\n"), "a\nc\n", 100);
        assert!(
            d.contains("a/x.rs (committed)") && d.contains("-b") && d.contains("+c"),
            "{d}"
        );
        let long_new: String = (0..50).map(|i| format!("{i}\n")).collect();
        let d = unified_diff("x.rs", None, &long_new, 10);
        assert!(d.ends_with("more diff lines"), "{d}");
    }
}
