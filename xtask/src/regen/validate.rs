//! Stage 4: the normalized document must be an OpenAPI 3.0 document progenitor accepts.
//!
//! Deserializing through `serde_path_to_error` gives the JSON pointer of the first
//! value openapiv3 refuses. openapiv3 uses untagged enums and flattened maps
//! (`ReferenceOr`, `Paths`, `Responses`), behind which serde loses the path; where
//! that happens, `locate` tries the parts of the failing node one by one (path
//! items, operations, parameters, bodies, responses, schemas) and reports the
//! deepest one that fails, so an error names the file and the exact place.

use openapiv3::{
    OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::shared::error::{Error, Result, escape_pointer_token, pointer_push};

/// Turns the normalized `doc` into openapiv3's model; `file` names it in errors.
///
/// Before that, every local `$ref` must point at something, and no schema may be
/// only an alias of itself (`A: {$ref: B}`, `B: {$ref: A}`): progenitor would
/// panic or recurse without end on those.
pub fn validate(file: &str, doc: Value) -> Result<openapiv3::OpenAPI> {
    check_refs(file, &doc)?;
    let spec: openapiv3::OpenAPI = match serde_json::from_value(doc.clone()) {
        Ok(spec) => spec,
        Err(_) => {
            let (pointer, message) = locate(&doc, "", Kind::Document).unwrap_or_default();
            return Err(Error::Invalid {
                file: file.to_string(),
                pointer,
                message,
            });
        }
    };
    progenitor_impl::validate_openapi(&spec).map_err(|e| Error::Invalid {
        file: file.to_string(),
        pointer: String::new(),
        message: e.to_string(),
    })?;
    Ok(spec)
}

/// [`validate`], leaving out what openapiv3 cannot read instead of failing
/// the document: the smallest part that holds the bad value goes, and the
/// rest is read again. Inside a schema that is the bad keyword or list item
/// (`maxLength: "ten"`), or the schema itself when it is not an object;
/// elsewhere in a path, the operation (or, for a path's own parameters, the
/// path). Returns the model and one line per part left out, with its JSON
/// pointer and openapiv3's reason. A bad value anywhere else (`info`, a
/// shared component other than a schema) still fails the document.
pub fn validate_leaving_out(
    file: &str,
    mut doc: Value,
) -> Result<(openapiv3::OpenAPI, Vec<String>)> {
    check_refs(file, &doc)?;
    let mut left_out = Vec::new();
    // Each round removes one part; a document with more bad parts than this
    // is not worth reading.
    for _ in 0..256 {
        let (pointer, message) = match serde_json::from_value::<OpenAPI>(doc.clone()) {
            Ok(spec) => {
                progenitor_impl::validate_openapi(&spec).map_err(|e| Error::Invalid {
                    file: file.to_string(),
                    pointer: String::new(),
                    message: e.to_string(),
                })?;
                return Ok((spec, left_out));
            }
            Err(_) => locate(&doc, "", Kind::Document).unwrap_or_default(),
        };
        match leave_out(&mut doc, &pointer) {
            Some(what) => left_out.push(format!(
                "{what}: openapiv3 cannot read {pointer}: {message}"
            )),
            None => {
                return Err(Error::Invalid {
                    file: file.to_string(),
                    pointer,
                    message,
                });
            }
        }
        // What referred to a removed part now points at nothing.
        check_refs(file, &doc)?;
    }
    Err(Error::Invalid {
        file: file.to_string(),
        pointer: String::new(),
        message: "more than 256 parts cannot be read".to_string(),
    })
}

/// Removes the part of `doc` that holds the bad value at `pointer` (see
/// [`validate_leaving_out`]); says what it removed, or `None` when nothing
/// smaller than the document can go.
fn leave_out(doc: &mut Value, pointer: &str) -> Option<String> {
    let tokens = crate::shared::error::pointer_tokens(pointer);
    let at = |n: usize| -> String {
        tokens[..n]
            .iter()
            .fold(String::new(), |p, t| pointer_push(&p, t))
    };
    match tokens.first().map(String::as_str) {
        Some("paths") if tokens.len() >= 3 => {
            let path = &tokens[1];
            let item = doc
                .get_mut("paths")?
                .get_mut(path.as_str())?
                .as_object_mut()?;
            let method = tokens[2].as_str();
            if super::normalize::walk::methods().contains(&method) && !inside_schema(&tokens[3..]) {
                let id = item
                    .get(method)
                    .and_then(|op| op.get("operationId"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                item.shift_remove(method);
                return Some(format!("{} {path} ({id})", method.to_uppercase()));
            }
            if !super::normalize::walk::methods().contains(&method) {
                doc.get_mut("paths")?
                    .as_object_mut()?
                    .shift_remove(path.as_str());
                return Some(format!("{path} (path item)"));
            }
            remove_in_schema(doc, &tokens, &at)
        }
        Some("components")
            if tokens.get(1).map(String::as_str) == Some("schemas") && tokens.len() >= 3 =>
        {
            remove_in_schema(doc, &tokens, &at)
        }
        _ => None,
    }
}

/// Whether `rest` (the tokens after an operation) reaches into a schema.
fn inside_schema(rest: &[String]) -> bool {
    rest.iter().any(|t| t == "schema")
}

/// Removes the bad keyword or list item at `tokens`, inside a schema; the
/// schema becomes `{}` when it is itself the bad value.
fn remove_in_schema(
    doc: &mut Value,
    tokens: &[String],
    at: &dyn Fn(usize) -> String,
) -> Option<String> {
    let (last, parent_tokens) = tokens.split_last()?;
    let parent = doc.pointer_mut(&at(parent_tokens.len()))?;
    match parent {
        Value::Object(map) if map.contains_key(last) => {
            let whole_schema = matches!(
                parent_tokens.last().map(String::as_str),
                Some("schemas" | "properties")
            ) || last == "schema";
            if whole_schema {
                // The one keyword without which the schema reads, if there is one.
                let keyword = map.get(last).and_then(Value::as_object).and_then(|schema| {
                    schema.keys().find(|key| {
                        let mut without = schema.clone();
                        without.shift_remove(key.as_str());
                        serde_json::from_value::<ReferenceOr<Schema>>(Value::Object(without))
                            .is_ok()
                    })
                });
                match keyword.cloned() {
                    Some(key) => {
                        if let Some(Value::Object(schema)) = map.get_mut(last) {
                            schema.shift_remove(&key);
                        }
                        Some(format!(
                            "#{}/{} (keyword): removed",
                            at(tokens.len()),
                            escape_pointer_token(&key)
                        ))
                    }
                    None => {
                        map.insert(last.clone(), serde_json::json!({}));
                        Some(format!("#{} (schema): any value", at(tokens.len())))
                    }
                }
            } else {
                map.shift_remove(last);
                Some(format!("#{} (keyword): removed", at(tokens.len())))
            }
        }
        Value::Array(items) => {
            let index: usize = last.parse().ok()?;
            (index < items.len()).then(|| {
                items.remove(index);
                format!("#{} (list item): removed", at(tokens.len()))
            })
        }
        _ => None,
    }
}

fn invalid(file: &str, pointer: String, message: String) -> Error {
    Error::Invalid {
        file: file.to_string(),
        pointer,
        message,
    }
}

/// Every local `$ref` resolves; no chain of pure aliases loops.
fn check_refs(file: &str, doc: &Value) -> Result<()> {
    fn walk(doc: &Value, value: &Value, pointer: &str, file: &str) -> Result<()> {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref") {
                    let Some(target) = r.as_str() else {
                        return Err(invalid(
                            file,
                            format!("{pointer}/$ref"),
                            "$ref must be a string".into(),
                        ));
                    };
                    match target.strip_prefix('#') {
                        Some(p) if resolve(doc, p).is_some() => {}
                        Some(_) => {
                            return Err(invalid(
                                file,
                                format!("{pointer}/$ref"),
                                format!("{target} points at nothing"),
                            ));
                        }
                        None => {
                            return Err(invalid(
                                file,
                                format!("{pointer}/$ref"),
                                format!("{target} refers to another file that was not bundled"),
                            ));
                        }
                    }
                }
                for (k, v) in map {
                    if !crate::shared::refs::holds_data(k, v) {
                        walk(doc, v, &pointer_push(pointer, k), file)?;
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(doc, v, &pointer_push(pointer, &i.to_string()), file)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    walk(doc, doc, "", file)?;
    // Alias cycles: follow `{$ref}`-only schemas.
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for name in schemas.keys() {
            let mut seen = vec![format!(
                "/components/schemas/{}",
                escape_pointer_token(name)
            )];
            let mut node = schemas.get(name);
            while let Some(Value::String(r)) = node.and_then(|n| n.get("$ref")) {
                let Some(p) = r.strip_prefix('#') else { break };
                if seen.iter().any(|s| s == p) {
                    return Err(invalid(
                        file,
                        format!("{}/$ref", seen[0]),
                        format!(
                            "the schema is only an alias of itself ({} → {r})",
                            seen.join(" → ")
                        ),
                    ));
                }
                seen.push(p.to_string());
                node = resolve(doc, p);
            }
        }
    }
    Ok(())
}

/// The value at a `$ref` pointer (percent-encoded braces allowed).
pub fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    let decoded = pointer
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%7b", "{")
        .replace("%7d", "}");
    doc.pointer(&decoded)
}

/// The parts of an OpenAPI document [`locate`] knows how to try on their own.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Schema,
}

fn try_as<T: DeserializeOwned>(value: &Value) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .err()
        .map(|e| (path_to_pointer(e.path()), e.inner().to_string()))
}

/// `ReferenceOr<T>` is an untagged enum, behind which serde loses the path: where
/// the value is not a `$ref`, try it as `T` itself.
fn try_item<T: DeserializeOwned>(value: &Value) -> Option<(String, String)> {
    if value.get("$ref").is_some() {
        try_as::<ReferenceOr<T>>(value)
    } else {
        try_as::<T>(value)
    }
}

/// The deepest failing part of `value` (at `pointer`, of kind `kind`): its pointer and error.
fn locate(value: &Value, pointer: &str, kind: Kind) -> Option<(String, String)> {
    let (relative, message) = match kind {
        Kind::Document => try_as::<OpenAPI>(value),
        Kind::PathItem => try_item::<PathItem>(value),
        Kind::Operation => try_as::<Operation>(value),
        Kind::Parameter => try_item::<Parameter>(value),
        Kind::RequestBody => try_item::<RequestBody>(value),
        Kind::Response => try_item::<Response>(value),
        Kind::Schema => try_item::<Schema>(value),
    }?;
    let deeper = children(value, pointer, kind)
        .into_iter()
        .find_map(|(child, at, k)| locate(child, &at, k));
    Some(deeper.unwrap_or((format!("{pointer}{relative}"), message)))
}

fn each_in<'a>(
    value: &'a Value,
    key: &str,
    pointer: &str,
    kind: Kind,
    out: &mut Vec<(&'a Value, String, Kind)>,
) {
    let base = pointer_push(pointer, key);
    match value.get(key) {
        Some(Value::Object(map)) => {
            for (k, v) in map {
                out.push((v, pointer_push(&base, k), kind));
            }
        }
        Some(Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                out.push((v, pointer_push(&base, &i.to_string()), kind));
            }
        }
        _ => {}
    }
}

fn content_schemas<'a>(value: &'a Value, pointer: &str, out: &mut Vec<(&'a Value, String, Kind)>) {
    if let Some(Value::Object(content)) = value.get("content") {
        let base = pointer_push(pointer, "content");
        for (media, m) in content {
            if let Some(schema) = m.get("schema") {
                out.push((
                    schema,
                    pointer_push(&pointer_push(&base, media), "schema"),
                    Kind::Schema,
                ));
            }
        }
    }
}

fn children<'a>(value: &'a Value, pointer: &str, kind: Kind) -> Vec<(&'a Value, String, Kind)> {
    let mut out = Vec::new();
    match kind {
        Kind::Document => {
            each_in(value, "paths", pointer, Kind::PathItem, &mut out);
            if let Some(components) = value.get("components") {
                let at = pointer_push(pointer, "components");
                each_in(components, "schemas", &at, Kind::Schema, &mut out);
                each_in(components, "parameters", &at, Kind::Parameter, &mut out);
                each_in(
                    components,
                    "requestBodies",
                    &at,
                    Kind::RequestBody,
                    &mut out,
                );
                each_in(components, "responses", &at, Kind::Response, &mut out);
            }
        }
        Kind::PathItem => {
            each_in(value, "parameters", pointer, Kind::Parameter, &mut out);
            for method in super::normalize::walk::methods() {
                if let Some(op) = value.get(*method) {
                    out.push((op, pointer_push(pointer, method), Kind::Operation));
                }
            }
        }
        Kind::Operation => {
            each_in(value, "parameters", pointer, Kind::Parameter, &mut out);
            if let Some(body) = value.get("requestBody") {
                out.push((
                    body,
                    pointer_push(pointer, "requestBody"),
                    Kind::RequestBody,
                ));
            }
            each_in(value, "responses", pointer, Kind::Response, &mut out);
        }
        Kind::Parameter => {
            if let Some(schema) = value.get("schema") {
                out.push((schema, pointer_push(pointer, "schema"), Kind::Schema));
            }
        }
        Kind::RequestBody | Kind::Response => content_schemas(value, pointer, &mut out),
        Kind::Schema => {
            each_in(value, "properties", pointer, Kind::Schema, &mut out);
            for key in ["allOf", "anyOf", "oneOf"] {
                each_in(value, key, pointer, Kind::Schema, &mut out);
            }
            for key in ["items", "additionalProperties", "not"] {
                if let Some(child @ Value::Object(_)) = value.get(key) {
                    out.push((child, pointer_push(pointer, key), Kind::Schema));
                }
            }
        }
    }
    out
}

/// A `serde_path_to_error` path as an RFC 6901 JSON pointer.
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_wrong_type_is_reported_at_its_pointer() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/b": {"get": {"operationId": "x", "responses": {"200": {"description": 5}}}}}
        });
        match validate("s.yaml", doc).unwrap_err() {
            Error::Invalid { file, pointer, .. } => {
                assert_eq!(file, "s.yaml");
                assert_eq!(pointer, "/paths/~1a~1b/get/responses/200/description");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn bad_parts_are_left_out_and_the_rest_is_read() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "bad", "responses": {"200": {"description": 5}}}},
                "/b": {"get": {"operationId": "fine", "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "n": {"type": "string", "maxLength": "ten"},
                    "odd": "text"
                }}
            }}
        });
        let (spec, left_out) = validate_leaving_out("s.yaml", doc).expect("the rest reads");
        assert_eq!(left_out.len(), 3, "{left_out:?}");
        assert!(
            left_out.iter().any(|l| l.starts_with(
                "GET /a (bad): openapiv3 cannot read /paths/~1a/get/responses/200/description"
            )),
            "{left_out:?}"
        );
        assert!(
            left_out.iter().any(|l| l
                .starts_with("#/components/schemas/A/properties/n/maxLength (keyword): removed")),
            "{left_out:?}"
        );
        assert!(left_out.iter().any(|l| l.starts_with("#/components/schemas/A/properties/odd (schema): any value")), "{left_out:?}");
        assert!(spec.paths.paths.get("/b").is_some());
        assert!(
            spec.paths
                .paths
                .get("/a")
                .and_then(|i| i.as_item())
                .is_none_or(|i| i.get.is_none())
        );
    }

    #[test]
    fn a_bad_value_outside_paths_and_schemas_still_fails() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": 5, "version": "1"}, "paths": {}});
        match validate_leaving_out("s.yaml", doc).unwrap_err() {
            Error::Invalid { pointer, .. } => assert_eq!(pointer, "/info/title"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn a_bad_schema_deep_inside_is_found() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "b": {"type": "array", "items": {"type": "string", "maxLength": "ten"}}
            }}}}
        });
        match validate("s.yaml", doc).unwrap_err() {
            Error::Invalid {
                pointer, message, ..
            } => {
                assert!(
                    pointer.starts_with("/components/schemas/A/properties/b/items"),
                    "{pointer}: {message}"
                );
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn references_in_extensions_and_examples_are_not_checked() {
        let doc = json!({"components": {"schemas": {"A": {
            "type": "object",
            "x-source": {"$ref": "#/nowhere"},
            "example": {"$ref": "#/also/nowhere"}
        }}}});
        check_refs("x.yaml", &doc).expect("data, not references");
    }

    #[test]
    fn dangling_refs_and_alias_cycles_are_named() {
        let base = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        let mut doc = base.clone();
        doc["components"] =
            json!({"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/Nope"}}}}});
        match validate("s.yaml", doc).unwrap_err() {
            Error::Invalid {
                pointer, message, ..
            } => {
                assert_eq!(pointer, "/components/schemas/A/properties/b/$ref");
                assert!(message.contains("points at nothing"), "{message}");
            }
            other => panic!("{other}"),
        }
        let mut doc = base;
        doc["components"] = json!({"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"}
        }});
        let err = validate("s.yaml", doc).unwrap_err().to_string();
        assert!(err.contains("alias of itself"), "{err}");
    }

    #[test]
    fn progenitor_refusals_are_errors() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}
        });
        let err = validate("s.yaml", doc).unwrap_err().to_string();
        assert!(err.contains("missing operation ID"), "{err}");
    }

    #[test]
    fn a_valid_document_passes() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}}
        });
        assert_eq!(validate("s.yaml", doc).unwrap().paths.paths.len(), 1);
    }
}
