//! Finding every schema object in a document, wherever OpenAPI lets one stand.

use serde_json::Value;

use crate::shared::error::pointer_push;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f` on every schema object of `doc`, parents before children, with its JSON pointer.
///
/// A pass that rewrites a schema sees its rewritten children afterwards, so one
/// walk handles nested forms.
pub fn schemas(doc: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    let Value::Object(root) = doc else { return };
    let mut pointer = String::new();
    let p = &mut pointer;
    if let Some(Value::Object(defs)) = root.get_mut("$defs") {
        named(defs, "/$defs", p, f);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            named(schemas, "/components/schemas", p, f);
        }
        if let Some(Value::Object(params)) = components.get_mut("parameters") {
            for (name, param) in params.iter_mut() {
                start(p, "/components/parameters", name);
                parameter(param, p, f);
            }
        }
        if let Some(Value::Object(headers)) = components.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                start(p, "/components/headers", name);
                under(header, "schema", p, f);
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, r) in responses.iter_mut() {
                start(p, "/components/responses", name);
                response(r, p, f);
            }
        }
        if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
            for (name, body) in bodies.iter_mut() {
                start(p, "/components/requestBodies", name);
                under_content(body, p, f);
            }
        }
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        start(p, "/paths", path);
        let Value::Object(item) = item else { continue };
        let at = p.len();
        if let Some(list) = item.get_mut("parameters") {
            push(p, "parameters");
            parameter_list(list, p, f);
            p.truncate(at);
        }
        for method in METHODS {
            let Some(op) = item.get_mut(method) else {
                continue;
            };
            push(p, method);
            let at_op = p.len();
            if let Some(list) = op.get_mut("parameters") {
                push(p, "parameters");
                parameter_list(list, p, f);
                p.truncate(at_op);
            }
            if let Some(body) = op.get_mut("requestBody") {
                push(p, "requestBody");
                under_content(body, p, f);
                p.truncate(at_op);
            }
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                push(p, "responses");
                let at_responses = p.len();
                for (status, r) in responses.iter_mut() {
                    push(p, status);
                    response(r, p, f);
                    p.truncate(at_responses);
                }
            }
            p.truncate(at);
        }
    }
}

/// `pointer` = `base` + `/name`.
fn start(pointer: &mut String, base: &str, name: &str) {
    pointer.clear();
    pointer.push_str(base);
    push(pointer, name);
}

/// Every schema of a map of named schemas (`components/schemas`, `$defs`).
fn named(
    map: &mut serde_json::Map<String, Value>,
    base: &str,
    p: &mut String,
    f: &mut dyn FnMut(&mut Value, &str),
) {
    for (name, schema) in map.iter_mut() {
        start(p, base, name);
        visit(schema, p, f);
    }
}

/// The schema at `parent[key]`, if there is one.
fn under(parent: &mut Value, key: &str, p: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    if let Some(schema) = parent.get_mut(key) {
        let at = p.len();
        push(p, key);
        visit(schema, p, f);
        p.truncate(at);
    }
}

/// The schema of each media type of `parent.content`.
fn under_content(parent: &mut Value, p: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(Value::Object(content)) = parent.get_mut("content") else {
        return;
    };
    let at = p.len();
    push(p, "content");
    let base = p.len();
    for (media, m) in content.iter_mut() {
        push(p, media);
        under(m, "schema", p, f);
        p.truncate(base);
    }
    p.truncate(at);
}

/// A parameter's `schema`, then the schemas of its `content`.
fn parameter(param: &mut Value, p: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    under(param, "schema", p, f);
    under_content(param, p, f);
}

/// Each parameter of a list.
fn parameter_list(list: &mut Value, p: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    let Value::Array(list) = list else { return };
    let base = p.len();
    for (i, param) in list.iter_mut().enumerate() {
        push(p, &i.to_string());
        parameter(param, p, f);
        p.truncate(base);
    }
}

/// A response's content schemas, then its headers' schemas.
fn response(r: &mut Value, p: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    under_content(r, p, f);
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        let at = p.len();
        push(p, "headers");
        let base = p.len();
        for (name, header) in headers.iter_mut() {
            push(p, name);
            under(header, "schema", p, f);
            p.truncate(base);
        }
        p.truncate(at);
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

/// Appends `/token` (escaped) to the pointer being built.
fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

/// Visits `schema` and its subschemas. `pointer` is one buffer for the whole
/// walk, grown and cut back around each child: a large document has hundreds
/// of thousands of schema nodes, and a string for each was most of a pass's time.
fn visit(schema: &mut Value, pointer: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    if !schema.is_object() {
        return;
    }
    f(schema, pointer);
    let Value::Object(map) = schema else { return };
    let at = pointer.len();
    // One pass over the keys, in document order: cheaper than looking up each
    // keyword that can hold subschemas (most schemas have a handful of keys).
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                let Value::Object(children) = child else {
                    continue;
                };
                push(pointer, key);
                let base = pointer.len();
                for (name, child) in children.iter_mut() {
                    push(pointer, name);
                    visit(child, pointer, f);
                    pointer.truncate(base);
                }
            }
            "items" | "additionalProperties" | "not" | "contains" | "propertyNames" => {
                push(pointer, key);
                match child {
                    Value::Array(items) => each(items, pointer, f),
                    other => visit(other, pointer, f),
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let Value::Array(items) = child else { continue };
                push(pointer, key);
                each(items, pointer, f);
            }
            _ => continue,
        }
        pointer.truncate(at);
    }
}

/// Visits each schema of a list, `pointer` naming the list.
fn each(items: &mut [Value], pointer: &mut String, f: &mut dyn FnMut(&mut Value, &str)) {
    let base = pointer.len();
    for (i, item) in items.iter_mut().enumerate() {
        push(pointer, &i.to_string());
        visit(item, pointer, f);
        pointer.truncate(base);
    }
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
