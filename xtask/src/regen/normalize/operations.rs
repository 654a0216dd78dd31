//! Passes over operations: names progenitor needs, and response sets it can generate.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{Change, walk};

/// Operations without an `operationId` get one derived from method and path
/// (`GET /cluster/info/{cluster}` → `get_cluster_info_by_cluster`); duplicates get
/// `_2`, `_3`, ... in document order.
pub fn operation_ids(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut taken = BTreeSet::new();
    walk::operations(doc, &mut |op, _, _, _| {
        if let Some(Value::String(id)) = op.get("operationId") {
            taken.insert(id.clone());
        }
    });
    let mut seen = BTreeSet::new();
    walk::operations(doc, &mut |op, path, method, pointer| {
        let current = op
            .get("operationId")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let (base, why) = match &current {
            Some(id) if seen.insert(id.clone()) => return,
            Some(id) => (id.clone(), format!("duplicate operationId {id:?}")),
            None => (derive_id(method, path), "no operationId".to_string()),
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while (taken.contains(&candidate) && current.as_deref() != Some(candidate.as_str()))
            || seen.contains(&candidate)
        {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        seen.insert(candidate.clone());
        taken.insert(candidate.clone());
        op["operationId"] = json!(candidate);
        changes.push(Change::new(
            &format!("{pointer}/operationId"),
            format!("{why} → {candidate:?}"),
        ));
    });
}

/// `get` + `/cluster/info/{cluster}` → `get_cluster_info_by_cluster`.
pub fn derive_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let (prefix, name) = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => ("by_", param),
            None => ("", segment),
        };
        let word: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let word = word.trim_matches('_');
        if !word.is_empty() {
            words.push(format!("{prefix}{word}"));
        }
    }
    words.join("_")
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// The JSON body schema of a response, if it has one.
fn json_schema(response: &Value) -> Option<&Value> {
    let Value::Object(content) = response.get("content")? else {
        return None;
    };
    content
        .iter()
        .find(|(media, _)| super::media::is_json(media))
        .and_then(|(_, m)| m.get("schema"))
}

/// progenitor 0.15 generates one error type per operation and panics on more
/// (`assertion failed: response_types.len() <= 1`). Where an operation's error
/// responses differ in type, the typed body is kept: error responses of another
/// type (usually ones with no body) are removed from the operation, so they reach
/// the caller as `Error::UnexpectedResponse` with the raw response, and the
/// operation's description says so. With several typed bodies, the most used
/// (then the lowest status) is kept.
pub fn error_types(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Object(responses)) = op.get("responses") else {
            return;
        };
        let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (status, response) in responses {
            if is_error_status(status) {
                let key = json_schema(response).map_or_else(String::new, Value::to_string);
                by_type.entry(key).or_default().push(status.clone());
            }
        }
        if by_type.len() <= 1 {
            return;
        }
        let keep = by_type
            .iter()
            .filter(|(ty, _)| !ty.is_empty())
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.1[0].cmp(&a.1[0])))
            .map(|(ty, _)| ty.clone())
            .unwrap_or_default();
        let mut dropped = Vec::new();
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (ty, statuses) in &by_type {
                if *ty == keep {
                    continue;
                }
                for status in statuses {
                    if let Some(r) = responses.shift_remove(status) {
                        let what = r
                            .get("description")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .trim()
                            .to_string();
                        dropped.push((status.clone(), what, !ty.is_empty()));
                    }
                }
            }
        }
        dropped.sort();
        let list = dropped
            .iter()
            .map(|(s, what, typed)| {
                let body = if *typed {
                    ", with a body of another type"
                } else {
                    ""
                };
                if what.is_empty() {
                    format!("`{s}`{body}")
                } else {
                    format!("`{s}` ({what}{body})")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let note = format!(
            "Also answers {list}: these reach the caller as `Error::UnexpectedResponse`, with the raw response."
        );
        let description = match op.get("description").and_then(Value::as_str) {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
            _ => note,
        };
        op["description"] = json!(description);
        changes.push(Change::new(
            &format!("{pointer}/responses"),
            format!(
                "error responses of {} types; kept the typed one, left {} to UnexpectedResponse",
                by_type.len(),
                dropped
                    .iter()
                    .map(|(s, _, _)| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn derives_readable_ids() {
        assert_eq!(
            derive_id("get", "/cluster/info/{cluster}"),
            "get_cluster_info_by_cluster"
        );
        assert_eq!(
            derive_id("DELETE", "/v2/clusters/{CLUSTER_ID}/drop"),
            "delete_v2_clusters_by_cluster_id_drop"
        );
        assert_eq!(
            derive_id("post", "/object-storage/enable"),
            "post_object_storage_enable"
        );
        assert_eq!(derive_id("get", "/"), "get");
    }

    #[test]
    fn missing_and_duplicate_ids_are_fixed_deterministically() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"operationId": "x"}, "post": {}},
            "/b": {"get": {"operationId": "x"}, "put": {"operationId": "post_a"}}
        }});
        let mut changes = Vec::new();
        operation_ids(&mut doc, &mut changes);
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "x");
        assert_eq!(doc["paths"]["/a"]["post"]["operationId"], "post_a_2");
        assert_eq!(doc["paths"]["/b"]["get"]["operationId"], "x_2");
        assert_eq!(doc["paths"]["/b"]["put"]["operationId"], "post_a");
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].pointer, "/paths/~1a/post/operationId");
    }

    #[test]
    fn untyped_errors_beside_a_typed_one_are_left_to_unexpected_response() {
        // Seed 002: 400, 402, 500 without a body beside a typed 422.
        let typed = json!({"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}});
        let mut doc = json!({"paths": {"/cluster/create": {"post": {
            "description": "Provision a GPU cluster.",
            "responses": {
                "202": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"description": "Invalid parameters or cluster name conflict"},
                "402": {"description": "Insufficient balance"},
                "422": typed,
                "500": {"description": "Internal server error"}
            }
        }}}});
        let mut changes = Vec::new();
        error_types(&mut doc, &mut changes);
        let op = &doc["paths"]["/cluster/create"]["post"];
        let statuses: Vec<_> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(statuses, ["202", "422"]);
        assert_eq!(op["responses"]["422"], typed);
        let d = op["description"].as_str().unwrap();
        assert!(d.starts_with("Provision a GPU cluster.\n\nAlso answers `400` (Invalid parameters or cluster name conflict), `402` (Insufficient balance), `500` (Internal server error)"), "{d}");
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn one_error_type_is_left_alone() {
        let e = json!({"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}});
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}, "4XX": e, "5XX": e}}}}});
        let before = doc.clone();
        let mut changes = Vec::new();
        error_types(&mut doc, &mut changes);
        assert_eq!(doc, before);
        assert!(changes.is_empty());
    }
}
