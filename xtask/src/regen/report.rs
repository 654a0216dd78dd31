//! What a run reports: one row per provider, the summary table it ends with,
//! and what `--explain` prints.

use super::normalize::{self, Change};
use super::overlay::Applied;
use super::rewrite::mock_fixes::Mended;

/// One provider's part of a run.
#[derive(Clone, Debug)]
pub struct Row {
    /// The provider's name.
    pub provider: String,
    /// Operations in its document.
    pub operations: usize,
    /// Types generated.
    pub types: usize,
    /// Lines of generated code (client and mocks).
    pub lines: usize,
    /// Whether any generated file differs from what was on disk.
    pub changed: bool,
    /// Milliseconds this provider took, from reading to formatting.
    pub millis: u128,
    /// What the overlay did.
    pub overlay: Vec<Applied>,
    /// What normalization did.
    pub normalized: Vec<Change>,
    /// Response-only enums that accept unlisted values.
    pub opened_enums: Vec<String>,
    /// Response unions that implement `Envelope`.
    pub envelopes: Vec<String>,
    /// Operations left out, with the reason.
    pub skipped: Vec<String>,
    /// Items typify generated twice, removed ([`super::rewrite::dedupe`]).
    pub duplicates_removed: Vec<String>,
    /// What was mended in the httpmock helpers ([`super::rewrite::mock_fixes`]).
    pub mocks_mended: Mended,
    /// What the provider's selection kept and left out, if it has one.
    pub selected: Option<super::select::Selected>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// One row per provider.
    pub rows: Vec<Row>,
    /// `--check`: unified diffs of the stale files.
    pub diffs: Vec<String>,
    /// `--check`: the stale files.
    pub stale: Vec<String>,
    /// Wall time of the whole run, in milliseconds.
    pub millis: u128,
}

/// The list of normalization passes, with what each rewrites.
pub fn explain_passes() -> String {
    let mut out = String::from("normalization passes, in order:\n");
    for pass in normalize::PASSES {
        out.push_str(&format!("  {:<17} {}\n", pass.name, pass.summary));
    }
    out
}

/// Appends one line per overlay action and per normalization change to `out`.
pub fn explain_changes(out: &mut String, overlay: &[Applied], normalized: &[Change]) {
    for a in overlay {
        out.push_str(&format!(
            "  overlay {:<8} {} ({} node(s)): {}\n",
            a.kind,
            a.target,
            a.pointers.len(),
            a.description
        ));
    }
    for c in normalized {
        out.push_str(&format!("  {:<17} {}: {}\n", c.pass, c.pointer, c.message));
    }
}

/// The summary table a run ends with.
pub fn table(report: &Report) -> String {
    let mut out = format!(
        "{:<14} {:>10} {:>7} {:>6} {:>7} {:>8} {:>6}\n",
        "provider", "operations", "skipped", "types", "lines", "changed", "ms"
    );
    for r in &report.rows {
        out.push_str(&format!(
            "{:<14} {:>10} {:>7} {:>6} {:>7} {:>8} {:>6}\n",
            r.provider,
            r.operations,
            r.skipped.len(),
            r.types,
            r.lines,
            if r.changed { "yes" } else { "no" },
            r.millis
        ));
    }
    for r in &report.rows {
        for s in &r.skipped {
            out.push_str(&format!("skipped in {}: {s}\n", r.provider));
        }
    }
    out.push_str(&format!("total {} ms\n", report.millis));
    out
}

/// What `--explain` prints: every pass, then what the overlay and each pass changed.
pub fn explain(report: &Report) -> String {
    let mut out = explain_passes();
    for r in &report.rows {
        out.push_str(&format!("\n{}:\n", r.provider));
        if let Some(selected) = &r.selected {
            out.push_str(&explain_selected(selected));
        }
        explain_changes(&mut out, &r.overlay, &r.normalized);
        out.push_str(&explain_generated(r));
        if r.overlay.is_empty() && r.normalized.is_empty() && r.opened_enums.is_empty() {
            out.push_str("  (nothing to change)\n");
        }
    }
    out
}

/// What a selection kept, and the name of everything it left out.
pub fn explain_selected(s: &super::select::Selected) -> String {
    let mut out = format!("  select            {}\n", s.summary());
    if !s.left_out_operations.is_empty() {
        out.push_str(&format!(
            "                    operations left out: {}\n",
            s.left_out_operations.join(", ")
        ));
    }
    if !s.left_out_components.is_empty() {
        out.push_str(&format!(
            "                    components left out: {}\n",
            s.left_out_components.join(", ")
        ));
    }
    out
}

/// What the steps after progenitor changed in a provider's generated code.
pub fn explain_generated(r: &Row) -> String {
    let mut out = String::new();
    if !r.opened_enums.is_empty() {
        out.push_str(&format!(
            "  open-enums        response-only enums that accept unlisted values: {}\n",
            r.opened_enums.join(", ")
        ));
    }
    if !r.envelopes.is_empty() {
        out.push_str(&format!(
            "  envelopes         {} response unions implement Envelope ({})\n",
            r.envelopes.len(),
            r.envelopes.join(", ")
        ));
    }
    if !r.duplicates_removed.is_empty() {
        out.push_str(&format!(
            "  duplicates        items generated twice, removed: {}\n",
            r.duplicates_removed.join(", ")
        ));
    }
    let m = &r.mocks_mended;
    if !m.is_empty() {
        out.push_str(&format!(
            "  mock-fixes        httpmock helpers mended: {} bodies by reference, {} array queries, {} path values escaped, {} values matched by their JSON form\n",
            m.bodies_by_reference, m.array_queries, m.escaped_paths, m.serialized_values
        ));
        for name in &m.renamed {
            out.push_str(&format!(
                "  mock-fixes        MockServerExt::{name} → {name}_operation (httpmock's own `{name}` would shadow it)\n"
            ));
        }
    }
    out
}
