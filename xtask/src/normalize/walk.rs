//! Finding every schema object in a document, wherever OpenAPI lets one stand.

use serde_json::Value;

use crate::error::pointer_push;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f` on every schema object of `doc`, parents before children, with its JSON pointer.
///
/// A pass that rewrites a schema sees its rewritten children afterwards, so one
/// walk handles nested forms.
pub fn schemas(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    for root in root_schema_pointers(doc) {
        if let Some(schema) = doc.pointer_mut(&root) {
            visit(schema, &root, f);
        }
    }
}

/// Calls `f` on every operation object, with its path, method and pointer.
pub fn operations(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str, &str, &str)) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            if let Some(op @ Value::Object(_)) = item.get_mut(method) {
                let pointer = pointer_push(&pointer_push("/paths", path), method);
                f(op, path, method, &pointer);
            }
        }
    }
}

/// Calls `f` on every parameter object (not a `$ref`) of `doc`, with its
/// pointer: those of `components/parameters`, of path items and of operations.
pub fn parameters(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    let each = |list: Option<&mut Value>, base: &str, f: &mut dyn FnMut(&mut Value, &str)| {
        if let Some(Value::Array(list)) = list {
            for (i, p) in list.iter_mut().enumerate() {
                if p.is_object() && p.get("$ref").is_none() {
                    f(p, &pointer_push(base, &i.to_string()));
                }
            }
        }
    };
    if let Some(Value::Object(shared)) = doc.pointer_mut("/components/parameters") {
        for (name, p) in shared.iter_mut() {
            if p.is_object() && p.get("$ref").is_none() {
                f(p, &pointer_push("/components/parameters", name));
            }
        }
    }
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let item_ptr = pointer_push("/paths", path);
        let Value::Object(item) = item else { continue };
        each(
            item.get_mut("parameters"),
            &pointer_push(&item_ptr, "parameters"),
            f,
        );
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                let base = pointer_push(&pointer_push(&item_ptr, method), "parameters");
                each(op.get_mut("parameters"), &base, f);
            }
        }
    }
}

/// The HTTP methods OpenAPI path items may hold, in document order of preference.
pub fn methods() -> &'static [&'static str] {
    &METHODS
}

fn visit(schema: &mut Value, pointer: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    if !schema.is_object() {
        return;
    }
    f(schema, pointer);
    let Value::Object(map) = schema else { return };
    for key in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(Value::Object(children)) = map.get_mut(key) {
            let base = pointer_push(pointer, key);
            for (name, child) in children.iter_mut() {
                visit(child, &pointer_push(&base, name), f);
            }
        }
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
    ] {
        if let Some(child) = map.get_mut(key) {
            let base = pointer_push(pointer, key);
            match child {
                Value::Array(items) => {
                    for (i, c) in items.iter_mut().enumerate() {
                        visit(c, &pointer_push(&base, &i.to_string()), f);
                    }
                }
                other => visit(other, &base, f),
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            let base = pointer_push(pointer, key);
            for (i, child) in children.iter_mut().enumerate() {
                visit(child, &pointer_push(&base, &i.to_string()), f);
            }
        }
    }
}

fn content_schemas(content: Option<&Value>, base: &str, out: &mut Vec<String>) {
    if let Some(Value::Object(content)) = content {
        for (media, m) in content {
            if m.get("schema").is_some() {
                out.push(pointer_push(&pointer_push(base, media), "schema"));
            }
        }
    }
}

fn parameter_schemas(params: Option<&Value>, base: &str, out: &mut Vec<String>) {
    if let Some(Value::Array(params)) = params {
        for (i, p) in params.iter().enumerate() {
            let at = pointer_push(base, &i.to_string());
            if p.get("schema").is_some() {
                out.push(pointer_push(&at, "schema"));
            }
            content_schemas(p.get("content"), &pointer_push(&at, "content"), out);
        }
    }
}

fn header_schemas(headers: Option<&Value>, base: &str, out: &mut Vec<String>) {
    if let Some(Value::Object(headers)) = headers {
        for (name, h) in headers {
            if h.get("schema").is_some() {
                out.push(pointer_push(&pointer_push(base, name), "schema"));
            }
        }
    }
}

fn response_schemas(response: &Value, base: &str, out: &mut Vec<String>) {
    content_schemas(response.get("content"), &pointer_push(base, "content"), out);
    header_schemas(response.get("headers"), &pointer_push(base, "headers"), out);
}

fn root_schema_pointers(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::Object(defs)) = doc.get("$defs") {
        for name in defs.keys() {
            out.push(pointer_push("/$defs", name));
        }
    }
    if let Some(components) = doc.get("components") {
        if let Some(Value::Object(schemas)) = components.get("schemas") {
            for name in schemas.keys() {
                out.push(pointer_push("/components/schemas", name));
            }
        }
        if let Some(Value::Object(params)) = components.get("parameters") {
            for (name, p) in params {
                let at = pointer_push("/components/parameters", name);
                if p.get("schema").is_some() {
                    out.push(pointer_push(&at, "schema"));
                }
                content_schemas(p.get("content"), &pointer_push(&at, "content"), &mut out);
            }
        }
        header_schemas(components.get("headers"), "/components/headers", &mut out);
        if let Some(Value::Object(responses)) = components.get("responses") {
            for (name, r) in responses {
                response_schemas(r, &pointer_push("/components/responses", name), &mut out);
            }
        }
        if let Some(Value::Object(bodies)) = components.get("requestBodies") {
            for (name, b) in bodies {
                let at = pointer_push(&pointer_push("/components/requestBodies", name), "content");
                content_schemas(b.get("content"), &at, &mut out);
            }
        }
    }
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (path, item) in paths {
            let item_ptr = pointer_push("/paths", path);
            parameter_schemas(
                item.get("parameters"),
                &pointer_push(&item_ptr, "parameters"),
                &mut out,
            );
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let op_ptr = pointer_push(&item_ptr, method);
                parameter_schemas(
                    op.get("parameters"),
                    &pointer_push(&op_ptr, "parameters"),
                    &mut out,
                );
                if let Some(body) = op.get("requestBody") {
                    let at = pointer_push(&pointer_push(&op_ptr, "requestBody"), "content");
                    content_schemas(body.get("content"), &at, &mut out);
                }
                if let Some(Value::Object(responses)) = op.get("responses") {
                    for (status, r) in responses {
                        let at = pointer_push(&pointer_push(&op_ptr, "responses"), status);
                        response_schemas(r, &at, &mut out);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn finds_schemas_everywhere_parents_first() {
        let mut doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
                    "responses": {"200": {
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}
                    }}
                }
            }},
            "components": {"schemas": {"A": {"properties": {"b": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}}}
        });
        let mut seen = Vec::new();
        schemas(&mut doc, &mut |_, p| seen.push(p.to_string()));
        assert_eq!(
            seen,
            [
                "/components/schemas/A",
                "/components/schemas/A/properties/b",
                "/components/schemas/A/properties/b/anyOf/0",
                "/components/schemas/A/properties/b/anyOf/1",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema",
                "/paths/~1a~1{id}/post/responses/200/content/application~1json/schema",
                "/paths/~1a~1{id}/post/responses/200/content/application~1json/schema/items",
                "/paths/~1a~1{id}/post/responses/200/headers/Retry-After/schema",
            ]
        );
    }
}
