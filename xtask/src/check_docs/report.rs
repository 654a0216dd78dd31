//! Printing a check: one line per disagreement for people and CI logs, or JSON for tools.

use serde_json::{Value, json};

use super::compare::Disagreement;
use super::{PageReport, Report};

/// The report as text: per page, its disagreements (`page:line: path: aspect: docs say ...,
/// document says ... (location)`), then the accepted deviations and notes (`note: ...`);
/// then stale acceptances and a summary. Errors are not included (they go to stderr).
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for page in &report.pages {
        out.push_str(&format!(
            "checking {}: {} {}{}\n",
            page.file,
            page.method.to_uppercase(),
            page.path,
            page.operation_id
                .as_deref()
                .map(|id| format!(" ({id})"))
                .unwrap_or_default()
        ));
        for d in &page.disagreements {
            out.push_str(&format!("{}\n", line(&page.file, d)));
        }
        for (d, reason) in &page.accepted {
            out.push_str(&format!(
                "note: {}:{}: {} (accepted: {reason})\n",
                page.file,
                d.line,
                d.key()
            ));
        }
        for n in &page.notes {
            out.push_str(&format!("note: {}:{}: {}\n", page.file, n.line, n.message));
        }
    }
    for s in &report.stale {
        out.push_str(&format!(
            "{}: {}: accepted deviation no longer found (remove it, or restore what it accepted): {}\n",
            s.file, s.page, s.line
        ));
    }
    let disagreements: usize = report.pages.iter().map(|p| p.disagreements.len()).sum();
    let accepted: usize = report.pages.iter().map(|p| p.accepted.len()).sum();
    out.push_str(&format!(
        "check-docs: {} page(s) checked: {} disagreement(s), {} accepted deviation(s), {} stale acceptance(s), {} error(s)\n",
        report.pages.len(),
        disagreements,
        accepted,
        report.stale.len(),
        report.errors.len()
    ));
    if disagreements > 0 {
        out.push_str(
            "hint: change the document to match the docs (then run `cargo xtask regen`), or, for a \
             deliberate deviation, add the text after `page:line: ` (without the location) to \
             `lines` in deviations.toml beside the page, with a reason\n",
        );
    }
    out
}

/// One disagreement as printed.
pub fn line(file: &str, d: &Disagreement) -> String {
    format!("{file}:{}: {} ({})", d.line, d.key(), d.location)
}

fn disagreement(d: &Disagreement) -> Value {
    json!({
        "line": d.line,
        "path": d.path,
        "aspect": d.aspect,
        "docs": d.docs,
        "document": d.document,
        "location": d.location,
        "text": d.key(),
    })
}

fn page(p: &PageReport) -> Value {
    json!({
        "provider": p.provider,
        "file": p.file,
        "method": p.method.to_uppercase(),
        "path": p.path,
        "operationId": p.operation_id,
        "disagreements": p.disagreements.iter().map(disagreement).collect::<Vec<_>>(),
        "accepted": p.accepted.iter().map(|(d, reason)| {
            let mut v = disagreement(d);
            v["reason"] = json!(reason);
            v
        }).collect::<Vec<_>>(),
        "notes": p.notes.iter().map(|n| json!({"line": n.line, "message": n.message})).collect::<Vec<_>>(),
    })
}

/// The report as JSON (`version` 1), errors included.
pub fn json(report: &Report) -> Value {
    json!({
        "version": 1,
        "pages": report.pages.iter().map(page).collect::<Vec<_>>(),
        "stale": report.stale.iter().map(|s| json!({"file": s.file, "page": s.page, "line": s.line})).collect::<Vec<_>>(),
        "errors": report.errors,
        "notes": report.notes,
        "exit": report.exit_code(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::accepted::Stale;
    use super::super::compare::Note;
    use super::*;

    fn sample() -> Report {
        let d = Disagreement {
            line: 7,
            path: "request.x".to_string(),
            aspect: "type".to_string(),
            docs: "integer".to_string(),
            document: "string".to_string(),
            location: "doc.yaml#/components/schemas/R/properties/x".to_string(),
        };
        Report {
            pages: vec![PageReport {
                provider: "p".to_string(),
                file: "specs/p/docs/a.md".to_string(),
                method: "post".to_string(),
                path: "/v1/a".to_string(),
                operation_id: Some("a".to_string()),
                disagreements: vec![d.clone()],
                accepted: vec![(d, "why".to_string())],
                notes: vec![Note {
                    line: 3,
                    message: "n".to_string(),
                }],
            }],
            stale: vec![Stale {
                file: "specs/p/docs/deviations.toml".to_string(),
                page: "a.md".to_string(),
                line: "old".to_string(),
            }],
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn text_has_one_line_per_disagreement() {
        let t = text(&sample());
        assert!(t.contains(
            "specs/p/docs/a.md:7: request.x: type: docs say integer, document says string (doc.yaml#/components/schemas/R/properties/x)\n"
        ), "{t}");
        assert!(t.contains("note: specs/p/docs/a.md:7: request.x: type: docs say integer, document says string (accepted: why)\n"), "{t}");
        assert!(t.contains("note: specs/p/docs/a.md:3: n\n"), "{t}");
        assert!(t.contains("no longer found"), "{t}");
        assert!(
            t.contains("1 disagreement(s), 1 accepted deviation(s), 1 stale"),
            "{t}"
        );
    }

    #[test]
    fn json_is_versioned_and_carries_the_exit_code() {
        let v = json(&sample());
        assert_eq!(v["version"], 1);
        assert_eq!(v["exit"], 1);
        assert_eq!(v["pages"][0]["method"], "POST");
        assert_eq!(v["pages"][0]["accepted"][0]["reason"], "why");
        assert_eq!(
            v["pages"][0]["disagreements"][0]["text"],
            "request.x: type: docs say integer, document says string"
        );
    }
}
