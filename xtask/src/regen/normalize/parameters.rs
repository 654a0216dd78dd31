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
        let place = match parameter.get("in").and_then(Value::as_str) {
            Some(place @ ("header" | "path")) => place.to_string(),
            _ => return,
        };
        let Some(schema) = parameter.get("schema") else {
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
/// Runs after `array-parameters`, which turns arrays into joined strings.
pub fn single_values(doc: &mut Value, changes: &mut Vec<Change>) {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    walk::parameters(doc, &mut |parameter, pointer| {
        let place = match parameter.get("in").and_then(Value::as_str) {
            Some(place @ ("header" | "path")) => place.to_string(),
            _ => return,
        };
        let Some(schema) = parameter.get("schema") else {
            return;
        };
        let resolved = crate::shared::refs::follow(&schemas, schema, "#/components/schemas/", 8);
        let nullable = |s: &Value| s.get("nullable") == Some(&Value::Bool(true));
        let (replacement, why) = match resolved {
            Some(s) if is_plain(s) && !nullable(s) && !nullable(schema) => return,
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
                {"name": "filter", "in": "query", "schema": {"type": "object"}}
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
        assert_eq!(changes.len(), 3, "{changes:?}");
    }
}
