//! The version bump a spec change asks of a provider crate, from its diff report.
//!
//! A crate's public API is its generated code, so the bump follows what each
//! change does to code that compiles today: **major** when any change may stop
//! it compiling (`still compiles: no` or `maybe`: a removed method, a renamed
//! type, a new required field, a new variant of an enum users match on),
//! **minor** when items are only added (a new method, an optional field, a
//! variant of an open enum), **patch** otherwise (documentation, deprecations,
//! looser limits).

use std::fmt;

use super::{Change, Compiles, Report};

/// A semantic-versioning bump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing the Rust API offers changed in a way code can notice.
    Patch,
    /// Items were added; existing code still compiles.
    Minor,
    /// Existing code may stop compiling.
    Major,
}

impl Bump {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// `version` with this bump applied (`0.x` crates bump the minor number for
    /// a breaking change and the patch number otherwise, as Cargo reads them).
    pub fn apply(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        let bumped = match (self, major) {
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, 0) => (0, minor, patch + 1),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", bumped.0, bumped.1, bumped.2))
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a change only adds to the Rust API.
fn adds(change: &Change) -> bool {
    change.rule.contains("added") || change.rule.starts_with("new-optional")
}

/// The bump one change asks for.
pub fn of_change(change: &Change) -> Bump {
    match change.rust.compiles {
        Compiles::No | Compiles::Maybe => Bump::Major,
        Compiles::Yes if adds(change) => Bump::Minor,
        Compiles::Yes => Bump::Patch,
    }
}

/// The bump a whole report asks for: the largest of its changes'.
pub fn of_report(report: &Report) -> Bump {
    report
        .changes
        .iter()
        .map(of_change)
        .max()
        .unwrap_or(Bump::Patch)
}

/// One line: the bump and why.
pub fn explain(report: &Report) -> String {
    let bump = of_report(report);
    let count = report
        .changes
        .iter()
        .filter(|c| of_change(c) == bump)
        .count();
    let why = match bump {
        Bump::Major => format!("{count} change(s) may break code that compiles today"),
        Bump::Minor => format!("{count} change(s) add to the API; nothing existing breaks"),
        Bump::Patch if report.changes.is_empty() => "no change".to_string(),
        Bump::Patch => format!(
            "{} change(s), none visible to code that compiles today",
            report.changes.len()
        ),
    };
    format!("{bump}: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Level, Rust, Side};

    fn change(rule: &str, compiles: Compiles) -> Change {
        Change {
            rule: rule.into(),
            level: Level::Info,
            message: String::new(),
            pointer: String::new(),
            side: Side::Head,
            operations: Vec::new(),
            rust: Rust {
                items: Vec::new(),
                compiles,
                note: String::new(),
            },
        }
    }

    fn report(changes: Vec<Change>) -> Report {
        Report {
            base: "a".into(),
            head: "b".into(),
            changes,
            selection: None,
        }
    }

    #[test]
    fn the_largest_change_decides() {
        assert_eq!(of_report(&report(vec![])), Bump::Patch);
        let docs = change("endpoint-deprecated", Compiles::Yes);
        let added = change("endpoint-added", Compiles::Yes);
        let broken = change("api-removed-without-deprecation", Compiles::No);
        let maybe = change("response-property-enum-value-added", Compiles::Maybe);
        assert_eq!(of_report(&report(vec![docs.clone()])), Bump::Patch);
        assert_eq!(
            of_report(&report(vec![docs.clone(), added.clone()])),
            Bump::Minor
        );
        assert_eq!(of_report(&report(vec![added.clone(), maybe])), Bump::Major);
        assert_eq!(
            explain(&report(vec![docs, added, broken])),
            "major: 1 change(s) may break code that compiles today"
        );
    }

    #[test]
    fn versions_bump_as_cargo_reads_them() {
        assert_eq!(Bump::Major.apply("0.1.0").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.apply("0.1.0").as_deref(), Some("0.1.1"));
        assert_eq!(Bump::Major.apply("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.apply("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Patch.apply("1.4.2-rc.1").as_deref(), Some("1.4.3"));
        assert_eq!(Bump::Patch.apply("x"), None);
    }
}
