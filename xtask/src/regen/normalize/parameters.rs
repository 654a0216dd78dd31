//! Parameters progenitor 0.15 cannot send as declared.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{Change, walk};

/// A header or path parameter whose schema is an array: progenitor formats it
/// with `to_string()`, which a `Vec` does not have, so the client does not
/// compile. In the `simple` style OpenAPI gives both (the only style headers
/// have, and the default of path parameters), an array travels as its items
/// joined with commas: the parameter becomes that string, and the caller joins
/// the items (`"a,b"`). Query arrays are left alone: progenitor sends them.
pub fn array_parameters(doc: &mut Value, changes: &mut Vec<Change>) {
    let arrays = array_components(doc);
    walk::parameters(doc, &mut |parameter, pointer| {
        let Some((place, schema)) = header_or_path(parameter) else {
            return;
        };
        let is_array = match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix("#/components/schemas/")
                .is_some_and(|name| arrays.contains(name)),
            None => schema.get("type").and_then(Value::as_str) == Some("array"),
        };
        if !is_array {
            return;
        }
        let mut replacement = json!({
            "type": "string",
            "description": "The items, joined with commas (`a,b`)."
        });
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            replacement["nullable"] = json!(true);
        }
        parameter["schema"] = replacement;
        changes.push(Change::new(
            &format!("{pointer}/schema"),
            format!("array {place} parameter → a string of the items joined with commas"),
        ));
    });
}

/// A header or path parameter whose schema is not one plain value. progenitor
/// writes such a parameter with `to_string()`: a `null` (`nullable`, or a
/// nullable component), a union (`oneOf: [string, array]`) or an object has
/// none, and the client did not compile. A path or header value is never
/// null, so `nullable` goes (a nullable component is copied inline without
/// it); any other schema that is not a string, number, integer, boolean or
/// string enum becomes a string, which the caller writes as the API expects.
/// Runs after `array-parameters`, which turns arrays into joined strings. The
/// items of a query array are never null either: their `nullable` goes too
/// (progenitor's mocks write each item with `to_string()`).
pub fn single_values(doc: &mut Value, changes: &mut Vec<Change>) {
    let schemas = crate::shared::refs::components(doc, "schemas");
    walk::parameters(doc, &mut |parameter, pointer| {
        if parameter.get("in").and_then(Value::as_str) == Some("query")
            && let Some(Value::Object(items)) = parameter.pointer_mut("/schema/items")
            && items.shift_remove("nullable").is_some()
        {
            changes.push(Change::new(
                &format!("{pointer}/schema/items"),
                "query array items are never null: nullable dropped",
            ));
        }
        let Some((place, schema)) = header_or_path(parameter) else {
            return;
        };
        let resolved = resolve(&schemas, &schema);
        let nullable = |s: &Value| s.get("nullable") == Some(&Value::Bool(true));
        let (replacement, why) = match resolved {
            Some(s) if is_plain(s) && !nullable(s) && !nullable(&schema) => return,
            Some(s) if is_plain(s) => {
                let mut copy = s.clone();
                if let Value::Object(map) = &mut copy {
                    map.shift_remove("nullable");
                }
                (
                    copy,
                    "a path or header value is never null: nullable dropped",
                )
            }
            _ => (
                json!({"type": "string", "description": "Written as the API documents it."}),
                "not one plain value (a union, an object, or unknown): passed as a string",
            ),
        };
        parameter["schema"] = replacement;
        changes.push(Change::new(
            &format!("{pointer}/schema"),
            format!("{place} parameter: {why}"),
        ));
    });
}

/// A schema progenitor can write with `to_string()`: a string, number,
/// integer or boolean, or a string enum, with no composition.
fn is_plain(schema: &Value) -> bool {
    let composed = ["oneOf", "anyOf", "allOf", "not", "$ref"]
        .iter()
        .any(|k| schema.get(*k).is_some());
    let scalar = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    ) || (schema.get("type").is_none()
        && schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(Value::is_string)));
    scalar && !composed
}

/// Query parameters whose value is an object, which progenitor 0.15 refuses
/// ("unsupported style of query parameter") or panics on, leaving the
/// operation out. On the wire such a parameter is one query parameter per
/// property, so it becomes exactly those:
/// - `style: deepObject` (`card[number]=…&card[cvc]=…`): one parameter per
///   property, named `card[number]`, nested objects `a[b][c]`;
/// - `style: form` with `explode` (the default for query parameters,
///   `number=…&cvc=…`): one parameter per property, named after it; a nested
///   object has no form in this style and is left out, named in the change;
/// - an array in `deepObject` style (`expand[]=a&expand[]=b`): an array
///   parameter named `expand[]`.
///
/// A property is required when the parameter and the property both are. The
/// parameter stays as it was when a name it would add is already taken, or
/// its schema is a map or a union. Such a parameter, or a cookie parameter
/// (progenitor sends no cookies), is left out when it is optional, so the
/// operation stays; a required one leaves the operation to be left out.
pub fn object_query_parameters(doc: &mut Value, changes: &mut Vec<Change>) {
    let parameters = crate::shared::refs::components(doc, "parameters");
    let schemas = crate::shared::refs::components(doc, "schemas");
    walk::operations(doc, &mut |op, _, _, pointer| {
        let Some(Value::Array(list)) = op.get_mut("parameters") else {
            return;
        };
        let resolved: Vec<Value> = list
            .iter()
            .map(|p| {
                crate::shared::refs::follow(&parameters, p, "#/components/parameters/", 8)
                    .cloned()
                    .unwrap_or_else(|| p.clone())
            })
            .collect();
        let mut taken: HashSet<String> = resolved
            .iter()
            .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
            .collect();
        let mut out = Vec::with_capacity(list.len());
        for (original, parameter) in list.iter().zip(&resolved) {
            let flat = (parameter.get("in").and_then(Value::as_str) == Some("query"))
                .then(|| flatten(parameter, &schemas))
                .flatten();
            match flat {
                Some((added, dropped))
                    if added.iter().all(|p| {
                        let name = p["name"].as_str().unwrap_or_default();
                        name == parameter["name"].as_str().unwrap_or_default()
                            || !taken.contains(name)
                    }) =>
                {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    let names: Vec<&str> =
                        added.iter().filter_map(|p| p["name"].as_str()).collect();
                    let mut message =
                        format!("object query parameter {name} → {}", names.join(", "));
                    if !dropped.is_empty() {
                        message.push_str(&format!(
                            " (left out, no form in this style: {})",
                            dropped.join(", ")
                        ));
                    }
                    changes.push(Change::new(&format!("{pointer}/parameters"), message));
                    taken.extend(names.iter().map(|n| n.to_string()));
                    out.extend(added);
                }
                _ if !sendable(parameter, &schemas)
                    && parameter.get("required") != Some(&Value::Bool(true)) =>
                {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    let place = parameter["in"].as_str().unwrap_or_default();
                    changes.push(Change::new(
                        &format!("{pointer}/parameters"),
                        format!(
                            "optional {place} parameter {name} left out: progenitor cannot send it (a cookie, or an object with no fixed properties)"
                        ),
                    ));
                }
                _ => out.push(original.clone()),
            }
        }
        *list = out;
    });
}

/// Whether progenitor can send the parameter: not a cookie, and not an object
/// query parameter (a map, or an object in a style with no form) left after
/// flattening.
fn sendable(parameter: &Value, schemas: &serde_json::Map<String, Value>) -> bool {
    match parameter.get("in").and_then(Value::as_str) {
        Some("cookie") => false,
        Some("query") => {
            let target = parameter.get("schema").and_then(|s| resolve(schemas, s));
            let object = target.is_some_and(|t| {
                t.get("type").and_then(Value::as_str) == Some("object")
                    || t.get("properties").is_some()
                    || t.get("additionalProperties").is_some_and(Value::is_object)
            });
            let deep = parameter.get("style").and_then(Value::as_str) == Some("deepObject");
            !(object || deep)
        }
        _ => true,
    }
}

/// The parameters an object (or deepObject array) query parameter stands
/// for, and the properties that have no form; `None` when it is neither.
fn flatten(
    parameter: &Value,
    schemas: &serde_json::Map<String, Value>,
) -> Option<(Vec<Value>, Vec<String>)> {
    let name = parameter.get("name")?.as_str()?;
    let schema = parameter.get("schema")?;
    let target = resolve(schemas, schema)?;
    let style = parameter
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or("form");
    let explode = parameter
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    let required = parameter.get("required") == Some(&Value::Bool(true));
    let kind = target.get("type").and_then(Value::as_str);
    if style == "deepObject" && kind == Some("array") {
        let mut param = json!({"name": format!("{name}[]"), "in": "query", "schema": schema.clone(), "style": "form", "explode": true});
        copy_doc(parameter, &mut param, required);
        return Some((vec![param], Vec::new()));
    }
    let properties = target.get("properties")?.as_object()?;
    if properties.is_empty()
        || ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| target.get(*k).is_some())
    {
        return None;
    }
    let mut added = Vec::new();
    let mut dropped = Vec::new();
    match (style, explode) {
        ("deepObject", _) => deep(name, target, required, schemas, &mut added, 0),
        ("form", true) => {
            let needed = required_names(target);
            for (property, property_schema) in properties {
                if is_object(property_schema, schemas) {
                    dropped.push(property.clone());
                    continue;
                }
                added.push(query(
                    property,
                    property_schema,
                    required && needed.contains(property),
                ));
            }
        }
        _ => return None,
    }
    Some((added, dropped))
}

/// `deepObject` parameters for `schema`'s properties under `prefix` (`card`
/// → `card[number]`, nested `a[b][c]`).
fn deep(
    prefix: &str,
    schema: &Value,
    required: bool,
    schemas: &serde_json::Map<String, Value>,
    out: &mut Vec<Value>,
    depth: usize,
) {
    let needed = required_names(schema);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (property, property_schema) in properties {
        let name = format!("{prefix}[{property}]");
        let required = required && needed.contains(property);
        match resolve(schemas, property_schema) {
            Some(t) if depth < 4 && is_object(property_schema, schemas) => {
                deep(&name, t, required, schemas, out, depth + 1)
            }
            _ => out.push(query(&name, property_schema, required)),
        }
    }
}

/// A query parameter for a property, documented by the property's schema.
fn query(name: &str, schema: &Value, required: bool) -> Value {
    let mut param = json!({"name": name, "in": "query", "schema": schema.clone()});
    copy_doc(schema, &mut param, required);
    param
}

/// `required` (when true) and `from`'s description on the parameter `to`.
fn copy_doc(from: &Value, to: &mut Value, required: bool) {
    if required {
        to["required"] = json!(true);
    }
    if let Some(description) = from.get("description") {
        to["description"] = description.clone();
    }
}

fn required_names(schema: &Value) -> HashSet<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// An object with properties (through `$ref`s).
fn is_object(schema: &Value, schemas: &serde_json::Map<String, Value>) -> bool {
    resolve(schemas, schema).is_some_and(|t| t.get("properties").is_some_and(Value::is_object))
}

/// `schema`, or the component schema its `$ref`s lead to.
fn resolve<'a>(
    schemas: &'a serde_json::Map<String, Value>,
    schema: &'a Value,
) -> Option<&'a Value> {
    crate::shared::refs::follow(schemas, schema, "#/components/schemas/", 8)
}

/// A `{name}` in a path that no parameter declares (svix's `/app/{app_id}`
/// operations declare none): progenitor panicked ("missing path name
/// mapping") and left the operation out. The parameter is added, a required
/// string, which is what a path segment is.
pub fn undeclared_path_parameters(doc: &mut Value, changes: &mut Vec<Change>) {
    let shared = crate::shared::refs::components(doc, "parameters");
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let names: Vec<String> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        if names.is_empty() {
            continue;
        }
        let declared_in = |list: Option<&Value>| -> HashSet<String> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    crate::shared::refs::follow(&shared, p, "#/components/parameters/", 8)
                })
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        };
        let Value::Object(item) = item else { continue };
        let shared_names = declared_in(item.get("parameters"));
        for method in walk::methods() {
            let Some(op @ Value::Object(_)) = item.get_mut(*method) else {
                continue;
            };
            let mut declared = declared_in(op.get("parameters"));
            declared.extend(shared_names.iter().cloned());
            let missing: Vec<&String> = names.iter().filter(|n| !declared.contains(*n)).collect();
            if missing.is_empty() {
                continue;
            }
            if !op.get("parameters").is_some_and(Value::is_array) {
                op["parameters"] = json!([]);
            }
            if let Some(Value::Array(list)) = op.get_mut("parameters") {
                for name in &missing {
                    list.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
                }
            }
            let names: Vec<&str> = missing.iter().map(|n| n.as_str()).collect();
            changes.push(Change::new(
                &crate::shared::error::pointer_push(
                    &crate::shared::error::pointer_push("/paths", path),
                    method,
                ),
                format!(
                    "path parameters declared nowhere, added as strings: {}",
                    names.join(", ")
                ),
            ));
        }
    }
}

/// `(in, schema)` of a header or path parameter that has a schema.
fn header_or_path(parameter: &Value) -> Option<(String, Value)> {
    let place = match parameter.get("in").and_then(Value::as_str) {
        Some(place @ ("header" | "path")) => place.to_string(),
        _ => return None,
    };
    Some((place, parameter.get("schema")?.clone()))
}

/// The component schemas that are arrays, directly or through `$ref`s.
fn array_components(doc: &Value) -> HashSet<String> {
    let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") else {
        return HashSet::new();
    };
    schemas
        .iter()
        .filter(|(_, schema)| {
            crate::shared::refs::follow(schemas, schema, "#/components/schemas/", 8)
                .and_then(|s| s.get("type"))
                .and_then(Value::as_str)
                == Some("array")
        })
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn header_and_path_arrays_become_comma_joined_strings() {
        let mut doc = json!({
            "paths": {"/a/{ids}": {
                "parameters": [{"name": "ids", "in": "path", "required": true,
                                "schema": {"type": "array", "items": {"type": "string"}}}],
                "get": {"parameters": [
                    {"name": "x-tags", "in": "header", "schema": {"$ref": "#/components/schemas/Tags"}},
                    {"name": "state", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "x-one", "in": "header", "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/Shared"},
                    {"name": "x-alias", "in": "header", "schema": {"$ref": "#/components/schemas/Alias"}}
                ]}
            }},
            "components": {
                "schemas": {
                    "Tags": {"type": "array", "items": {"type": "string"}},
                    "Alias": {"$ref": "#/components/schemas/Tags"}
                },
                "parameters": {"Shared": {"name": "x-more", "in": "header",
                                          "schema": {"type": "array", "items": {"type": "integer"}}}}
            }
        });
        let mut changes = Vec::new();
        array_parameters(&mut doc, &mut changes);
        let joined =
            json!({"type": "string", "description": "The items, joined with commas (`a,b`)."});
        let item = &doc["paths"]["/a/{ids}"];
        assert_eq!(item["parameters"][0]["schema"], joined);
        assert_eq!(item["get"]["parameters"][0]["schema"], joined);
        assert_eq!(item["get"]["parameters"][1]["schema"]["type"], "array");
        assert_eq!(item["get"]["parameters"][2]["schema"]["type"], "string");
        assert_eq!(doc["components"]["parameters"]["Shared"]["schema"], joined);
        let pointers: Vec<&str> = changes.iter().map(|c| c.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/parameters/Shared/schema",
                "/paths/~1a~1{ids}/parameters/0/schema",
                "/paths/~1a~1{ids}/get/parameters/0/schema",
                "/paths/~1a~1{ids}/get/parameters/4/schema",
            ]
        );
    }

    #[test]
    fn path_and_header_parameters_hold_one_plain_value() {
        let mut doc = json!({
            "paths": {"/t/{index}": {"get": {"parameters": [
                {"name": "index", "in": "path", "required": true, "schema": {"type": "integer", "nullable": true}},
                {"name": "If-None-Match", "in": "header", "schema": {"oneOf": [
                    {"type": "string"}, {"type": "array", "items": {"type": "string"}}
                ]}},
                {"name": "x-id", "in": "header", "schema": {"$ref": "#/components/schemas/MaybeId"}},
                {"name": "x-mode", "in": "header", "schema": {"$ref": "#/components/schemas/Mode"}},
                {"name": "filter", "in": "query", "schema": {"type": "object"}},
                {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string", "nullable": true}}}
            ]}}},
            "components": {"schemas": {
                "MaybeId": {"type": "string", "nullable": true, "format": "uuid"},
                "Mode": {"type": "string", "enum": ["a", "b"]}
            }}
        });
        let mut changes = Vec::new();
        single_values(&mut doc, &mut changes);
        let params = &doc["paths"]["/t/{index}"]["get"]["parameters"];
        assert_eq!(params[0]["schema"], json!({"type": "integer"}));
        assert_eq!(params[1]["schema"]["type"], "string");
        assert_eq!(
            params[2]["schema"],
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(
            params[3]["schema"],
            json!({"$ref": "#/components/schemas/Mode"})
        );
        assert_eq!(params[4]["schema"], json!({"type": "object"}));
        assert_eq!(
            params[5]["schema"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(changes.len(), 4, "{changes:?}");
    }

    #[test]
    fn object_query_parameters_become_one_per_property() {
        let mut doc = json!({
            "paths": {"/charges": {"get": {"parameters": [
                {"name": "card", "in": "query", "style": "deepObject", "required": true,
                 "schema": {"$ref": "#/components/schemas/Card"}},
                {"name": "expand", "in": "query", "style": "deepObject",
                 "schema": {"type": "array", "items": {"type": "string"}}},
                {"$ref": "#/components/parameters/Search"},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "clash", "in": "query", "schema": {"type": "object", "properties": {"limit": {"type": "integer"}}}},
                {"name": "labels", "in": "query", "schema": {"type": "object", "additionalProperties": {"type": "string"}}}
            ]}}},
            "components": {
                "parameters": {"Search": {"name": "search", "in": "query", "required": true, "schema": {
                    "type": "object", "required": ["q"], "properties": {
                        "q": {"type": "string", "description": "Text to find"},
                        "page": {"type": "integer"},
                        "nested": {"type": "object", "properties": {"x": {"type": "string"}}}
                    }
                }}},
                "schemas": {"Card": {"type": "object", "required": ["number"], "properties": {
                    "number": {"type": "string"},
                    "address": {"type": "object", "properties": {"zip": {"type": "string"}}}
                }}}
            }
        });
        let mut changes = Vec::new();
        object_query_parameters(&mut doc, &mut changes);
        let params = doc["paths"]["/charges"]["get"]["parameters"]
            .as_array()
            .expect("list");
        let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "card[number]",
                "card[address][zip]",
                "expand[]",
                "q",
                "page",
                "limit"
            ]
        );
        assert_eq!(params[0]["required"], json!(true));
        assert!(params[1].get("required").is_none());
        assert_eq!(params[2]["explode"], json!(true));
        assert_eq!(params[3]["required"], json!(true));
        assert_eq!(params[3]["description"], "Text to find");
        assert_eq!(changes.len(), 5, "{changes:?}");
        assert!(
            changes[3]
                .message
                .starts_with("optional query parameter clash left out"),
            "{changes:?}"
        );
        assert!(
            changes[4]
                .message
                .starts_with("optional query parameter labels left out"),
            "{changes:?}"
        );
        assert!(
            changes[2]
                .message
                .contains("left out, no form in this style: nested"),
            "{changes:?}"
        );
    }

    #[test]
    fn path_parameters_declared_nowhere_are_added() {
        let mut doc = json!({
            "paths": {"/app/{app_id}/msg/{msg_id}": {
                "parameters": [{"$ref": "#/components/parameters/Msg"}],
                "get": {"responses": {}},
                "delete": {"parameters": [{"name": "app_id", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {}}
            }},
            "components": {"parameters": {"Msg": {"name": "msg_id", "in": "path", "required": true, "schema": {"type": "string"}}}}
        });
        let mut changes = Vec::new();
        undeclared_path_parameters(&mut doc, &mut changes);
        let item = &doc["paths"]["/app/{app_id}/msg/{msg_id}"];
        assert_eq!(
            item["get"]["parameters"],
            json!([{"name": "app_id", "in": "path", "required": true, "schema": {"type": "string"}}])
        );
        assert_eq!(
            item["delete"]["parameters"].as_array().map(Vec::len),
            Some(1)
        );
        assert_eq!(changes.len(), 1, "{changes:?}");
    }
}
