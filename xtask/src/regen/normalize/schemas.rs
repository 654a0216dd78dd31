//! Passes over schema keywords openapiv3 2.2 or typify refuse: bounds openapiv3
//! cannot hold, defaults that do not fit their schema, and `$defs`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Change, walk};
use crate::shared::error::pointer_push;

/// Integer bounds and sizes openapiv3 reads as `i64`/`usize`: a float becomes an
/// integer, rounded inward (`minimum: 0.5` → 1, `maximum: 7.5` → 7, sizes down);
/// a bound outside `i64` (real documents put `1.8446744073709552e19` on uint64
/// fields) is dropped, since the Rust type's own range applies anyway. A lower
/// size bound of 0 (`minLength: 0`, `minItems: 0`, `minProperties: 0`) allows
/// everything and is dropped: typify would check it with a comparison rustc
/// warns is useless. A `format` on an object, array or boolean, where it means
/// nothing, is dropped too.
pub fn bounds(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let is_integer = schema.get("type").and_then(Value::as_str) == Some("integer");
        let Value::Object(map) = schema else { return };
        // A `format` on an object, array or boolean means nothing, and typify
        // gives up on the whole schema (`type: object, format: object`).
        if matches!(
            map.get("type").and_then(Value::as_str),
            Some("object" | "array" | "boolean")
        ) && let Some(format) = map.shift_remove("format")
        {
            changes.push(Change::new(
                pointer,
                format!("format {format} on a non-scalar type: dropped"),
            ));
        }
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
            if key.starts_with("min") && key != "minimum" && n.as_f64() == Some(0.0) {
                map.shift_remove(key);
                changes.push(Change::new(
                    pointer,
                    format!("{key}: 0 allows everything: dropped"),
                ));
                continue;
            }
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

/// A `default` that does not fit its schema, which typify refuses for the whole
/// document ("value does not conform to the given schema"). Generators such as
/// utoipa write defaults as strings (`default: "false"`, `"32"`, `"null"`): a
/// string that reads as JSON of the schema's type becomes that value; any other
/// default that does not fit is dropped (a default only fills what the caller
/// leaves out). Checked: the type, `nullable`, and `enum` membership, through a
/// `$ref` or a one-element `allOf` to a component schema; other compositions are
/// judged only on `null` (and the string `"null"` on a nullable one becomes null).
pub fn defaults(doc: &mut Value, changes: &mut Vec<Change>) {
    let components = doc
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or(Value::Null);
    walk::schemas(doc, &mut |schema, pointer| {
        let Some(default) = schema.get("default") else {
            return;
        };
        let fits = |value: &Value| fits(schema, value, &components, false, 0);
        let verdict = fits(default);
        // Where the type cannot be judged (a oneOf behind the reference), only
        // the string "null" on a nullable schema is read: a generator's slip.
        let null_text = default.as_str() == Some("null");
        if verdict == Some(true) || (verdict.is_none() && !null_text) {
            return;
        }
        let shown = default.to_string();
        let parsed = default
            .as_str()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .filter(|value| fits(value) == Some(true));
        let Value::Object(map) = schema else { return };
        match parsed {
            Some(value) => {
                let message = format!("default: {shown} (a string) → {value}");
                map.insert("default".into(), value);
                changes.push(Change::new(pointer, message));
            }
            None => {
                map.shift_remove("default");
                changes.push(Change::new(
                    pointer,
                    format!("default: {shown} does not fit the schema: dropped"),
                ));
            }
        }
    });
}

/// Whether `value` fits `schema`'s type, nullability and enum (`nullable` also
/// when a referring schema said so): `None` where there is no single type to
/// judge a non-null value by.
fn fits(
    schema: &Value,
    value: &Value,
    components: &Value,
    nullable: bool,
    depth: u8,
) -> Option<bool> {
    let nullable = nullable || schema.get("nullable") == Some(&Value::Bool(true));
    let listed = schema.get("enum").and_then(Value::as_array);
    if let Some(values) = listed
        && !values.contains(value)
        && !(value.is_null() && nullable)
    {
        return Some(false);
    }
    let Some(kind) = schema.get("type").and_then(Value::as_str) else {
        // A reference, or a one-element allOf (how 3.0 adds `nullable` to one).
        let target = match (schema.get("$ref"), schema.get("allOf")) {
            (Some(Value::String(r)), _) => Some(r.as_str()),
            (None, Some(Value::Array(all))) if all.len() == 1 => {
                all[0].get("$ref").and_then(Value::as_str)
            }
            _ => None,
        };
        let resolved = target
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| components.get(name))
            .filter(|_| depth < 8);
        return match resolved {
            Some(target) => fits(target, value, components, nullable, depth + 1),
            None if value.is_null() => Some(nullable || listed.is_some()),
            None => None,
        };
    };
    if value.is_null() {
        return Some(nullable || listed.is_some());
    }
    let fits = match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => return None,
    };
    Some(fits)
}

/// An `enum` that lists `null` (how 3.0.3 spells a nullable enum, and what 3.1's
/// `const: null` becomes): typify wraps such an enum in an `Option` newtype of
/// the same name, which does not compile. `null` leaves the list and the schema
/// becomes `nullable` (a list of only `null` goes, leaving a schema that is
/// always null).
///
/// A value listed twice is listed once: two variants for one value made the
/// second unreachable (rustc warns).
pub fn null_enums(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let Some(Value::Array(values)) = schema.get_mut("enum") else {
            return;
        };
        let before = values.len();
        let mut seen: Vec<Value> = Vec::with_capacity(before);
        values.retain(|v| {
            let first = !seen.contains(v);
            if first {
                seen.push(v.clone());
            }
            first
        });
        if values.len() != before {
            changes.push(Change::new(
                pointer,
                format!(
                    "enum lists {} value(s) twice: listed once",
                    before - values.len()
                ),
            ));
        }
        if !values.iter().any(Value::is_null) {
            return;
        }
        values.retain(|v| !v.is_null());
        let emptied = values.is_empty();
        // The type the remaining values share, for an enum that gives none
        // (typify refuses a nullable enum without one).
        let shared = |f: fn(&Value) -> bool| !values.is_empty() && values.iter().all(f);
        let implied = if shared(Value::is_string) {
            Some("string")
        } else if shared(|v| v.is_i64() || v.is_u64()) {
            Some("integer")
        } else if shared(Value::is_number) {
            Some("number")
        } else if shared(Value::is_boolean) {
            Some("boolean")
        } else {
            None
        };
        let Value::Object(map) = schema else { return };
        if emptied {
            map.shift_remove("enum");
        }
        if let Some(t) = implied
            && !map.contains_key("type")
        {
            map.insert("type".into(), json!(t));
        }
        map.insert("nullable".into(), json!(true));
        changes.push(Change::new(
            pointer,
            if emptied {
                "enum [null] → no enum, nullable"
            } else {
                "null in enum → the other values, nullable"
            },
        ));
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

/// The `title` of an inline schema, which typify prefers to the name the
/// schema's place suggests, where two types would get the same name: titles
/// that FastAPI and pydantic write on every property (`Object`, `Data`) made
/// typify merge unrelated types, or emit one name twice. A title two or more
/// inline schemas share, or that is also a component schema's name (as Rust
/// names), is dropped from the inline schemas, which are then named after
/// their place; a title used once stays, so existing names do not move.
pub fn titles(doc: &mut Value, changes: &mut Vec<Change>) {
    use heck::ToPascalCase;
    let components: std::collections::HashSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| k.to_pascal_case()).collect())
        .unwrap_or_default();
    let is_inline = |pointer: &str| {
        !(pointer.starts_with("/components/schemas/") && pointer.matches('/').count() == 3)
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    walk::schemas(doc, &mut |schema, pointer| {
        if is_inline(pointer)
            && let Some(Value::String(title)) = schema.get("title")
        {
            *counts.entry(title.to_pascal_case()).or_default() += 1;
        }
    });
    walk::schemas(doc, &mut |schema, pointer| {
        if !is_inline(pointer) {
            return;
        }
        let Some(Value::String(title)) = schema.get("title").cloned() else {
            return;
        };
        let name = title.to_pascal_case();
        let shared = counts.get(&name).is_some_and(|n| *n > 1);
        if (shared || components.contains(&name))
            && let Value::Object(map) = schema
        {
            changes.push(Change::new(
                pointer,
                format!(
                    "title {title:?} dropped: {}",
                    if shared {
                        "other inline schemas have it too"
                    } else {
                        "a component schema has that name"
                    }
                ),
            ));
            map.shift_remove("title");
        }
    });
}

/// A `pattern` the generated code could not compile. typify checks patterns
/// with regress (ECMAScript syntax) and refused the whole document over one
/// written for another engine. Python's named groups (`(?P<name>…)`) are
/// rewritten to ECMAScript's (`(?<name>…)`); a pattern still refused is
/// dropped (it only validates values, and the server checks them anyway).
pub fn patterns(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let Some(Value::String(pattern)) = schema.get("pattern").cloned() else {
            return;
        };
        if regress::Regex::new(&pattern).is_ok() {
            return;
        }
        let rewritten = pattern.replace("(?P<", "(?<");
        let Value::Object(map) = schema else { return };
        if rewritten != pattern && regress::Regex::new(&rewritten).is_ok() {
            changes.push(Change::new(
                pointer,
                "pattern: Python named groups (?P<…>) → (?<…>)",
            ));
            map.insert("pattern".into(), Value::String(rewritten));
        } else {
            let message = regress::Regex::new(&pattern)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            changes.push(Change::new(
                pointer,
                format!("pattern not ECMAScript ({message}): dropped"),
            ));
            map.shift_remove("pattern");
        }
    });
}

/// Schema `$ref`s typify cannot follow, which failed every schema that reached
/// them (and so the whole document):
/// - a reference into the inside of a schema, response or parameter
///   (`#/components/schemas/Tag/allOf/0`): its target is copied to a component
///   schema of its own (`Tag_allOf_0`), and every reference to it points there;
/// - a local reference to nothing (`#/$defs/X` where there are no `$defs`): the
///   schema becomes `{}`, any value, so only that value loses its type.
pub fn schema_refs(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    // A hoisted schema may itself hold references into others: a few rounds.
    for _ in 0..8 {
        let mut found: Vec<String> = Vec::new();
        walk::schemas(doc, &mut |schema, _| {
            if let Some(Value::String(r)) = schema.get("$ref")
                && is_inner_ref(r)
                && !hoisted.contains_key(r)
                && !found.contains(r)
            {
                found.push(r.clone());
            }
        });
        if found.is_empty() {
            break;
        }
        for r in found {
            let Some(target) = super::super::validate::resolve(doc, &r[1..]).cloned() else {
                continue;
            };
            let name = unique_component_name(doc, &r[1..]);
            changes.push(Change::new(
                &format!("/components/schemas/{name}"),
                format!(
                    "{r} copied here: typify follows only references to whole component schemas"
                ),
            ));
            if let Some(Value::Object(schemas)) = ensure_schemas(doc) {
                schemas.insert(name.clone(), target);
            }
            hoisted.insert(r, format!("#/components/schemas/{name}"));
        }
        walk::schemas(doc, &mut |schema, _| {
            if let Some(Value::String(r)) = schema.get_mut("$ref")
                && let Some(new) = hoisted.get(r.as_str())
            {
                *r = new.clone();
            }
        });
    }
    let snapshot = doc.clone();
    walk::schemas(doc, &mut |schema, pointer| {
        if let Some(Value::String(r)) = schema.get("$ref")
            && let Some(local) = r.strip_prefix('#')
            && super::super::validate::resolve(&snapshot, local).is_none()
        {
            changes.push(Change::new(
                pointer,
                format!("{r} points at nothing: any value"),
            ));
            *schema = json!({});
        }
    });
}

/// A local reference that is not to a whole component schema.
fn is_inner_ref(r: &str) -> bool {
    let Some(rest) = r.strip_prefix("#/") else {
        return false;
    };
    match rest.strip_prefix("components/schemas/") {
        Some(name) => name.contains('/'),
        None => !rest.starts_with("$defs/") || rest["$defs/".len()..].contains('/'),
    }
}

/// `components.schemas`, created if the document has none.
fn ensure_schemas(doc: &mut Value) -> Option<&mut Value> {
    let root = doc.as_object_mut()?;
    let components = root.entry("components").or_insert_with(|| json!({}));
    let components = components.as_object_mut()?;
    Some(components.entry("schemas").or_insert_with(|| json!({})))
}

/// A component schema name for the value at `pointer`, not yet taken:
/// `/components/schemas/Tag/allOf/0` → `Tag_allOf_0`.
fn unique_component_name(doc: &Value, pointer: &str) -> String {
    let tokens: Vec<String> = crate::shared::error::pointer_tokens(pointer)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let skip = match tokens.first().map(String::as_str) {
        Some("components") => 2,
        _ => 0,
    };
    let base: String = tokens[skip.min(tokens.len())..]
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("_");
    let base = if base.is_empty() {
        "Schema".to_string()
    } else {
        base
    };
    let taken = |name: &str| {
        doc.pointer("/components/schemas")
            .and_then(|s| s.get(name))
            .is_some()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
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
    fn inner_and_dangling_schema_refs_are_fixed() {
        let mut doc = json!({
            "paths": {"/t": {"get": {"responses": {"409": {"description": "c", "content": {"application/json": {
                "schema": {"$ref": "#/components/responses/Conflict/content/application~1json/schema"}
            }}}}}}},
            "components": {
                "responses": {"Conflict": {"description": "c", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"error": {"$ref": "#/components/schemas/Tag/allOf/0"}}}
                }}}},
                "schemas": {
                    "Tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]},
                    "Tag_allOf_0": {"type": "string"},
                    "User": {"properties": {
                        "tag": {"$ref": "#/components/schemas/Tag/allOf/0"},
                        "lost": {"$ref": "#/$defs/Missing"},
                        "fine": {"$ref": "#/components/schemas/Tag"}
                    }}
                }
            }
        });
        let mut changes = Vec::new();
        schema_refs(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        // `Tag_allOf_0` was taken.
        assert_eq!(
            s["Tag_allOf_0_2"],
            json!({"type": "object", "properties": {"id": {"type": "string"}}})
        );
        assert_eq!(
            s["User"]["properties"]["tag"],
            json!({"$ref": "#/components/schemas/Tag_allOf_0_2"})
        );
        assert_eq!(s["User"]["properties"]["lost"], json!({}));
        assert_eq!(
            s["User"]["properties"]["fine"],
            json!({"$ref": "#/components/schemas/Tag"})
        );
        let response =
            &doc["paths"]["/t"]["get"]["responses"]["409"]["content"]["application/json"]["schema"];
        assert_eq!(
            response,
            &json!({"$ref": "#/components/schemas/Conflict_content_application_json_schema"})
        );
        // The copy's own inner reference was hoisted in the next round.
        assert_eq!(
            s["Conflict_content_application_json_schema"]["properties"]["error"],
            json!({"$ref": "#/components/schemas/Tag_allOf_0_2"})
        );
        assert_eq!(changes.len(), 3, "{changes:?}");
    }

    #[test]
    fn patterns_are_made_ecmascript_or_dropped() {
        let mut doc = json!({"components": {"schemas": {
            "Py": {"type": "string", "pattern": "^(?P<kind>[a-z]+):(?P<id>\\d+)$"},
            "Bad": {"type": "string", "pattern": "(?i)^abc$"},
            "Fine": {"type": "string", "pattern": "^[a-z]{2,8}$"}
        }}});
        let mut changes = Vec::new();
        patterns(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Py"]["pattern"], "^(?<kind>[a-z]+):(?<id>\\d+)$");
        assert!(s["Bad"].get("pattern").is_none(), "{}", s["Bad"]);
        assert_eq!(s["Fine"]["pattern"], "^[a-z]{2,8}$");
        assert_eq!(changes.len(), 2, "{changes:?}");
    }

    #[test]
    fn enum_values_listed_twice_are_listed_once() {
        let mut doc = json!({"components": {"schemas": {
            "Mode": {"type": "string", "enum": ["A", "B", "A", "B", "C"]}
        }}});
        let mut changes = Vec::new();
        null_enums(&mut doc, &mut changes);
        assert_eq!(
            doc["components"]["schemas"]["Mode"]["enum"],
            json!(["A", "B", "C"])
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
    }

    #[test]
    fn inline_titles_that_would_clash_are_dropped() {
        let mut doc = json!({"components": {"schemas": {
            "Result": {"title": "Result", "properties": {
                "object": {"type": "string", "enum": ["list"], "title": "Object"},
                "usage": {"type": "object", "title": "Usage"},
                "kind": {"type": "string", "title": "Kind"}
            }},
            "Item": {"properties": {
                "object": {"type": "string", "enum": ["embedding"], "title": "Object"}
            }},
            "Usage": {"type": "object"}
        }}});
        let mut changes = Vec::new();
        titles(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Result"]["title"], "Result");
        assert!(s["Result"]["properties"]["object"].get("title").is_none());
        assert!(s["Item"]["properties"]["object"].get("title").is_none());
        assert!(s["Result"]["properties"]["usage"].get("title").is_none());
        assert_eq!(s["Result"]["properties"]["kind"]["title"], "Kind");
        assert_eq!(changes.len(), 3, "{changes:?}");
    }

    #[test]
    fn zero_lower_size_bounds_are_dropped() {
        let mut doc = json!({"components": {"schemas": {
            "S": {"type": "string", "minLength": 0, "maxLength": 8},
            "A": {"type": "array", "items": {"type": "string"}, "minItems": 0},
            "O": {"type": "object", "minProperties": 0, "format": "object"},
            "I": {"type": "integer", "minimum": 0},
            "T": {"type": "string", "minLength": 1}
        }}});
        let mut changes = Vec::new();
        bounds(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["S"], json!({"type": "string", "maxLength": 8}));
        assert_eq!(
            s["A"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(s["O"], json!({"type": "object"}));
        assert_eq!(s["I"], json!({"type": "integer", "minimum": 0}));
        assert_eq!(s["T"], json!({"type": "string", "minLength": 1}));
        assert_eq!(changes.len(), 4, "{changes:?}");
    }

    #[test]
    fn defaults_that_do_not_fit_are_read_as_json_or_dropped() {
        let mut doc = json!({"components": {"schemas": {
          "G": {"type": "object", "properties": {"k": {"type": "integer"}}},
          "Name": {"type": "string"},
          "U": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
          "P": {"properties": {
            "flag": {"type": "boolean", "default": "false"},
            "count": {"type": "integer", "nullable": true, "default": "32"},
            "name": {"type": "string", "nullable": true, "default": "null"},
            "grammar": {"allOf": [{"$ref": "#/components/schemas/G"}], "nullable": true, "default": "null"},
            "mode": {"type": "string", "enum": ["a", "b"], "default": "c"},
            "ratio": {"type": "number", "default": "fast"},
            "plain": {"type": "string", "default": "false"},
            "fine": {"type": "integer", "default": 3},
            "none": {"type": "string", "nullable": true, "default": null},
            "strict": {"type": "string", "default": null},
            "shape": {"$ref": "#/components/schemas/G", "default": {"k": 1}},
            "label": {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": true, "default": "null"},
            "any": {"oneOf": [{"type": "string"}, {"type": "integer"}], "default": "x"},
            "union": {"allOf": [{"$ref": "#/components/schemas/U"}], "nullable": true, "default": "null"}
        }}}}});
        let mut changes = Vec::new();
        defaults(&mut doc, &mut changes);
        let p = &doc["components"]["schemas"]["P"]["properties"];
        assert_eq!(p["flag"]["default"], json!(false));
        assert_eq!(p["count"]["default"], json!(32));
        // A string is a string, even "null".
        assert_eq!(p["name"]["default"], json!("null"));
        assert_eq!(p["grammar"]["default"], json!(null));
        assert!(p["mode"].get("default").is_none());
        assert!(p["ratio"].get("default").is_none());
        assert!(p["strict"].get("default").is_none());
        // Fitting defaults, and those it cannot judge, stay as they are.
        assert_eq!(p["plain"]["default"], json!("false"));
        assert_eq!(p["fine"]["default"], json!(3));
        assert_eq!(p["none"]["default"], json!(null));
        assert_eq!(p["shape"]["default"], json!({"k": 1}));
        assert_eq!(p["label"]["default"], json!("null"));
        assert_eq!(p["any"]["default"], json!("x"));
        assert_eq!(p["union"]["default"], json!(null));
        let messages: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(changes.len(), 7, "{messages:?}");
        assert!(
            messages.contains(&"default: \"32\" (a string) → 32"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"default: \"c\" does not fit the schema: dropped"),
            "{messages:?}"
        );
    }

    #[test]
    fn null_in_an_enum_becomes_nullable() {
        let mut doc = json!({"components": {"schemas": {
            "Level": {"type": "string", "enum": [null, "info", "error"]},
            "Never": {"enum": [null]},
            "Untyped": {"enum": [null, "local"]},
            "Plain": {"type": "string", "enum": ["a"]}
        }}});
        let mut changes = Vec::new();
        null_enums(&mut doc, &mut changes);
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Level"],
            json!({"type": "string", "enum": ["info", "error"], "nullable": true})
        );
        assert_eq!(s["Never"], json!({"nullable": true}));
        assert_eq!(
            s["Untyped"],
            json!({"enum": ["local"], "type": "string", "nullable": true})
        );
        assert_eq!(s["Plain"], json!({"type": "string", "enum": ["a"]}));
        assert_eq!(changes.len(), 3);
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
