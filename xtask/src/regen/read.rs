//! Stage 1: parse a document (JSON or YAML, by extension) into a JSON value.
//!
//! Key order is kept (`serde_json/preserve_order`), so generated code follows the
//! document's order and runs are reproducible.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::shared::error::{Error, Result};

/// Parses `bytes` as JSON (`.json`) or YAML (anything else); `file` names it in errors.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::shared::error::line_column(
            &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
            e.valid_up_to(),
        );
        Error::Parse {
            file: file.to_string(),
            line,
            column,
            message: "not valid UTF-8".to_string(),
        }
    })?;
    if file.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| Error::Parse {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })
    } else {
        let value: Value = serde_saphyr::from_str_with_options(text, yaml_options(text.len()))
            .map_err(|e| {
                let (line, column) = e
                    .location()
                    .map(|l| (l.line() as usize, l.column() as usize))
                    .unwrap_or((1, 1));
                Error::Parse {
                    file: file.to_string(),
                    line,
                    column,
                    message: strip_yaml_position(&first_line(&e.to_string())),
                }
            })?;
        Ok(value)
    }
}

/// serde-saphyr's settings for OpenAPI documents of `len` bytes. OpenAPI
/// documents are YAML 1.2, where only `true` and `false` are booleans: a
/// parameter named `n` or an enum of `yes`/`no` stays a string. The
/// alias-to-anchor ratio heuristic is off: real documents define one anchor
/// and alias it a hundred times (Fern's output does). What guards against
/// alias bombs stays: the caps on copied events and bytes. The event and node
/// caps grow with the document (its defaults, 1 M events and 250 k nodes,
/// stop well-formed documents of a few MB).
fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.enforce_alias_anchor_ratio = false;
    budget.max_events = budget.max_events.max(len);
    budget.max_nodes = budget.max_nodes.max(len / 2);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options
}

/// serde_json appends " at line L column C"; the error carries those already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// serde-saphyr starts with "error: line L column C: "; the error carries those already.
fn strip_yaml_position(message: &str) -> String {
    let rest = message.strip_prefix("error: ").unwrap_or(message);
    let Some(after_line) = rest.strip_prefix("line ") else {
        return rest.to_string();
    };
    let numbers = |s: &str| {
        s.trim_start_matches(|c: char| c.is_ascii_digit())
            .to_string()
    };
    let after = numbers(after_line);
    match after
        .strip_prefix(" column ")
        .map(numbers)
        .as_deref()
        .and_then(|s| s.strip_prefix(": "))
    {
        Some(text) => text.to_string(),
        None => rest.to_string(),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SHA-256 of a document split over several files: of the root's bytes alone when
/// it refers to no other file, else of the root's bytes followed, for each other
/// file in name order, by a NUL, its name, a NUL and its bytes. A change in any
/// part changes it.
pub fn sha256_of_parts(root: &[u8], parts: &[(String, Vec<u8>)]) -> String {
    if parts.is_empty() {
        return sha256_hex(root);
    }
    let mut sorted: Vec<&(String, Vec<u8>)> = parts.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = Sha256::new();
    hasher.update(root);
    for (name, bytes) in sorted {
        hasher.update([0]);
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_error_has_line_and_column() {
        let err = parse("x.json", b"{\n  \"a\": 1,\n  oops\n}").unwrap_err();
        match err {
            Error::Parse {
                file, line, column, ..
            } => {
                assert_eq!(file, "x.json");
                assert_eq!(line, 3);
                assert_eq!(column, 3);
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn yaml_is_read_as_yaml_1_2() {
        let text = "name: n\nenum: [yes, no, on, off, y]\nflag: true\n";
        let value = parse("x.yaml", text.as_bytes()).expect("parses");
        assert_eq!(
            value,
            serde_json::json!({"name": "n", "enum": ["yes", "no", "on", "off", "y"], "flag": true})
        );
    }

    #[test]
    fn one_anchor_may_be_aliased_many_times() {
        let mut text = String::from("base: &b {type: string}\nitems:\n");
        for i in 0..150 {
            text.push_str(&format!("  f{i}: *b\n"));
        }
        let value = parse("x.yaml", text.as_bytes()).expect("parses");
        assert_eq!(
            value["items"]["f149"],
            serde_json::json!({"type": "string"})
        );
    }

    #[test]
    fn yaml_error_has_line() {
        let err = parse("x.yaml", b"a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        match err {
            Error::Parse { file, line, .. } => {
                assert_eq!(file, "x.yaml");
                assert!(line >= 2, "line {line}");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn yaml_messages_do_not_repeat_the_position() {
        let err = parse("x.yaml", b"a:\n  b: c: d\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("x.yaml:2:"), "{text}");
        assert!(!text.contains("line 2"), "{text}");
        assert_eq!(
            strip_yaml_position("error: line 78 column 82: mapping values are not allowed"),
            "mapping values are not allowed"
        );
        assert_eq!(strip_yaml_position("something else"), "something else");
    }

    #[test]
    fn yaml_keeps_key_order_and_quoted_codes() {
        let v = parse("x.yaml", b"z: 1\na: 2\nresponses:\n  '200': ok\n").unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a", "responses"]);
        assert_eq!(v["responses"]["200"], "ok");
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        assert!(matches!(
            parse("x.yaml", b"a: \xff\n"),
            Err(Error::Parse { .. })
        ));
    }

    #[test]
    fn the_hash_of_a_split_document_covers_every_part() {
        let root = b"root";
        assert_eq!(sha256_of_parts(root, &[]), sha256_hex(root));
        let a = vec![
            ("p/a.yaml".to_string(), b"a".to_vec()),
            ("p/b.yaml".to_string(), b"b".to_vec()),
        ];
        let mut reversed = a.clone();
        reversed.reverse();
        assert_eq!(sha256_of_parts(root, &a), sha256_of_parts(root, &reversed));
        let changed = vec![a[0].clone(), ("p/b.yaml".to_string(), b"c".to_vec())];
        assert_ne!(sha256_of_parts(root, &a), sha256_of_parts(root, &changed));
        assert_ne!(sha256_of_parts(root, &a), sha256_hex(root));
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
