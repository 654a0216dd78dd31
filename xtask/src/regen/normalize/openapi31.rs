//! Passes that turn OpenAPI 3.1 (JSON Schema 2020-12) forms into the 3.0 forms
//! progenitor 0.15 and openapiv3 2.2 accept.

use serde_json::{Map, Value, json};

use super::{Change, walk};

/// `openapi: 3.1.x` → `3.0.3`, and the document-level 3.1 additions removed.
pub fn version(doc: &mut Value, changes: &mut Vec<Change>) {
    let Some(Value::String(v)) = doc.get("openapi") else {
        return;
    };
    if !v.starts_with("3.1") {
        return;
    }
    let was = v.clone();
    doc["openapi"] = json!("3.0.3");
    changes.push(Change::new("/openapi", format!("{was} → 3.0.3")));
    let Value::Object(root) = doc else { return };
    for key in ["webhooks", "jsonSchemaDialect"] {
        if root.shift_remove(key).is_some() {
            changes.push(Change::new(
                &format!("/{key}"),
                format!("removed `{key}`: no 3.0 equivalent, not used by clients"),
            ));
        }
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), json!({}));
        changes.push(Change::new(
            "/paths",
            "added empty `paths` (optional in 3.1)",
        ));
    }
    if let Some(Value::Object(components)) = root.get_mut("components")
        && components.shift_remove("pathItems").is_some()
    {
        changes.push(Change::new(
            "/components/pathItems",
            "removed `components.pathItems`: no 3.0 equivalent",
        ));
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if info.shift_remove("summary").is_some() {
            changes.push(Change::new(
                "/info/summary",
                "removed `info.summary` (3.1 only)",
            ));
        }
        if let Some(Value::Object(license)) = info.get_mut("license")
            && license.shift_remove("identifier").is_some()
        {
            changes.push(Change::new(
                "/info/license/identifier",
                "removed `license.identifier` (3.1 only)",
            ));
        }
    }
}

fn is_null_schema(s: &Value) -> bool {
    match s {
        Value::Object(m) => {
            m.get("type") == Some(&json!("null"))
                || m.get("type") == Some(&json!(["null"]))
                || m.get("enum") == Some(&json!([null]))
                || (m.contains_key("const") && m.get("const") == Some(&Value::Null))
        }
        _ => false,
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → `anyOf`.
pub fn type_arrays(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let types = match schema.get("type") {
            Some(Value::Array(types)) => types.clone(),
            // 3.1's lone `type: "null"` (a property that is always null).
            Some(Value::String(t)) if t == "null" => vec![json!("null")],
            _ => return,
        };
        let what = if schema["type"].is_string() {
            "type null"
        } else {
            "type array"
        };
        let nullable = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        let Value::Object(map) = schema else { return };
        match rest.as_slice() {
            [] => {
                map.shift_remove("type");
            }
            [one] => {
                map.insert("type".into(), one.clone());
            }
            many => {
                map.shift_remove("type");
                map.insert(
                    "anyOf".into(),
                    Value::Array(many.iter().map(|t| json!({"type": t})).collect()),
                );
            }
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        changes.push(Change::new(
            pointer,
            format!(
                "{what} → {}{}",
                match rest.len() {
                    0 => "no type".to_string(),
                    1 => format!("type {}", rest[0]),
                    _ => "anyOf".to_string(),
                },
                if nullable { ", nullable" } else { "" }
            ),
        ));
    });
}

/// `anyOf`/`oneOf` with a null branch (`{type: null}`, `enum: [null]`, `const: null`)
/// → the other branch with `nullable: true` (a `$ref` becomes `allOf: [$ref]`).
pub fn null_branches(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(branches)) = schema.get(key) else {
                continue;
            };
            if !branches.iter().any(is_null_schema) {
                continue;
            }
            let rest: Vec<Value> = branches
                .iter()
                .filter(|b| !is_null_schema(b))
                .cloned()
                .collect();
            let Value::Object(map) = schema else { return };
            map.shift_remove(key);
            let how = match rest.as_slice() {
                [] => "only null".to_string(),
                [Value::Object(one)] if one.contains_key("$ref") && one.len() == 1 => {
                    map.insert("allOf".into(), Value::Array(rest.clone()));
                    "allOf [$ref]".to_string()
                }
                [Value::Object(one)] => {
                    merge_missing(map, one);
                    "its non-null branch".to_string()
                }
                _ => {
                    let n = rest.len();
                    map.insert(key.into(), Value::Array(rest));
                    format!("{key} of {n}")
                }
            };
            map.insert("nullable".into(), json!(true));
            changes.push(Change::new(
                pointer,
                format!("{key} with a null branch → {how}, nullable"),
            ));
            return;
        }
    });
}

/// Copies the keys of `from` that `into` does not have (the parent's title,
/// description and default win over the branch's).
fn merge_missing(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        if !into.contains_key(k) {
            into.insert(k.clone(), v.clone());
        }
    }
}

/// `const: v` → `enum: [v]`.
pub fn constants(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let Value::Object(map) = schema else { return };
        if let Some(c) = map.shift_remove("const") {
            if !map.contains_key("enum") {
                map.insert("enum".into(), Value::Array(vec![c.clone()]));
            }
            changes.push(Change::new(pointer, format!("const {c} → enum [{c}]")));
        }
    });
}

/// Schema `examples: [..]` → `example: <first>`.
pub fn examples(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let Value::Object(map) = schema else { return };
        if let Some(Value::Array(examples)) = map.get("examples").cloned() {
            map.shift_remove("examples");
            if let (Some(first), false) = (examples.first(), map.contains_key("example")) {
                map.insert("example".into(), first.clone());
            }
            changes.push(Change::new(pointer, "examples → example (the first)"));
        }
    });
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (likewise maximum).
pub fn exclusive_bounds(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let Value::Object(map) = schema else { return };
        for (exclusive, bound, tighter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(n)) = map.get(exclusive).cloned() else {
                continue;
            };
            let existing = map.get(bound).and_then(Value::as_f64);
            let keep_existing = match (existing, n.as_f64()) {
                (Some(e), Some(x)) => e.partial_cmp(&x) == Some(tighter),
                _ => false,
            };
            if keep_existing {
                map.shift_remove(exclusive);
            } else {
                map.insert(bound.into(), Value::Number(n.clone()));
                map.insert(exclusive.into(), json!(true));
            }
            changes.push(Change::new(
                pointer,
                format!("{exclusive}: {n} → {bound} with {exclusive}: true"),
            ));
        }
    });
}

/// JSON Schema's boolean schemas and tuples, which openapiv3 cannot hold (one
/// of them failed the whole document):
/// - `prefixItems` (a tuple) → `items`: the members' schema when they are all
///   the same, any value otherwise; `minItems` is the tuple's length, and
///   `maxItems` too when `items: false` closes it;
/// - a property whose schema is `false` (it may never be present) is removed,
///   and `true` (anything) becomes `{}`; the same for `items`, members of
///   `allOf`/`anyOf`/`oneOf` (a `false` member of `anyOf`/`oneOf` can never
///   match and is removed), and component schemas (`false` → `not: {}`).
pub fn boolean_schemas(doc: &mut Value, changes: &mut Vec<Change>) {
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            if let Value::Bool(b) = schema {
                let pointer = crate::shared::error::pointer_push("/components/schemas", name);
                changes.push(Change::new(
                    &pointer,
                    format!("boolean schema {b} → an object schema"),
                ));
                *schema = if *b { json!({}) } else { json!({"not": {}}) };
            }
        }
    }
    walk::schemas(doc, &mut |schema, pointer| {
        let Value::Object(map) = schema else { return };
        if let Some(Value::Array(members)) = map.shift_remove("prefixItems") {
            let closed = map.get("items") == Some(&Value::Bool(false));
            // No item beyond the tuple: `items: false`, or a `maxItems` that stops there.
            let no_more = closed
                || map
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|max| max <= members.len() as u64);
            let first = members.first().cloned().unwrap_or(json!({}));
            let same = members.iter().all(|m| *m == first)
                && (no_more || map.get("items") == Some(&first));
            let items = if same { first } else { json!({}) };
            map.insert("items".into(), items);
            map.insert("minItems".into(), json!(members.len()));
            if closed {
                map.insert("maxItems".into(), json!(members.len()));
            }
            changes.push(Change::new(
                pointer,
                format!(
                    "prefixItems of {} → items with minItems{}",
                    members.len(),
                    if closed { "/maxItems" } else { "" }
                ),
            ));
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            // `false` (never present), and values that are no schema at all
            // (`properties: {$ref: "…"}` names a property `$ref`).
            let never: Vec<String> = properties
                .iter()
                .filter(|(_, v)| **v == Value::Bool(false) || !(v.is_object() || v.is_boolean()))
                .map(|(k, _)| k.clone())
                .collect();
            for (name, value) in properties.iter_mut() {
                if *value == Value::Bool(true) {
                    *value = json!({});
                    changes.push(Change::new(
                        pointer,
                        format!("property {name}: schema true → {{}}"),
                    ));
                }
            }
            for name in &never {
                properties.shift_remove(name);
                changes.push(Change::new(
                    pointer,
                    format!(
                        "property {name}: schema false (never present) or not a schema: removed"
                    ),
                ));
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|r| !never.iter().any(|n| r.as_str() == Some(n)));
            }
        }
        match map.get("items") {
            Some(Value::Bool(true)) => {
                map.insert("items".into(), json!({}));
                changes.push(Change::new(pointer, "items: true → {}"));
            }
            Some(Value::Bool(false)) => {
                map.shift_remove("items");
                map.insert("maxItems".into(), json!(0));
                changes.push(Change::new(pointer, "items: false → maxItems: 0"));
            }
            _ => {}
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            let Some(Value::Array(members)) = map.get_mut(key) else {
                continue;
            };
            let before = members.len();
            if key != "allOf" {
                members.retain(|m| *m != Value::Bool(false));
            }
            let mut rewritten = before != members.len();
            for m in members.iter_mut() {
                if let Value::Bool(b) = m {
                    *m = if *b { json!({}) } else { json!({"not": {}}) };
                    rewritten = true;
                }
            }
            if rewritten {
                changes.push(Change::new(
                    pointer,
                    format!("boolean members of {key} → object schemas"),
                ));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(pass: fn(&mut Value, &mut Vec<Change>), mut doc: Value) -> (Value, Vec<Change>) {
        let mut changes = Vec::new();
        pass(&mut doc, &mut changes);
        (doc, changes)
    }

    fn schema_doc(s: Value) -> Value {
        json!({"openapi": "3.1.0", "components": {"schemas": {"S": s}}})
    }

    #[test]
    fn boolean_schemas_and_tuples_become_object_schemas() {
        let (doc, changes) = run(
            boolean_schemas,
            json!({"components": {"schemas": {
                "Pair": {"type": "array", "items": false, "prefixItems": [{"type": "string"}, {"type": "string"}]},
                "Mixed": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
                "Open": {"type": "array", "prefixItems": [{"type": "string"}]},
                "Pydantic": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "minItems": 2, "maxItems": 2},
                "P": {"type": "object", "required": ["a", "gone"], "properties": {
                    "a": true, "gone": false, "list": {"type": "array", "items": true},
                    "$ref": "#/components/schemas/Pair"
                }},
                "U": {"anyOf": [{"type": "string"}, false, true]},
                "Anything": true,
                "Nothing": false
            }}}),
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Pair"],
            json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2})
        );
        assert_eq!(
            s["Mixed"],
            json!({"type": "array", "items": {}, "minItems": 2})
        );
        assert_eq!(
            s["Open"],
            json!({"type": "array", "items": {}, "minItems": 1})
        );
        assert_eq!(
            s["Pydantic"],
            json!({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2})
        );
        assert_eq!(
            s["P"],
            json!({"type": "object", "required": ["a"], "properties": {
                "a": {}, "list": {"type": "array", "items": {}}
            }})
        );
        assert_eq!(s["U"], json!({"anyOf": [{"type": "string"}, {}]}));
        assert_eq!(s["Anything"], json!({}));
        assert_eq!(s["Nothing"], json!({"not": {}}));
        assert_eq!(changes.len(), 11, "{changes:?}");
    }

    #[test]
    fn version_is_rewritten_and_31_only_fields_go() {
        let (doc, changes) = run(
            version,
            json!({"openapi": "3.1.0", "info": {"title": "t", "summary": "s", "version": "1"}, "webhooks": {}}),
        );
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert!(doc["info"].get("summary").is_none());
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(changes.len(), 4);
        let (doc, changes) = run(version, json!({"openapi": "3.0.1"}));
        assert_eq!(doc["openapi"], "3.0.1");
        assert!(changes.is_empty());
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let (doc, changes) = run(
            type_arrays,
            schema_doc(json!({"type": ["string", "null"], "maxLength": 3})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert_eq!(changes[0].pointer, "/components/schemas/S");
        let (doc, _) = run(
            type_arrays,
            schema_doc(json!({"type": ["string", "integer"]})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        let (doc, changes) = run(type_arrays, schema_doc(json!({"type": "null"})));
        assert_eq!(doc["components"]["schemas"]["S"], json!({"nullable": true}));
        assert_eq!(changes[0].message, "type null → no type, nullable");
    }

    #[test]
    fn null_branches_go_before_lone_nulls_become_nullable() {
        for branch in [json!({"type": "null"}), json!({"type": ["null"]})] {
            let (doc, changes) = run(
                null_branches,
                schema_doc(json!({"anyOf": [{"type": "string"}, branch]})),
            );
            assert_eq!(
                doc["components"]["schemas"]["S"],
                json!({"type": "string", "nullable": true})
            );
            assert_eq!(changes.len(), 1);
            let (_, changes) = run(type_arrays, doc);
            assert!(changes.is_empty(), "{changes:?}");
        }
        let order: Vec<&str> = crate::regen::normalize::PASSES
            .iter()
            .map(|p| p.name)
            .collect();
        let at = |name| order.iter().position(|p| *p == name);
        assert!(at("null-branches") < at("type-arrays"), "{order:?}");
    }

    #[test]
    fn null_branch_of_a_ref_becomes_nullable_all_of() {
        let (doc, _) = run(
            null_branches,
            schema_doc(
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"}),
            ),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn null_branch_of_an_inline_schema_merges_it() {
        // Seed 002's num_nodes: anyOf [{type: integer, minimum: 1}, {type: 'null'}], default 1.
        let (doc, changes) = run(
            null_branches,
            schema_doc(
                json!({"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "title": "Num Nodes", "default": 1}),
            ),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"title": "Num Nodes", "default": 1, "type": "integer", "minimum": 1, "nullable": true})
        );
        assert_eq!(changes.len(), 1);
        for branch in [
            json!({"enum": [null]}),
            json!({"const": null}),
            json!({"type": ["null"]}),
        ] {
            let (doc, _) = run(
                null_branches,
                schema_doc(json!({"oneOf": [{"type": "string"}, branch]})),
            );
            assert_eq!(
                doc["components"]["schemas"]["S"],
                json!({"type": "string", "nullable": true})
            );
        }
    }

    #[test]
    fn several_non_null_branches_stay_a_union() {
        let (doc, _) = run(
            null_branches,
            schema_doc(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
            ),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        let (doc, _) = run(
            constants,
            schema_doc(json!({"type": "string", "const": "v1"})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "string", "enum": ["v1"]})
        );
        let (doc, _) = run(
            examples,
            schema_doc(json!({"type": "string", "examples": ["a", "b"]})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "string", "example": "a"})
        );
        let (doc, _) = run(
            exclusive_bounds,
            schema_doc(json!({"type": "number", "exclusiveMinimum": 0})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
        // A tighter inclusive bound already there wins.
        let (doc, _) = run(
            exclusive_bounds,
            schema_doc(json!({"type": "number", "minimum": 5, "exclusiveMinimum": 0})),
        );
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"type": "number", "minimum": 5})
        );
    }
}
