//! Passes over response sets: progenitor 0.15 generates one success type and
//! one error type per operation and panics on more
//! (`assertion failed: response_types.len() <= 1`); `default` counts as both.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::media::is_json;
use super::{Change, walk};

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// What progenitor makes of a response: a typed JSON body (its schema), raw bytes, or nothing.
fn kind(response: &Value) -> String {
    match response.get("content") {
        Some(Value::Object(content)) if !content.is_empty() => content
            .iter()
            .find(|(m, _)| is_json(m))
            .map(|(_, m)| {
                m.get("schema")
                    .map_or_else(|| "{}".to_string(), Value::to_string)
            })
            .unwrap_or_else(|| "raw".to_string()),
        _ => String::new(),
    }
}

/// Responses and request bodies given as `$ref` (to `#/components/responses/…`
/// and `#/components/requestBodies/…`) are inlined (through chains of
/// references), so the passes after this one see every body: progenitor
/// resolves them the same way, and the schemas inside stay references, so no
/// type is duplicated. A reference that resolves to nothing is left for
/// `validate` to name.
pub fn response_refs(doc: &mut Value, changes: &mut Vec<Change>) {
    let responses_shared = crate::shared::refs::components(doc, "responses");
    let bodies_shared = crate::shared::refs::components(doc, "requestBodies");
    if responses_shared.is_empty() && bodies_shared.is_empty() {
        return;
    }
    walk::operations(doc, &mut |op, _, _, pointer| {
        if let Some(body) = op.get_mut("requestBody")
            && let Some(reference) = body.get("$ref").and_then(Value::as_str).map(str::to_string)
            && let Some(target) =
                crate::shared::refs::follow(&bodies_shared, body, "#/components/requestBodies/", 15)
                    .cloned()
        {
            *body = target;
            changes.push(Change::new(
                &format!("{pointer}/requestBody"),
                format!("inlined {reference}"),
            ));
        }
        let Some(Value::Object(responses)) = op.get_mut("responses") else {
            return;
        };
        let mut inlined = Vec::new();
        for (status, response) in responses.iter_mut() {
            let Some(reference) = response.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let reference = reference.to_string();
            if let Some(target) = crate::shared::refs::follow(
                &responses_shared,
                response,
                "#/components/responses/",
                15,
            )
            .cloned()
            {
                *response = target;
                inlined.push(format!("{status} ({reference})"));
            }
        }
        if !inlined.is_empty() {
            changes.push(Change::new(
                &format!("{pointer}/responses"),
                format!("inlined {}", inlined.join(", ")),
            ));
        }
    });
}

/// progenitor sorts a status range before the codes inside it (`5XX` before
/// `503`), so an explicit code beside its range is an arm that can never match:
/// rustc warns `unreachable pattern`, and the code's own body type never
/// applies. The explicit code is removed; it arrives through the range, whose
/// body it shares once `success-types` / `error-types` have run (the message
/// says when it did not).
pub fn covered_statuses(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Object(responses)) = op.get_mut("responses") else {
            return;
        };
        let ranges: Vec<String> = responses
            .keys()
            .filter(|s| s.len() == 3 && s[1..].eq_ignore_ascii_case("XX"))
            .cloned()
            .collect();
        for range in ranges {
            let covered: Vec<String> = responses
                .keys()
                .filter(|s| {
                    s.len() == 3
                        && s.starts_with(&range[..1])
                        && s.bytes().all(|b| b.is_ascii_digit())
                })
                .cloned()
                .collect();
            for status in covered {
                let same = kind(&responses[&status]) == kind(&responses[&range]);
                responses.shift_remove(&status);
                let message = if same {
                    format!(
                        "{status} has the body of {range}, which progenitor matches first: removed ({status} arrives through {range})"
                    )
                } else {
                    format!(
                        "{status} could never decode as its own body: progenitor matches {range} first; removed ({status} arrives through {range}, with its body)"
                    )
                };
                changes.push(Change::new(
                    &format!("{pointer}/responses/{status}"),
                    message,
                ));
            }
        }
    });
}

/// `default` beside explicit success responses means "every error": it becomes
/// `4XX` and `5XX` (where the operation has none), so it no longer counts as a
/// second success type.
pub fn default_response(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Object(responses)) = op.get_mut("responses") else {
            return;
        };
        if !responses.contains_key("default") || !responses.keys().any(|s| is_success(s)) {
            return;
        }
        let Some(default) = responses.shift_remove("default") else {
            return;
        };
        let mut added = Vec::new();
        for range in ["4XX", "5XX"] {
            let covered = responses.keys().any(|s| s.starts_with(&range[..1]));
            if !covered {
                responses.insert(range.to_string(), default.clone());
                added.push(range);
            }
        }
        changes.push(Change::new(
            &format!("{pointer}/responses/default"),
            if added.is_empty() {
                "`default` beside explicit successes and errors: removed (undocumented statuses arrive as UnexpectedResponse)".to_string()
            } else {
                format!("`default` beside explicit successes → {}", added.join(" and "))
            },
        ));
    });
}

/// Success responses of several types: several JSON bodies become one `oneOf`
/// of them on every JSON success response (an untagged enum: each body still
/// decodes to its own type); success responses with no body or a non-JSON body
/// beside a JSON one are removed, and the operation's description says they
/// reach the caller as `Error::UnexpectedResponse`.
pub fn success_types(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Object(responses)) = op.get("responses") else {
            return;
        };
        let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (status, response) in responses {
            if is_success(status) {
                by_kind
                    .entry(kind(response))
                    .or_default()
                    .push(status.clone());
            }
        }
        if by_kind.len() <= 1 {
            return;
        }
        let json_kinds: Vec<String> = by_kind
            .keys()
            .filter(|k| !k.is_empty() && *k != "raw")
            .cloned()
            .collect();
        let keep_raw = json_kinds.is_empty() && by_kind.contains_key("raw");
        let mut messages = Vec::new();
        let mut dropped = Vec::new();
        let Some(Value::Object(responses)) = op.get_mut("responses") else {
            return;
        };
        if json_kinds.len() > 1 {
            let branches: Vec<Value> = json_kinds
                .iter()
                .filter_map(|k| serde_json::from_str::<Value>(k).ok())
                .collect();
            let union = json!({"oneOf": branches});
            for k in &json_kinds {
                for status in &by_kind[k] {
                    if let Some(schema) = responses
                        .get_mut(status)
                        .and_then(|r| r.pointer_mut("/content/application~1json/schema"))
                    {
                        *schema = union.clone();
                    }
                }
            }
            messages.push(format!(
                "{} JSON success bodies → one oneOf",
                json_kinds.len()
            ));
        }
        for (k, statuses) in &by_kind {
            let keep = if json_kinds.is_empty() {
                (keep_raw && k == "raw") || (!keep_raw && k.is_empty())
            } else {
                json_kinds.contains(k)
            };
            if keep {
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
                    dropped.push((status.clone(), what, k.is_empty()));
                }
            }
        }
        if !dropped.is_empty() {
            let list = dropped
                .iter()
                .map(|(s, what, empty)| {
                    let body = if *empty { "no body" } else { "a non-JSON body" };
                    if what.is_empty() {
                        format!("`{s}` ({body})")
                    } else {
                        format!("`{s}` ({what}; {body})")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let note = format!(
                "Also succeeds with {list}: these reach the caller as `Error::UnexpectedResponse`, with the raw response."
            );
            let description = match op.get("description").and_then(Value::as_str) {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
                _ => note,
            };
            op["description"] = json!(description);
            messages.push(format!(
                "left {} to UnexpectedResponse",
                dropped
                    .iter()
                    .map(|(s, _, _)| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        changes.push(Change::new(
            &format!("{pointer}/responses"),
            format!(
                "success responses of {} types: {}",
                by_kind.len(),
                messages.join("; ")
            ),
        ));
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(r: &str) -> Value {
        json!({"description": "d", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{r}")}}}})
    }

    #[test]
    fn response_refs_are_inlined_through_chains() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": body("A"),
                "404": {"$ref": "#/components/responses/NotFound"},
                "500": {"$ref": "#/components/responses/Alias"},
                "503": {"$ref": "#/components/responses/Missing"}
            }}}},
            "components": {"responses": {
                "NotFound": body("E"),
                "Alias": {"$ref": "#/components/responses/NotFound"}
            }}
        });
        let mut changes = Vec::new();
        response_refs(&mut doc, &mut changes);
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(responses["404"], body("E"));
        assert_eq!(responses["500"], body("E"));
        assert_eq!(
            responses["503"],
            json!({"$ref": "#/components/responses/Missing"})
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].message,
            "inlined 404 (#/components/responses/NotFound), 500 (#/components/responses/Alias)"
        );
    }

    #[test]
    fn request_bodies_given_as_refs_are_inlined() {
        let mut doc = json!({
            "paths": {"/d": {"post": {
                "requestBody": {"$ref": "#/components/requestBodies/Alias"},
                "responses": {"200": {"description": "ok"}}
            }}},
            "components": {"requestBodies": {
                "Alias": {"$ref": "#/components/requestBodies/Dashboard"},
                "Dashboard": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/D"}},
                    "text/plain": {"schema": {"type": "string"}}
                }}
            }}
        });
        let mut changes = Vec::new();
        response_refs(&mut doc, &mut changes);
        assert_eq!(
            doc["paths"]["/d"]["post"]["requestBody"],
            doc["components"]["requestBodies"]["Dashboard"]
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].pointer, "/paths/~1d/post/requestBody");
    }

    #[test]
    fn codes_inside_a_range_are_removed() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": body("A"), "2XX": body("A"),
            "404": body("E"), "503": body("E"), "5XX": body("E"), "4xx": body("F")
        }}}}});
        let mut changes = Vec::new();
        covered_statuses(&mut doc, &mut changes);
        let statuses: Vec<&String> = doc["paths"]["/a"]["get"]["responses"]
            .as_object()
            .expect("responses")
            .keys()
            .collect();
        assert_eq!(statuses, ["2XX", "5XX", "4xx"]);
        let messages: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "200 has the body of 2XX, which progenitor matches first: removed (200 arrives through 2XX)",
                "503 has the body of 5XX, which progenitor matches first: removed (503 arrives through 5XX)",
                "404 could never decode as its own body: progenitor matches 4xx first; removed (404 arrives through 4xx, with its body)",
            ]
        );
    }

    #[test]
    fn default_beside_successes_becomes_error_ranges() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": body("A"), "default": body("E")}}}}});
        let mut changes = Vec::new();
        default_response(&mut doc, &mut changes);
        let r = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(r["4XX"], body("E"));
        assert_eq!(r["5XX"], body("E"));
        assert!(r.get("default").is_none());
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn default_alone_is_left_alone() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"default": body("A")}}}}});
        let before = doc.clone();
        default_response(&mut doc, &mut Vec::new());
        assert_eq!(doc, before);
    }

    #[test]
    fn two_json_successes_become_one_union() {
        let mut doc =
            json!({"paths": {"/a": {"post": {"responses": {"200": body("A"), "202": body("B")}}}}});
        let mut changes = Vec::new();
        success_types(&mut doc, &mut changes);
        let r = &doc["paths"]["/a"]["post"]["responses"];
        let union = json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]});
        assert_eq!(r["200"]["content"]["application/json"]["schema"], union);
        assert_eq!(r["202"]["content"]["application/json"]["schema"], union);
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn an_empty_success_beside_a_json_one_is_left_to_unexpected_response() {
        let mut doc = json!({"paths": {"/a": {"delete": {"responses": {
            "200": body("A"),
            "204": {"description": "Deleted"}
        }}}}});
        success_types(&mut doc, &mut Vec::new());
        let op = &doc["paths"]["/a"]["delete"];
        assert!(op["responses"].get("204").is_none());
        assert_eq!(op["responses"]["200"], body("A"));
        assert!(
            op["description"]
                .as_str()
                .unwrap()
                .contains("`204` (Deleted; no body)")
        );
    }

    #[test]
    fn raw_and_empty_successes_keep_the_raw_one() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {
            "200": {"description": "csv", "content": {"text/csv": {}}},
            "204": {"description": "nothing"}
        }}}}});
        success_types(&mut doc, &mut Vec::new());
        let r = &doc["paths"]["/a"]["get"]["responses"];
        assert!(r.get("200").is_some() && r.get("204").is_none());
    }
}
