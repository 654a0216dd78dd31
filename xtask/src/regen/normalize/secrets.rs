//! Strings the document marks `format: password` become secrets whose `Debug`
//! and `Display` are redacted: `cloud_clusters_core::RequestSecret` where a
//! request can carry them (it serializes its value, for the wire), and
//! `cloud_clusters_core::SecretString` everywhere else (answers: it never
//! serializes its value, so a response written to a log keeps no secret).

use std::collections::HashSet;

use serde_json::{Value, json};

use super::{Change, walk};
use crate::shared::refs::{component_name, reachable_schemas};

/// The crate and path generated code uses for secrets.
pub const SECRET_CRATE: &str = "cloud-clusters-core";
const ANSWER_SECRET: &str = "cloud_clusters_core::SecretString";
const REQUEST_SECRET: &str = "cloud_clusters_core::RequestSecret";

/// What requests send: every operation's request body and parameters, and the
/// path items' parameters.
fn request_roots(doc: &Value) -> Vec<&Value> {
    let mut roots = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        roots.extend(item.get("parameters"));
        for method in walk::methods() {
            if let Some(op) = item.get(method) {
                roots.extend(op.get("requestBody"));
                roots.extend(op.get("parameters"));
            }
        }
    }
    roots
}

/// Whether the schema at `pointer` is part of what a request sends.
fn in_request(pointer: &str, request_schemas: &HashSet<String>) -> bool {
    if let Some(rest) = pointer.strip_prefix("/components/schemas/") {
        let first = rest.split('/').next().unwrap_or(rest);
        return component_name(&format!("/components/schemas/{first}"))
            .is_some_and(|name| request_schemas.contains(&name));
    }
    pointer.starts_with("/components/requestBodies/")
        || pointer.starts_with("/components/parameters/")
        || (pointer.starts_with("/paths/")
            && (pointer.contains("/requestBody/") || pointer.contains("/parameters/")))
}

/// `{type: string, format: password}` → the same with `x-rust-type` naming the
/// secret type of its direction.
pub fn passwords(doc: &mut Value, changes: &mut Vec<Change>) {
    let request_schemas = reachable_schemas(doc, request_roots(doc));
    walk::schemas(doc, &mut |schema, pointer| {
        let is_password = schema.get("format").and_then(Value::as_str) == Some("password")
            && schema.get("type").and_then(Value::as_str) == Some("string");
        if !is_password || schema.get("x-rust-type").is_some() {
            return;
        }
        let (path, message) = if in_request(pointer, &request_schemas) {
            (
                REQUEST_SECRET,
                "format: password → RequestSecret (sent as is, redacted Debug)",
            )
        } else {
            (
                ANSWER_SECRET,
                "format: password → SecretString (redacted Debug and serialization)",
            )
        };
        schema["x-rust-type"] = json!({
            "crate": SECRET_CRATE,
            "version": "*",
            "path": path,
        });
        changes.push(Change::new(pointer, message));
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secrets_are_typed_by_direction() {
        let mut doc = json!({
            "paths": {"/imports": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/D"}}}}}
            }}},
            "components": {"schemas": {
                "D": {"properties": {
                    "password": {"type": "string", "format": "password", "description": "shown once"},
                    "username": {"type": "string"}
                }},
                "Import": {"properties": {"source": {"$ref": "#/components/schemas/Bucket"}}},
                "Bucket": {"properties": {"secretKey": {"type": "string", "format": "password"}}}
            }}
        });
        let mut changes = Vec::new();
        passwords(&mut doc, &mut changes);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["D"]["properties"]["password"]["x-rust-type"]["path"],
            ANSWER_SECRET
        );
        assert!(
            schemas["D"]["properties"]["username"]
                .get("x-rust-type")
                .is_none()
        );
        assert_eq!(
            schemas["Bucket"]["properties"]["secretKey"]["x-rust-type"]["path"],
            REQUEST_SECRET
        );
        assert_eq!(changes.len(), 2);
        passwords(&mut doc, &mut changes);
        assert_eq!(changes.len(), 2, "idempotent");
    }
}
