//! Strings the document marks `format: password` become
//! `cloud_clusters_core::SecretString`, whose `Debug` and `Display` are redacted.

use serde_json::{Value, json};

use super::{Change, walk};

/// The crate and path generated code uses for secrets.
pub const SECRET_CRATE: &str = "cloud-clusters-core";
const SECRET_PATH: &str = "cloud_clusters_core::SecretString";

/// `{type: string, format: password}` → the same with `x-rust-type` naming `SecretString`.
pub fn passwords(doc: &mut Value, changes: &mut Vec<Change>) {
    walk::schemas(doc, &mut |schema, pointer| {
        let is_password = schema.get("format").and_then(Value::as_str) == Some("password")
            && schema.get("type").and_then(Value::as_str) == Some("string");
        if !is_password || schema.get("x-rust-type").is_some() {
            return;
        }
        schema["x-rust-type"] = json!({
            "crate": SECRET_CRATE,
            "version": "*",
            "path": SECRET_PATH,
        });
        changes.push(Change::new(
            pointer,
            "format: password → SecretString (redacted Debug)",
        ));
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn password_strings_become_secrets() {
        let mut doc = json!({"components": {"schemas": {"D": {"properties": {
            "password": {"type": "string", "format": "password", "description": "shown once"},
            "username": {"type": "string"}
        }}}}});
        let mut changes = Vec::new();
        passwords(&mut doc, &mut changes);
        let props = &doc["components"]["schemas"]["D"]["properties"];
        assert_eq!(props["password"]["x-rust-type"]["path"], SECRET_PATH);
        assert!(props["username"].get("x-rust-type").is_none());
        assert_eq!(changes.len(), 1);
        passwords(&mut doc, &mut changes);
        assert_eq!(changes.len(), 1, "idempotent");
    }
}
