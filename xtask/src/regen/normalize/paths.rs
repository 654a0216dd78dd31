//! Path items given as `$ref` (3.1 `components/pathItems`, or another path):
//! openapiv3 and progenitor refuse them, so they are inlined.

use serde_json::Value;

use super::Change;
use crate::shared::error::{pointer_push, unescape_pointer_token};

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    // Pointers in refs may be percent-encoded (`{` as %7B); decode the common ones.
    let pointer = pointer
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%7b", "{")
        .replace("%7d", "}");
    let mut node = doc;
    for token in pointer.split('/').skip(1) {
        node = match node {
            Value::Object(m) => m.get(&unescape_pointer_token(token))?,
            Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// `paths./x: {$ref: '#/…'}` → the referenced path item, with the ref's own
/// sibling keys (summary, description) kept.
pub fn path_item_refs(doc: &mut Value, changes: &mut Vec<Change>) {
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    let mut replacements = Vec::new();
    for (path, item) in paths {
        let Some(Value::String(reference)) = item.get("$ref") else {
            continue;
        };
        // Follow chains of refs, at most a few hops.
        let mut target = resolve(doc, reference);
        let mut hops = 0;
        while let Some(Value::String(next)) = target.and_then(|t| t.get("$ref")) {
            hops += 1;
            if hops > 8 {
                target = None;
                break;
            }
            target = resolve(doc, next);
        }
        if let Some(Value::Object(target)) = target {
            let mut merged = target.clone();
            if let Value::Object(siblings) = item {
                for (k, v) in siblings {
                    if k != "$ref" && !merged.contains_key(k) {
                        merged.insert(k.clone(), v.clone());
                    }
                }
            }
            replacements.push((path.clone(), reference.clone(), Value::Object(merged)));
        }
    }
    for (path, reference, item) in replacements {
        doc["paths"][&path] = item;
        changes.push(Change::new(
            &pointer_push("/paths", &path),
            format!("path item $ref {reference} inlined"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn path_item_refs_are_inlined() {
        let mut doc = json!({
            "paths": {
                "/a": {"$ref": "#/components/pathItems/A", "summary": "s"},
                "/b": {"$ref": "#/paths/~1a"}
            },
            "components": {"pathItems": {"A": {"get": {"operationId": "a"}}}}
        });
        let mut changes = Vec::new();
        path_item_refs(&mut doc, &mut changes);
        assert_eq!(
            doc["paths"]["/a"],
            json!({"get": {"operationId": "a"}, "summary": "s"})
        );
        assert_eq!(doc["paths"]["/b"]["get"]["operationId"], "a");
        assert_eq!(changes.len(), 2);
    }

    #[test]
    fn an_unresolvable_ref_is_left_for_validation_to_report() {
        let mut doc = json!({"paths": {"/a": {"$ref": "#/nowhere"}}});
        let before = doc.clone();
        path_item_refs(&mut doc, &mut Vec::new());
        assert_eq!(doc, before);
    }
}
