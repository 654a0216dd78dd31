//! Passes over schema keywords openapiv3 2.2 refuses: bounds it cannot hold,
//! and `$defs`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Change, walk};
use crate::error::pointer_push;

/// Integer bounds and sizes openapiv3 reads as `i64`/`usize`: a float becomes an
/// integer, rounded inward (`minimum: 0.5` → 1, `maximum: 7.5` → 7, sizes down);
/// a bound outside `i64` (real documents put `1.8446744073709552e19` on uint64
/// fields) is dropped, since the Rust type's own range applies anyway.
pub fn bounds(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let is_integer = schema.get("type").and_then(Value::as_str) == Some("integer");
        let Value::Object(map) = schema else { return };
        let mut keys: Vec<&str> = vec![
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
        ];
        if is_integer {
            keys.extend(["minimum", "maximum", "multipleOf"]);
        }
        for key in keys {
            let Some(Value::Number(n)) = map.get(key).cloned() else {
                continue;
            };
            if n.is_i64() && (is_integer || n.as_i64().is_some_and(|v| v >= 0)) {
                continue;
            }
            let unsigned = key != "minimum" && key != "maximum";
            let rounded = n.as_f64().and_then(|f| match key {
                // A fractional step has no integer meaning.
                "multipleOf" => (f.fract() == 0.0).then_some(f),
                k if k.starts_with("min") => Some(f.ceil()),
                _ => Some(f.floor()),
            });
            let fixed = rounded.and_then(|f| {
                let in_range = if unsigned {
                    (0.0..9.0e15).contains(&f)
                } else {
                    (-9.0e15..9.0e15).contains(&f)
                };
                in_range.then_some(f as i64)
            });
            match fixed {
                Some(v) => {
                    map.insert(key.into(), json!(v));
                    changes.push(Change::new(pointer, format!("{key}: {n} → {v}")));
                }
                None => {
                    map.shift_remove(key);
                    changes.push(Change::new(
                        pointer,
                        format!("{key}: {n} cannot be held: dropped"),
                    ));
                }
            }
        }
    });
}

/// An object with properties and an explicit `additionalProperties: true` keeps
/// the fields it does not list: `{}` (equally permissive) makes typify add a
/// flattened `extra` map, where `true` makes it drop them.
pub fn extra_fields(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let has_properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        if has_properties && schema.get("additionalProperties") == Some(&Value::Bool(true)) {
            schema["additionalProperties"] = json!({});
            changes.push(Change::new(
                pointer,
                "additionalProperties: true → {} (unlisted fields kept in `extra`)",
            ));
        }
    });
}

/// `$defs` (at the root or inside schemas) move to `components/schemas`, and
/// every `$ref` to them follows.
pub fn defs(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut moved: BTreeMap<String, (String, Value)> = BTreeMap::new();
    collect_defs(doc, "", &mut moved, &mut Vec::new());
    if moved.is_empty() {
        return;
    }
    remove_defs(doc);
    let Value::Object(root) = doc else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()
        .map(|c| c.entry("schemas").or_insert_with(|| json!({})));
    let Some(Value::Object(schemas)) = schemas else {
        return;
    };
    let mut renames = BTreeMap::new();
    for (old_pointer, (name, schema)) in moved {
        let mut unique = name.clone();
        let mut n = 2;
        while schemas.contains_key(&unique) {
            unique = format!("{name}{n}");
            n += 1;
        }
        schemas.insert(unique.clone(), schema);
        changes.push(Change::new(
            &old_pointer,
            format!("$defs entry → #/components/schemas/{unique}"),
        ));
        renames.insert(
            format!("#{old_pointer}"),
            format!("#/components/schemas/{unique}"),
        );
    }
    rewrite_refs(doc, &renames);
}

fn collect_defs(
    value: &Value,
    pointer: &str,
    out: &mut BTreeMap<String, (String, Value)>,
    names: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let at = pointer_push(pointer, k);
                if k == "$defs"
                    && let Value::Object(defs) = v
                {
                    let parent = names.last().cloned().unwrap_or_default();
                    for (name, schema) in defs {
                        let full = if parent.is_empty() {
                            name.clone()
                        } else {
                            format!("{parent}_{name}")
                        };
                        let mut schema = schema.clone();
                        if let Value::Object(m) = &mut schema {
                            // Nested $defs are collected from the original position.
                            m.shift_remove("$defs");
                        }
                        out.insert(pointer_push(&at, name), (full.clone(), schema));
                        names.push(full);
                        collect_defs(
                            v.get(name).unwrap_or(&Value::Null),
                            &pointer_push(&at, name),
                            out,
                            names,
                        );
                        names.pop();
                    }
                    continue;
                }
                let is_named = pointer == "/components/schemas";
                if is_named {
                    names.push(k.clone());
                }
                collect_defs(v, &at, out, names);
                if is_named {
                    names.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_defs(v, &pointer_push(pointer, &i.to_string()), out, names);
            }
        }
        _ => {}
    }
}

fn remove_defs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.shift_remove("$defs");
            for v in map.values_mut() {
                remove_defs(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(remove_defs),
        _ => {}
    }
}

/// Rewrites every `$ref` whose value is a key of `renames`.
pub fn rewrite_refs(value: &mut Value, renames: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(new) = renames.get(r.as_str())
            {
                *r = new.clone();
            }
            map.values_mut().for_each(|v| rewrite_refs(v, renames));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn huge_and_fractional_bounds_are_fixed_or_dropped() {
        let mut doc = json!({"components": {"schemas": {
            "U": {"type": "integer", "format": "uint64", "minimum": 0, "maximum": 1.8446744073709552e19},
            "F": {"type": "integer", "minimum": 1.0, "maximum": 2.5},
            "S": {"type": "string", "maxLength": 64.0}
        }}});
        let mut changes = Vec::new();
        bounds(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["U"],
            json!({"type": "integer", "format": "uint64", "minimum": 0})
        );
        assert_eq!(
            s["F"],
            json!({"type": "integer", "minimum": 1, "maximum": 2})
        );
        assert_eq!(s["S"], json!({"type": "string", "maxLength": 64}));
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn explicit_additional_properties_are_kept() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"m": {"type": "string"}}, "additionalProperties": true},
            "B": {"type": "object", "additionalProperties": true},
            "C": {"type": "object", "properties": {"m": {"type": "string"}}}
        }}});
        let mut changes = Vec::new();
        extra_fields(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A"]["additionalProperties"], json!({}));
        assert_eq!(s["B"]["additionalProperties"], json!(true));
        assert!(s["C"].get("additionalProperties").is_none());
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn defs_move_to_components_and_refs_follow() {
        let mut doc = json!({
            "$defs": {"Root": {"type": "string"}},
            "components": {"schemas": {"A": {
                "$defs": {"Inner": {"type": "integer"}},
                "properties": {
                    "x": {"$ref": "#/components/schemas/A/$defs/Inner"},
                    "y": {"$ref": "#/$defs/Root"}
                }
            }}}
        });
        let mut changes = Vec::new();
        defs(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A_Inner"], json!({"type": "integer"}));
        assert_eq!(s["Root"], json!({"type": "string"}));
        assert_eq!(
            s["A"]["properties"]["x"]["$ref"],
            "#/components/schemas/A_Inner"
        );
        assert_eq!(
            s["A"]["properties"]["y"]["$ref"],
            "#/components/schemas/Root"
        );
        assert!(s["A"].get("$defs").is_none() && doc.get("$defs").is_none());
        assert_eq!(changes.len(), 2);
    }
}
