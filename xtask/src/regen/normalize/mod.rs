//! Stage 3: rewrite what progenitor 0.15 cannot take into what it can.
//!
//! Each pass is small, named, and reports every change it makes with the JSON
//! pointer it made it at (`cargo xtask regen --explain` prints them). Passes never
//! drop an operation silently.

mod media;
mod openapi31;
mod operations;
mod parameters;
mod paths;
mod responses;
mod schemas;
pub mod secrets;
pub mod walk;

use serde_json::Value;

/// One change a pass made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The pass's name.
    pub pass: &'static str,
    /// Where, as a JSON pointer into the document.
    pub pointer: String,
    /// What it did.
    pub message: String,
}

impl Change {
    /// A change at `pointer`; the pass name is filled in by [`normalize`].
    pub fn new(pointer: &str, message: impl Into<String>) -> Self {
        Change {
            pass: "",
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }
}

/// A named normalization pass.
pub struct Pass {
    /// Its name, as `--explain` shows it.
    pub name: &'static str,
    /// One line on what it rewrites.
    pub summary: &'static str,
    /// The pass.
    pub run: fn(&mut Value, &mut Vec<Change>),
}

/// Every pass, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "path-item-refs",
        summary: "path items given as $ref (3.1 components.pathItems, other paths) are inlined",
        run: paths::path_item_refs,
    },
    Pass {
        name: "response-refs",
        summary: "responses and request bodies given as $ref to components are inlined, so later passes see their bodies",
        run: responses::response_refs,
    },
    Pass {
        name: "openapi-version",
        summary: "3.1.x → 3.0.3; drops webhooks, jsonSchemaDialect and other 3.1-only fields",
        run: openapi31::version,
    },
    Pass {
        name: "defs",
        summary: "$defs (root or nested) move to components.schemas; refs follow",
        run: schemas::defs,
    },
    Pass {
        name: "schema-refs",
        summary: "$refs into a schema's inside copied to components; $refs to nothing → any value",
        run: schemas::schema_refs,
    },
    Pass {
        name: "boolean-schemas",
        summary: "JSON Schema's `true`/`false` schemas and `prefixItems` tuples → object schemas",
        run: openapi31::boolean_schemas,
    },
    Pass {
        name: "null-branches",
        summary: "anyOf/oneOf with a null branch (type null, enum [null], const null) → the rest, nullable",
        run: openapi31::null_branches,
    },
    Pass {
        name: "type-arrays",
        summary: "`type: [T, \"null\"]` → `type: T, nullable: true`; several types → anyOf; `type: null` → nullable",
        run: openapi31::type_arrays,
    },
    Pass {
        name: "const",
        summary: "`const: v` → `enum: [v]`",
        run: openapi31::constants,
    },
    Pass {
        name: "null-enums",
        summary: "`enum` listing null → the other values, nullable (typify cannot name both); values listed twice, once",
        run: schemas::null_enums,
    },
    Pass {
        name: "examples",
        summary: "schema `examples: [..]` → `example`",
        run: openapi31::examples,
    },
    Pass {
        name: "exclusive-bounds",
        summary: "numeric exclusiveMinimum/Maximum → minimum/maximum with the 3.0 boolean",
        run: openapi31::exclusive_bounds,
    },
    Pass {
        name: "bounds",
        summary: "integer bounds and sizes outside i64 (or fractional) fixed or dropped; size minimums of 0 and formats on non-scalars dropped",
        run: schemas::bounds,
    },
    Pass {
        name: "titles",
        summary: "inline schema titles that would give two types one Rust name dropped",
        run: schemas::titles,
    },
    Pass {
        name: "patterns",
        summary: "a `pattern` regress (ECMAScript) refuses: Python named groups rewritten, others dropped",
        run: schemas::patterns,
    },
    Pass {
        name: "defaults",
        summary: "a `default` that does not fit its schema (`\"false\"` on a boolean) read as JSON, or dropped",
        run: schemas::defaults,
    },
    Pass {
        name: "extra-fields",
        summary: "objects with properties and `additionalProperties: true` keep unlisted fields in `extra`",
        run: schemas::extra_fields,
    },
    Pass {
        name: "operation-ids",
        summary: "missing operationIds derived from method and path; duplicates made unique",
        run: operations::operation_ids,
    },
    Pass {
        name: "array-parameters",
        summary: "header and path parameters of array type → a string of the items joined with commas",
        run: parameters::array_parameters,
    },
    Pass {
        name: "path-parameters",
        summary: "a `{name}` in a path no parameter declares → a required string path parameter",
        run: parameters::undeclared_path_parameters,
    },
    Pass {
        name: "object-query",
        summary: "object query parameters (deepObject, form) → one query parameter per property",
        run: parameters::object_query_parameters,
    },
    Pass {
        name: "single-values",
        summary: "path and header parameters that are nullable, unions or objects → one plain value",
        run: parameters::single_values,
    },
    Pass {
        name: "request-media",
        summary: "one request media type (JSON > form > octet-stream > text); multipart-only operations removed",
        run: media::request_bodies,
    },
    Pass {
        name: "response-media",
        summary: "JSON responses (application/*+json too) as application/json only; no schema → any JSON",
        run: media::responses,
    },
    Pass {
        name: "default-response",
        summary: "`default` beside explicit successes → 4XX/5XX",
        run: responses::default_response,
    },
    Pass {
        name: "success-types",
        summary: "several JSON success bodies → one oneOf; empty/raw successes beside JSON → UnexpectedResponse",
        run: responses::success_types,
    },
    Pass {
        name: "error-types",
        summary: "error responses of several types → the typed one; the others reach callers untyped",
        run: operations::error_types,
    },
    Pass {
        name: "covered-statuses",
        summary: "a code beside its range (503 and 5XX) is removed: progenitor matches the range first",
        run: responses::covered_statuses,
    },
    Pass {
        name: "secrets",
        summary: "strings with `format: password` → RequestSecret where a request sends them, SecretString elsewhere (never shown, answers never serialized)",
        run: secrets::passwords,
    },
];

/// Runs every pass over `doc`, in order; returns what they changed.
pub fn normalize(doc: &mut Value) -> Vec<Change> {
    let mut all = Vec::new();
    for pass in PASSES {
        let mut changes = Vec::new();
        (pass.run)(doc, &mut changes);
        all.extend(changes.into_iter().map(|c| Change {
            pass: pass.name,
            ..c
        }));
    }
    all
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pass_names_are_unique() {
        let mut names: Vec<_> = PASSES.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PASSES.len());
    }

    #[test]
    fn normalizing_twice_changes_nothing_the_second_time() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "responses": {"200": {"description": "ok"}, "400": {"description": "bad"},
                  "422": {"description": "v", "content": {"application/json": {"schema": {"type": "object"}}}}}
            }}},
            "components": {"schemas": {"S": {"properties": {
                "a": {"type": ["string", "null"]},
                "b": {"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]}
            }}}}
        });
        let first = normalize(&mut doc);
        assert!(first.iter().any(|c| c.pass == "openapi-version"));
        assert!(first.iter().any(|c| c.pass == "error-types"));
        assert!(first.iter().any(|c| c.pass == "operation-ids"));
        let once = doc.clone();
        assert_eq!(normalize(&mut doc), vec![]);
        assert_eq!(doc, once);
    }
}
