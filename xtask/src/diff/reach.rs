//! Which component schemas requests (or any operation) can reach through `$ref`s.
//!
//! The same question `open_enums` answers on the generated code: a string enum
//! reachable from responses and from no request accepts unlisted values
//! (`Unknown(String)`), so a response enum value added is safe only there.

use std::collections::HashSet;

use serde_json::Value;

use super::flat::component_name;
use super::operations::{Operations, parameter_values};

/// Component schemas reachable from requests, and from any operation.
#[derive(Debug, Default)]
pub struct Reach {
    /// Reachable from a parameter or a request body.
    pub from_requests: HashSet<String>,
    /// Reachable from any part of any operation.
    pub from_operations: HashSet<String>,
}

impl Reach {
    /// Computes both sets for `doc` (linear in the reachable part of the document).
    pub fn of(doc: &Value) -> Self {
        let ops = Operations::of(doc);
        let mut request_roots = Vec::new();
        let mut all_roots = Vec::new();
        for op in &ops.list {
            request_roots.extend(parameter_values(op.item, op.op));
            if let Some(body) = op.op.get("requestBody") {
                request_roots.push(body);
            }
            all_roots.push(op.op);
            if let Some(shared) = op.item.get("parameters") {
                all_roots.push(shared);
            }
        }
        Reach {
            from_requests: components(doc, request_roots),
            from_operations: components(doc, all_roots),
        }
    }
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
