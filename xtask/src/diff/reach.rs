//! Which component schemas requests (or any operation) can reach through `$ref`s.
//!
//! The same question `open_enums` answers on the generated code: a string enum
//! reachable from responses and from no request accepts unlisted values
//! (`Unknown(String)`), so a response enum value added is safe only there.

use std::collections::HashSet;

use serde_json::Value;

use super::operations::{Operations, parameter_values};
use crate::shared::refs::reachable_schemas as components;

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
