//! Which component schemas requests (or any operation) can reach through `$ref`s.
//!
//! The same question `open_enums` answers on the generated code: a string enum
//! reachable from responses and from no request accepts unlisted values
//! (`Unknown(String)`), so a response enum value added is safe only there.

use std::collections::HashSet;

use serde_json::Value;

use super::flat::component_name;
use super::operations::{Operations, parameter_values};

/// The component schemas reachable from parameters and request bodies.
pub fn from_requests(doc: &Value) -> HashSet<String> {
    let ops = Operations::of(doc);
    let mut roots = Vec::new();
    for op in &ops.list {
        roots.extend(parameter_values(op.item, op.op));
        if let Some(body) = op.op.get("requestBody") {
            roots.push(body);
        }
    }
    components(doc, roots)
}

/// The component schemas reachable from any part of any operation.
pub fn from_operations(doc: &Value) -> HashSet<String> {
    let ops = Operations::of(doc);
    let mut roots = Vec::new();
    for op in &ops.list {
        roots.push(op.op);
        if let Some(shared) = op.item.get("parameters") {
            roots.push(shared);
        }
    }
    components(doc, roots)
}

/// Names of the component schemas reachable from `roots`.
fn components<'a>(doc: &'a Value, roots: Vec<&'a Value>) -> HashSet<String> {
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
