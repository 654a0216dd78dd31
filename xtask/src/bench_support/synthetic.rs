//! Synthetic OpenAPI documents of any size, for the regen benchmark
//! (`xtask/benches/regen.rs`, which runs them through [`crate::regen::prepare`]
//! and [`crate::regen::build_prepared`], the pipeline of `cargo xtask regen`) and
//! its peak-memory mode (`scripts/bench.sh`).
//!
//! [`document`]`(n)` is a deterministic OpenAPI 3.0.3 document with `n` operations
//! and `2n` component schemas (exactly, when `n` is a multiple of
//! [`OPS_PER_RESOURCE`]). It is made of resources shaped like the providers' own
//! APIs; each resource has five operations and ten schemas:
//!
//! - operations: list (query parameters `limit`, `cursor` and an enum `status`),
//!   create (JSON request body), get, update (PATCH with a body) and delete (a
//!   boolean query parameter, 204), all under the path parameter `{project_id}`,
//!   the last three also under `{<resource>_id}`; every one has typed error
//!   responses (the shared `Error` schema);
//! - schemas: the resource (an object of ten properties, refs to its status,
//!   spec and labels, and to the previous resource's event), a status enum, a spec
//!   (with an array of nodes and a map), a tier enum, a node (with an inline
//!   enum), a label, the create and update requests, a page (an array of the
//!   resource) and an event.
//!
//! The shared `Error` takes the place of the last resource's event (which no
//! other resource refers to), so the schema count stays `2n`. Same `n`, same bytes.

use serde_json::{Value, json};

use crate::shared::config::{self, Provider};

/// Operations per resource: list, create, get, update, delete.
pub const OPS_PER_RESOURCE: usize = 5;

/// Nouns the resources are named after (a numeric suffix keeps names unique).
const NOUNS: [&str; 10] = [
    "cluster",
    "volume",
    "node_pool",
    "snapshot",
    "network",
    "backup",
    "endpoint",
    "database",
    "pipeline",
    "gateway",
];

/// The document's file name, as [`provider`] names it.
pub const DOCUMENT: &str = "specs/synthetic/openapi.json";

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": json_content(schema_ref("Error")) })
}

/// `(snake, Pascal)` names of resource `r`, e.g. `("volume_11", "Volume11")`.
fn names(r: usize) -> (String, String) {
    let snake = format!("{}_{}", NOUNS[r % NOUNS.len()], r);
    let pascal = pascal(&snake);
    (snake, pascal)
}

/// The ten schemas of resource `r` (nine for the last one: its event is replaced by `Error`).
fn resource_schemas(r: usize, last: bool, schemas: &mut serde_json::Map<String, Value>) {
    let (snake, p) = names(r);
    let mut resource = json!({
        "type": "object",
        "description": format!("A {snake} of a project."),
        "required": ["id", "name", "status", "spec", "created_at"],
        "properties": {
            "id": { "type": "string", "description": "Unique id.", "example": format!("{snake}-0001") },
            "name": { "type": "string", "minLength": 1, "maxLength": 64 },
            "description": { "type": "string", "nullable": true },
            "status": schema_ref(&format!("{p}Status")),
            "spec": schema_ref(&format!("{p}Spec")),
            "labels": { "type": "array", "items": schema_ref(&format!("{p}Label")) },
            "tags": { "type": "array", "items": { "type": "string" } },
            "size_gib": { "type": "integer", "format": "int64", "minimum": 0 },
            "created_at": { "type": "string", "format": "date-time" },
            "updated_at": { "type": "string", "format": "date-time" }
        }
    });
    if r > 0 {
        let (_, prev) = names(r - 1);
        resource["properties"]["last_event"] = schema_ref(&format!("{prev}Event"));
    }
    schemas.insert(p.clone(), resource);
    schemas.insert(
        format!("{p}Status"),
        json!({
            "type": "string",
            "description": format!("Lifecycle state of a {snake}."),
            "enum": ["PENDING", "RUNNING", "STOPPED", "FAILED", "DELETING"]
        }),
    );
    schemas.insert(
        format!("{p}Spec"),
        json!({
            "type": "object",
            "required": ["region", "tier"],
            "properties": {
                "region": { "type": "string", "example": "us-west-2" },
                "tier": schema_ref(&format!("{p}Tier")),
                "replicas": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 16 },
                "nodes": { "type": "array", "items": schema_ref(&format!("{p}Node")) },
                "options": { "type": "object", "additionalProperties": { "type": "string" } }
            }
        }),
    );
    schemas.insert(
        format!("{p}Tier"),
        json!({ "type": "string", "enum": ["small", "medium", "large", "xlarge"] }),
    );
    schemas.insert(
        format!("{p}Node"),
        json!({
            "type": "object",
            "required": ["id", "role"],
            "properties": {
                "id": { "type": "string" },
                "role": { "type": "string", "enum": ["primary", "replica", "witness"] },
                "cpu": { "type": "number", "format": "double" },
                "memory_gib": { "type": "integer", "format": "int32" },
                "ready": { "type": "boolean" }
            }
        }),
    );
    schemas.insert(
        format!("{p}Label"),
        json!({
            "type": "object",
            "required": ["key", "value"],
            "properties": {
                "key": { "type": "string", "maxLength": 63 },
                "value": { "type": "string" }
            }
        }),
    );
    schemas.insert(
        format!("{p}CreateRequest"),
        json!({
            "type": "object",
            "required": ["name", "spec"],
            "properties": {
                "name": { "type": "string", "minLength": 1, "maxLength": 64 },
                "description": { "type": "string" },
                "spec": schema_ref(&format!("{p}Spec")),
                "labels": { "type": "array", "items": schema_ref(&format!("{p}Label")) },
                "dry_run": { "type": "boolean", "default": false }
            }
        }),
    );
    schemas.insert(
        format!("{p}UpdateRequest"),
        json!({
            "type": "object",
            "properties": {
                "name": { "type": "string", "minLength": 1, "maxLength": 64 },
                "tier": schema_ref(&format!("{p}Tier")),
                "replicas": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 16 },
                "labels": { "type": "array", "items": schema_ref(&format!("{p}Label")) }
            }
        }),
    );
    schemas.insert(
        format!("{p}Page"),
        json!({
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": { "type": "array", "items": schema_ref(&p) },
                "next_cursor": { "type": "string", "nullable": true },
                "total": { "type": "integer", "format": "int64" }
            }
        }),
    );
    if !last {
        schemas.insert(
            format!("{p}Event"),
            json!({
                "type": "object",
                "required": ["id", "status", "at"],
                "properties": {
                    "id": { "type": "string" },
                    "status": schema_ref(&format!("{p}Status")),
                    "at": { "type": "string", "format": "date-time" },
                    "message": { "type": "string" }
                }
            }),
        );
    }
}

fn project_id() -> Value {
    json!({ "name": "project_id", "in": "path", "required": true, "schema": { "type": "string" } })
}

/// The first `count` (at most five) operations of resource `r`, added to `paths`.
fn resource_operations(r: usize, count: usize, paths: &mut serde_json::Map<String, Value>) {
    let (snake, p) = names(r);
    let tag = NOUNS[r % NOUNS.len()];
    let collection = format!("/v1/projects/{{project_id}}/{}", snake.replace('_', "-"));
    let item = format!("{collection}/{{{snake}_id}}");
    let item_id = json!({ "name": format!("{snake}_id"), "in": "path", "required": true, "schema": { "type": "string" } });
    let ops = [
        (
            &collection,
            "get",
            json!({
                "operationId": format!("list_{snake}"),
                "summary": format!("List the {snake} resources of a project"),
                "tags": [tag],
                "parameters": [
                    project_id(),
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 100 } },
                    { "name": "cursor", "in": "query", "schema": { "type": "string" } },
                    { "name": "status", "in": "query", "schema": schema_ref(&format!("{p}Status")) }
                ],
                "responses": {
                    "200": { "description": "A page.", "content": json_content(schema_ref(&format!("{p}Page"))) },
                    "400": error_response("Bad request."),
                    "404": error_response("No such project.")
                }
            }),
        ),
        (
            &collection,
            "post",
            json!({
                "operationId": format!("create_{snake}"),
                "summary": format!("Create a {snake}"),
                "tags": [tag],
                "parameters": [project_id()],
                "requestBody": { "required": true, "content": json_content(schema_ref(&format!("{p}CreateRequest"))) },
                "responses": {
                    "201": { "description": "Created.", "content": json_content(schema_ref(&p)) },
                    "400": error_response("Invalid request."),
                    "409": error_response("The name is taken.")
                }
            }),
        ),
        (
            &item,
            "get",
            json!({
                "operationId": format!("get_{snake}"),
                "summary": format!("Describe a {snake}"),
                "tags": [tag],
                "parameters": [project_id(), item_id.clone()],
                "responses": {
                    "200": { "description": "The resource.", "content": json_content(schema_ref(&p)) },
                    "404": error_response("Not found.")
                }
            }),
        ),
        (
            &item,
            "patch",
            json!({
                "operationId": format!("update_{snake}"),
                "summary": format!("Update a {snake}"),
                "tags": [tag],
                "parameters": [project_id(), item_id.clone()],
                "requestBody": { "required": true, "content": json_content(schema_ref(&format!("{p}UpdateRequest"))) },
                "responses": {
                    "200": { "description": "Updated.", "content": json_content(schema_ref(&p)) },
                    "400": error_response("Invalid request."),
                    "404": error_response("Not found.")
                }
            }),
        ),
        (
            &item,
            "delete",
            json!({
                "operationId": format!("delete_{snake}"),
                "summary": format!("Delete a {snake}"),
                "tags": [tag],
                "parameters": [
                    project_id(),
                    item_id,
                    { "name": "force", "in": "query", "schema": { "type": "boolean" } }
                ],
                "responses": {
                    "204": { "description": "Deleted." },
                    "404": error_response("Not found.")
                }
            }),
        ),
    ];
    for (path, method, op) in ops.into_iter().take(count) {
        let entry = paths.entry(path.clone()).or_insert_with(|| json!({}));
        entry[method] = op;
    }
}

/// A deterministic document with `operations` operations and `2 × operations`
/// schemas (rounded up to whole resources of [`OPS_PER_RESOURCE`] operations).
pub fn document(operations: usize) -> Value {
    let resources = operations.div_ceil(OPS_PER_RESOURCE).max(1);
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for r in 0..resources {
        let last = r + 1 == resources;
        resource_schemas(r, last, &mut schemas);
        let count = if last {
            operations - r * OPS_PER_RESOURCE
        } else {
            OPS_PER_RESOURCE
        };
        resource_operations(r, count, &mut paths);
    }
    schemas.insert(
        "Error".to_string(),
        json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": { "type": "string" },
                "message": { "type": "string" },
                "request_id": { "type": "string" },
                "details": { "type": "array", "items": { "type": "string" } }
            }
        }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("Synthetic API ({operations} operations)"),
            "version": "1.0.0",
            "description": "Generated by xtask::bench_support::synthetic for the regen benchmarks."
        },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas }
    })
}

/// [`document`] with one operation progenitor refuses (a required cookie on
/// the middle operation), for the cost of finding it ([`crate::regen::generate`]'s
/// blame).
pub fn document_with_one_refused_operation(operations: usize) -> Value {
    let mut doc = document(operations);
    let middle = operations / 2;
    let op = doc["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .nth(middle);
    if let Some(op) = op {
        let cookie = json!({ "name": "session", "in": "cookie", "required": true, "schema": { "type": "string" } });
        match op.get_mut("parameters").and_then(Value::as_array_mut) {
            Some(list) => list.push(cookie),
            None => op["parameters"] = json!([cookie]),
        }
    }
    doc
}

/// [`document`] as pretty JSON bytes.
pub fn document_bytes(operations: usize) -> Vec<u8> {
    serde_json::to_vec_pretty(&document(operations)).expect("a JSON value serializes")
}

/// `(operations, schemas)` of a document.
pub fn counts(doc: &Value) -> (usize, usize) {
    let operations = doc["paths"]
        .as_object()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| item.len())
                .sum()
        })
        .unwrap_or(0);
    let schemas = doc["components"]["schemas"]
        .as_object()
        .map_or(0, serde_json::Map::len);
    (operations, schemas)
}

/// A providers.toml entry for a synthetic document (no overlay, no envelope),
/// read through [`config::parse`] like the real file.
pub fn provider() -> Provider {
    let text = format!(
        r#"[[provider]]
name = "synthetic"
crate = "synthetic-client"
dir = "crates/synthetic"
document = "{DOCUMENT}"
maintained = "generated by xtask::bench_support::synthetic"
api_key_env = "SYNTHETIC_API_KEY"
default_base_url = "https://api.example.com"
"#
    );
    config::parse(&text)
        .expect("the synthetic provider entry is valid")
        .providers
        .remove(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_refused_operation_is_found_and_left_out() {
        let bytes = serde_json::to_vec(&super::document_with_one_refused_operation(60))
            .expect("serializes");
        let prepared = crate::regen::prepare(super::DOCUMENT, &bytes, None).expect("prepares");
        let built = crate::regen::build_prepared(
            &super::provider(),
            prepared,
            "test",
            false,
            std::time::Instant::now(),
            None,
        )
        .expect("the rest generates");
        assert_eq!(built.row.skipped.len(), 1, "{:?}", built.row.skipped);
        assert!(
            built.row.skipped[0].contains("cookie"),
            "{:?}",
            built.row.skipped
        );
        assert_eq!(built.row.operations, 59);
    }

    use super::*;

    #[test]
    fn counts_are_n_operations_and_2n_schemas() {
        for n in [5, 10, 1000] {
            assert_eq!(counts(&document(n)), (n, 2 * n), "n = {n}");
        }
        let (ops, _) = counts(&document(7));
        assert_eq!(ops, 7);
    }

    #[test]
    fn the_same_size_gives_the_same_bytes() {
        assert_eq!(document_bytes(20), document_bytes(20));
        assert_ne!(document_bytes(20), document_bytes(25));
    }

    #[test]
    fn a_small_document_generates_a_client() {
        let provider = provider();
        let prepared =
            crate::regen::prepare(DOCUMENT, &document_bytes(10), None).expect("prepares");
        let built = crate::regen::build_prepared(
            &provider,
            prepared,
            "test",
            true,
            std::time::Instant::now(),
            None,
        )
        .expect("generates");
        // Strict: no operation left out. Inline enums add types beyond the 20 schemas.
        assert_eq!(built.row.operations, 10);
        assert!(built.row.types >= 20, "{} types", built.row.types);
        let client = &built.files[0].contents;
        assert!(client.contains("pub fn create_cluster_0(&self)"));
        assert!(client.contains("pub fn delete_volume_1(&self)"));
        assert!(client.contains("Error<types::Error>"));
        assert!(client.contains("pub struct Volume1 {"));
        assert!(client.contains("pub last_event: ::std::option::Option<Cluster0Event>"));
        assert!(built.files[1].contents.contains("fn list_volume_1"));
    }
}
