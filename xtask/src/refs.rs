//! Following local `$ref`s: which component schemas a part of a document reaches.
//!
//! `diff` asks it which schemas requests reach (for the direction of a change);
//! `generate` asks it which operations and schemas use a schema typify refuses.

use std::collections::HashSet;

use serde_json::Value;

/// `/components/schemas/A~1B` → `A/B`; `None` for any other pointer (deeper
/// ones included).
pub fn component_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    if rest.is_empty() || rest.contains('/') {
        return None;
    }
    if rest.contains('~') {
        Some(rest.replace("~1", "/").replace("~0", "~"))
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
                stack.extend(map.values());
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
