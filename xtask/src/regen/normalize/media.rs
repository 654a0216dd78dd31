//! Passes over media types: progenitor 0.15 takes one request media type
//! (JSON, form, octet-stream or text), decodes only `application/json`
//! responses, and panics on a JSON media type without a schema or with an
//! `encoding`.

use serde_json::{Map, Value, json};

use super::{Change, walk};

/// Whether `media` is JSON: `application/json`, `application/json; charset=…`, `application/*+json`.
pub fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
}

fn base(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// What progenitor can send, best first.
fn request_rank(media: &str) -> Option<u8> {
    match base(media).as_str() {
        m if is_json(m) => Some(0),
        "application/x-www-form-urlencoded" => Some(1),
        "application/octet-stream" => Some(2),
        "text/plain" => Some(3),
        _ => None,
    }
}

/// Request bodies: keep the one media type progenitor sends best (JSON, then
/// form, octet-stream, text); `application/*+json` becomes `application/json`;
/// a JSON body without a schema accepts any JSON; octet-stream and text bodies
/// get the exact schemas progenitor requires. An operation whose body only
/// comes in forms progenitor cannot send (multipart, XML, ...) is removed and
/// the change says why.
pub fn request_bodies(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut unsupported = Vec::new();
    walk::operations(doc, &mut |op, path, method, pointer| {
        let Some(Value::Object(content)) = op.pointer_mut("/requestBody/content") else {
            return;
        };
        if content.is_empty() {
            return;
        }
        let best = content
            .iter()
            .filter_map(|(media, _)| request_rank(media).map(|r| (r, media.clone())))
            .min();
        let Some((rank, media)) = best else {
            let kinds: Vec<String> = content.keys().cloned().collect();
            unsupported.push((
                path.to_string(),
                method.to_string(),
                pointer.to_string(),
                kinds,
            ));
            return;
        };
        let dropped: Vec<String> = content.keys().filter(|m| **m != media).cloned().collect();
        let mut chosen = content.shift_remove(&media).unwrap_or_else(|| json!({}));
        let key = match rank {
            0 => "application/json".to_string(),
            _ => base(&media),
        };
        let mut notes = Vec::new();
        if !dropped.is_empty() {
            notes.push(format!("kept {media}, dropped {}", dropped.join(", ")));
        }
        if key != media && dropped.is_empty() {
            notes.push(format!("{media} → {key}"));
        }
        if let Value::Object(m) = &mut chosen {
            if m.shift_remove("encoding").is_some() {
                notes.push("removed `encoding`".to_string());
            }
            fix_schema(m, &key, &mut notes);
        }
        content.clear();
        content.insert(key, chosen);
        if !notes.is_empty() {
            changes.push(Change::new(
                &format!("{pointer}/requestBody/content"),
                notes.join("; "),
            ));
        }
    });
    for (path, method, pointer, kinds) in unsupported {
        if let Some(Value::Object(item)) = doc.get_mut("paths").and_then(|p| p.get_mut(&path)) {
            item.shift_remove(&method);
        }
        changes.push(Change::new(
            &pointer,
            format!(
                "removed {} {path}: its request body is only {}, which progenitor 0.15 cannot send",
                method.to_uppercase(),
                kinds.join(", ")
            ),
        ));
    }
}

fn fix_schema(media: &mut Map<String, Value>, key: &str, notes: &mut Vec<String>) {
    let wanted = match key {
        "application/octet-stream" => Some(json!({"type": "string", "format": "binary"})),
        "text/plain" => Some(json!({"type": "string"})),
        _ => None,
    };
    match (media.get("schema"), wanted) {
        (None, None) => {
            media.insert("schema".into(), json!({}));
            notes.push("no schema: accepts any JSON".to_string());
        }
        (Some(s), Some(w)) if !same_string_schema(s, &w) => {
            media.insert("schema".into(), w);
            notes.push(format!("{key} body sent as raw bytes"));
        }
        (None, Some(w)) => {
            media.insert("schema".into(), w);
            notes.push(format!("{key} body sent as raw bytes"));
        }
        _ => {}
    }
}

fn same_string_schema(s: &Value, wanted: &Value) -> bool {
    s.get("type") == wanted.get("type")
        && s.get("format") == wanted.get("format")
        && [
            "pattern",
            "minLength",
            "maxLength",
            "enum",
            "nullable",
            "default",
        ]
        .iter()
        .all(|k| s.get(*k).is_none())
}

/// Responses: a JSON media type (`application/*+json` included) becomes
/// `application/json`, the only one progenitor decodes, and the others are
/// dropped; a JSON response without a schema decodes to any JSON value.
pub fn responses(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Object(responses)) = op.get_mut("responses") else {
            return;
        };
        for (status, response) in responses.iter_mut() {
            let Some(Value::Object(content)) = response.get_mut("content") else {
                continue;
            };
            let Some(json_key) = content.keys().find(|m| is_json(m)).cloned() else {
                continue;
            };
            let mut notes = Vec::new();
            let dropped: Vec<String> = content
                .keys()
                .filter(|m| **m != json_key)
                .cloned()
                .collect();
            let mut chosen = content.shift_remove(&json_key).unwrap_or_else(|| json!({}));
            if !dropped.is_empty() {
                notes.push(format!("kept {json_key}, dropped {}", dropped.join(", ")));
            } else if json_key != "application/json" {
                notes.push(format!("{json_key} → application/json"));
            }
            if let Value::Object(m) = &mut chosen {
                if m.shift_remove("encoding").is_some() {
                    notes.push("removed `encoding`".to_string());
                }
                if !m.contains_key("schema") {
                    m.insert("schema".into(), json!({}));
                    notes.push("no schema: decodes to any JSON value".to_string());
                }
            }
            content.clear();
            content.insert("application/json".into(), chosen);
            if !notes.is_empty() {
                changes.push(Change::new(
                    &format!("{pointer}/responses/{status}/content"),
                    notes.join("; "),
                ));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn op_doc(op: Value) -> Value {
        json!({"paths": {"/a": {"post": op}}})
    }

    #[test]
    fn request_keeps_json_of_several_and_renames_vendor_json() {
        let mut doc = op_doc(json!({"requestBody": {"content": {
            "application/xml": {"schema": {"type": "object"}},
            "application/vnd.api+json": {"schema": {"$ref": "#/components/schemas/A"}}
        }}}));
        let mut changes = Vec::new();
        request_bodies(&mut doc, &mut changes);
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/A"}}})
        );
        assert!(
            changes[0].message.contains("dropped application/xml"),
            "{:?}",
            changes
        );
    }

    #[test]
    fn request_octet_stream_and_text_get_progenitors_schemas() {
        let mut doc = op_doc(json!({"requestBody": {"content": {"application/octet-stream": {}}}}));
        request_bodies(&mut doc, &mut Vec::new());
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/octet-stream"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        let mut doc = op_doc(
            json!({"requestBody": {"content": {"text/plain; charset=utf-8": {"schema": {"type": "string", "maxLength": 9}}}}}),
        );
        request_bodies(&mut doc, &mut Vec::new());
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"],
            json!({"text/plain": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn multipart_only_operations_are_removed_with_a_reason() {
        let mut doc = json!({"paths": {"/a": {
            "post": {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}},
            "get": {"responses": {}}
        }}});
        let mut changes = Vec::new();
        request_bodies(&mut doc, &mut changes);
        assert!(doc["paths"]["/a"].get("post").is_none());
        assert!(doc["paths"]["/a"].get("get").is_some());
        assert!(
            changes[0].message.contains("multipart/form-data"),
            "{:?}",
            changes
        );
        assert_eq!(changes[0].pointer, "/paths/~1a/post");
    }

    #[test]
    fn json_without_schema_accepts_any_json() {
        let mut doc = op_doc(json!({
            "requestBody": {"content": {"application/json": {}}},
            "responses": {"200": {"description": "ok", "content": {
                "application/problem+json": {},
                "text/html": {"schema": {"type": "string"}}
            }}}
        }));
        request_bodies(&mut doc, &mut Vec::new());
        let mut changes = Vec::new();
        responses(&mut doc, &mut changes);
        let op = &doc["paths"]["/a"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            json!({})
        );
        assert_eq!(
            op["responses"]["200"]["content"],
            json!({"application/json": {"schema": {}}})
        );
        assert_eq!(changes.len(), 1);
    }
}
