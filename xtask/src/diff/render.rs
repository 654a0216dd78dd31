//! The three output formats: text (a terminal), Markdown (a pull-request comment)
//! and JSON (tools; schema version [`JSON_VERSION`]).

use serde_json::{Value, json};

use super::model::{Change, Compiles, Level, Report};

/// The `version` of the JSON output; bumped on any incompatible change to its shape.
pub const JSON_VERSION: u64 = 1;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts(report: &Report) -> String {
    Level::ALL
        .iter()
        .map(|l| format!("{} {l}", report.count(*l)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 breaks" / "3 break" code that compiles today.
fn breaks(report: &Report) -> String {
    let n = breaking_builds(report);
    format!("{n} {}", if n == 1 { "breaks" } else { "break" })
}

fn breaking_builds(report: &Report) -> usize {
    report
        .changes
        .iter()
        .filter(|c| c.rust.compiles == Compiles::No)
        .count()
}

/// `POST /a` or `POST /a (+2 more)`; empty for document-level changes.
fn endpoint(change: &Change) -> String {
    match change.operations.split_first() {
        None => String::new(),
        Some((first, [])) => first.endpoint(),
        Some((first, rest)) => format!("{} (+{} more)", first.endpoint(), rest.len()),
    }
}

fn level_title(level: Level) -> &'static str {
    match level {
        Level::Err => "breaks clients",
        Level::Warn => "may break clients",
        Level::Info => "safe",
    }
}

/// The text report: a summary line, then the changes grouped by level. ANSI
/// colours only when `color` (the caller checks that stdout is a terminal).
pub fn text(report: &Report, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = format!("{} → {}: ", report.base, report.head);
    if report.changes.is_empty() {
        out.push_str("no changes\n");
        if let Some(note) = &report.selection {
            out.push_str(&format!("{note}\n"));
        }
        return out;
    }
    out.push_str(&format!(
        "{} ({}); {} code that compiles today\n",
        plural(report.changes.len(), "change", "changes"),
        counts(report),
        breaks(report)
    ));
    if let Some(note) = &report.selection {
        out.push_str(&format!("{note}\n"));
    }
    for level in Level::ALL {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.level == level).collect();
        if changes.is_empty() {
            continue;
        }
        let code = match level {
            Level::Err => "1;31",
            Level::Warn => "1;33",
            Level::Info => "1;36",
        };
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            paint(code, level.as_str()),
            changes.len(),
            level_title(level)
        ));
        for c in changes {
            let at = endpoint(c);
            out.push_str(&format!(
                "  {}{}{}\n",
                paint("1", &c.rule),
                if at.is_empty() { "" } else { "  " },
                at
            ));
            out.push_str(&format!("    {}\n", c.message));
            out.push_str(&format!("    at {}#{}\n", c.side.as_str(), c.pointer));
            out.push_str(&format!(
                "    Rust: {} (still compiles: {}): {}\n",
                if c.rust.items.is_empty() {
                    "-".to_string()
                } else {
                    c.rust.items.join(", ")
                },
                c.rust.compiles.as_str(),
                c.rust.note
            ));
        }
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn code(s: &str) -> String {
    format!("`{}`", cell(s))
}

/// The Markdown report: a summary line, then one table per level.
pub fn markdown(report: &Report) -> String {
    let mut out = format!(
        "**Spec changes** {} → {}: ",
        code(&report.base),
        code(&report.head)
    );
    if report.changes.is_empty() {
        out.push_str("no changes.\n");
        if let Some(note) = &report.selection {
            out.push_str(&format!("\n{}\n", cell(note)));
        }
        return out;
    }
    out.push_str(&format!(
        "**{}** ({}); {} code that compiles today.\n",
        plural(report.changes.len(), "change", "changes"),
        counts(report),
        breaks(report)
    ));
    if let Some(note) = &report.selection {
        out.push_str(&format!("\n{}\n", cell(note)));
    }
    for level in Level::ALL {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.level == level).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n#### {} ({}): {}\n\n",
            level.as_str(),
            changes.len(),
            level_title(level)
        ));
        out.push_str("| Rule | Where | Change | Rust items | Still compiles? |\n");
        out.push_str("|---|---|---|---|---|\n");
        for c in changes {
            let at = endpoint(c);
            let place = if at.is_empty() {
                code(&format!("#{}", c.pointer))
            } else {
                format!("{}<br>{}", code(&at), code(&format!("#{}", c.pointer)))
            };
            let items = c
                .rust
                .items
                .iter()
                .map(|i| code(i))
                .collect::<Vec<_>>()
                .join("<br>");
            let compiles = match c.rust.compiles {
                Compiles::No => "**no**",
                Compiles::Maybe => "maybe",
                Compiles::Yes => "yes",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {}: {} |\n",
                code(&c.rule),
                place,
                cell(&c.message),
                items,
                compiles,
                cell(&c.rust.note)
            ));
        }
    }
    out
}

/// The JSON report (pretty-printed). Shape, version 1:
///
/// ```text
/// { "version": 1, "base": "<what>", "head": "<what>",
///   "summary": { "total": n, "ERR": n, "WARN": n, "INFO": n, "breaks_build": n },
///   "changes": [ { "rule": "new-required-request-property", "level": "ERR",
///                  "message": "...",
///                  "method": "POST" | null, "path": "/a" | null, "operation_id": "..." | null,
///                  "operations": ["POST /a", ...],
///                  "pointer": "/components/schemas/A/properties/b", "document": "base" | "head",
///                  "rust": { "items": ["types::A::b"], "compiles": "yes" | "maybe" | "no", "note": "..." } } ] }
/// ```
///
/// `method`/`path`/`operation_id` are the first affected operation's; `document`
/// says which document `pointer` points into (`base` for removals).
pub fn json(report: &Report) -> String {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            let first = c.operations.first();
            json!({
                "rule": c.rule,
                "level": c.level.as_str(),
                "message": c.message,
                "method": first.map(|o| o.method.clone()),
                "path": first.map(|o| o.path.clone()),
                "operation_id": first.map(|o| o.operation_id.clone()),
                "operations": c.operations.iter().map(|o| o.endpoint()).collect::<Vec<_>>(),
                "pointer": c.pointer,
                "document": c.side.as_str(),
                "rust": {
                    "items": c.rust.items,
                    "compiles": c.rust.compiles.as_str(),
                    "note": c.rust.note,
                },
            })
        })
        .collect();
    let value = json!({
        "version": JSON_VERSION,
        "base": report.base,
        "head": report.head,
        "selection": report.selection,
        "summary": {
            "total": report.changes.len(),
            "ERR": report.count(Level::Err),
            "WARN": report.count(Level::Warn),
            "INFO": report.count(Level::Info),
            "breaks_build": breaking_builds(report),
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
