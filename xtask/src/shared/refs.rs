//! Following local `$ref`s: which component schemas a part of a document reaches.
//!
//! `diff` asks it which schemas requests reach (for the direction of a change);
//! `generate` asks it which operations and schemas use a schema typify refuses.

use std::collections::HashSet;

use serde_json::{Map, Value};

/// Whether the value under `key` is data the document carries, not part of its
/// structure: extensions (`x-…`), examples, defaults, enum and const values. A
/// `$ref` inside them is text (a code sample's file, a JSON Schema example),
/// never a reference to follow, bundle or check.
pub fn holds_data(key: &str, value: &Value) -> bool {
    key.starts_with("x-")
        || matches!(key, "example" | "default" | "enum" | "const")
        // Schema `examples` are a list of values; a media type's `examples`
        // is a map of Example objects, which may be references.
        || (key == "examples" && value.is_array())
}

/// A copy of `components.<kind>` (`schemas`, `parameters`, `responses`,
/// `requestBodies`), empty when the document has none: what a pass that
/// rewrites the document follows `$ref`s into.
pub fn components(doc: &Value, kind: &str) -> Map<String, Value> {
    doc.get("components")
        .and_then(|c| c.get(kind))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// `value`, or where its chain of `$ref`s into `map` ends: each reference is
/// `prefix` + a name of `map` (`#/components/responses/`, `map` the document's
/// `components.responses`). `None` when a reference points elsewhere or to
/// nothing, or the chain is longer than `hops` (a cycle).
pub fn follow<'a>(
    map: &'a Map<String, Value>,
    value: &'a Value,
    prefix: &str,
    hops: usize,
) -> Option<&'a Value> {
    let mut current = value;
    for _ in 0..=hops {
        match current.get("$ref").and_then(Value::as_str) {
            None => return Some(current),
            Some(r) => current = map.get(r.strip_prefix(prefix)?)?,
        }
    }
    None
}

/// `/components/schemas/A~1B` → `A/B`; `None` for any other pointer (deeper
/// ones included).
pub fn component_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    if rest.is_empty() || rest.contains('/') {
        return None;
    }
    if rest.contains('~') {
        Some(crate::shared::error::unescape_pointer_token(rest))
    } else {
        Some(rest.to_string())
    }
}

/// Names of the component schemas reachable from `roots` through local `$ref`s
/// of any kind (schemas, parameters, request bodies, responses), each followed
/// once, so cycles end.
pub fn reachable_schemas<'a>(doc: &'a Value, roots: Vec<&'a Value>) -> HashSet<String> {
    let mut seen_pointers: HashSet<&'a str> = HashSet::new();
    let mut names = HashSet::new();
    let mut stack: Vec<&'a Value> = roots;
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some(pointer) = reference.strip_prefix('#')
                    && seen_pointers.insert(pointer)
                    && let Some(target) = doc.pointer(pointer)
                {
                    if let Some(rest) = pointer.strip_prefix("/components/schemas/") {
                        let first = rest.split('/').next().unwrap_or(rest);
                        if let Some(name) = component_name(&format!("/components/schemas/{first}"))
                        {
                            names.insert(name);
                        }
                    }
                    stack.push(target);
                }
                stack.extend(
                    map.iter()
                        .filter(|(k, v)| !holds_data(k, v))
                        .map(|(_, v)| v),
                );
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn component_names_are_unescaped_and_only_top_level() {
        assert_eq!(
            component_name("/components/schemas/A~1B").as_deref(),
            Some("A/B")
        );
        assert_eq!(component_name("/components/schemas/A/properties/b"), None);
        assert_eq!(component_name("/paths/x"), None);
    }

    #[test]
    fn follow_ends_at_the_first_value_that_is_not_a_reference() {
        let map = json!({
            "A": {"$ref": "#/x/B"}, "B": {"type": "string"},
            "Loop": {"$ref": "#/x/Loop"}, "Away": {"$ref": "#/y/B"}
        });
        let map = map.as_object().expect("map");
        let start = json!({"$ref": "#/x/A"});
        assert_eq!(
            follow(map, &start, "#/x/", 4),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(follow(map, &start, "#/x/", 1), None);
        assert_eq!(follow(map, &map["Loop"], "#/x/", 4), None);
        assert_eq!(follow(map, &map["Away"], "#/x/", 4), None);
        let plain = json!({"type": "integer"});
        assert_eq!(follow(map, &plain, "#/x/", 0), Some(&plain));
    }

    #[test]
    fn reach_follows_every_kind_of_ref_and_stops_at_cycles() {
        let doc = json!({"components": {
            "schemas": {
                "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"items": {"$ref": "#/components/schemas/A"}},
                "C": {"type": "string"},
                "D": {"type": "string"}
            },
            "parameters": {"P": {"schema": {"$ref": "#/components/schemas/C"}}}
        }});
        let root = json!({"parameters": [{"$ref": "#/components/parameters/P"}],
                          "x": {"$ref": "#/components/schemas/A/properties/b"}});
        let mut names: Vec<String> = reachable_schemas(&doc, vec![&root]).into_iter().collect();
        names.sort();
        assert_eq!(names, ["A", "B", "C"]);
    }
}
