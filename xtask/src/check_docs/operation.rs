//! The hand-authored document's side: the operation a page documents, its request
//! body and success response flattened into dotted field paths, and the vendor error
//! codes it records (`x-error-codes` on the operation and, as a catalog, at the root).

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::shared::error::{Error, Result, pointer_push};

/// The document, parsed, with the file it came from.
pub struct Document<'a> {
    /// The file, relative to the workspace root (named in messages).
    pub file: &'a str,
    /// The parsed document.
    pub root: &'a Value,
}

/// The operation a page documents.
#[derive(Clone, Debug)]
pub struct Operation<'a> {
    /// The path template as the document writes it.
    pub path: String,
    /// The method, lower-case.
    pub method: String,
    /// JSON pointer to the operation object.
    pub pointer: String,
    /// The operation object.
    pub value: &'a Value,
}

impl Operation<'_> {
    /// `operationId`, if any.
    pub fn operation_id(&self) -> Option<&str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    /// `x-source`, if any.
    pub fn x_source(&self) -> Option<&str> {
        self.value.get("x-source").and_then(Value::as_str)
    }
}

/// A type as the document declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecType {
    /// `string`, `integer`, `number`, `boolean`, `object`, `array`; `oneOf`,
    /// `anyOf` or `allOf` for compositions; `any` when nothing says.
    pub base: String,
    /// `format`, if any.
    pub format: Option<String>,
    /// The item type of an array.
    pub items: Option<Box<SpecType>>,
}

impl fmt::Display for SpecType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.items, self.base.as_str()) {
            (Some(items), "array") => write!(f, "array of {items}")?,
            _ => f.write_str(&self.base)?,
        }
        if let Some(format) = &self.format {
            write!(f, " (format {format})")?;
        }
        Ok(())
    }
}

/// Limits a schema declares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpecLimits {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
}

/// One property of a body or response, by dotted path.
#[derive(Clone, Debug)]
pub struct SpecField {
    /// The dotted path (`data.clusterId`; array items add no segment).
    pub path: String,
    /// JSON pointer to the property (where to change it).
    pub pointer: String,
    /// JSON pointer to where its own properties live (`.../properties`), for objects
    /// and arrays of objects.
    pub children: Option<String>,
    /// The type.
    pub ty: SpecType,
    /// Whether the enclosing object lists it in `required`.
    pub required: bool,
    /// Declared limits.
    pub limits: SpecLimits,
    /// `enum`, as text.
    pub values: Option<Vec<String>>,
}

/// A body or response, flattened.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    /// JSON pointer to where the top-level properties live (`.../properties`).
    pub pointer: String,
    /// The fields, parents before children, in document order.
    pub fields: Vec<SpecField>,
}

impl Fields {
    /// The field at `path`.
    pub fn get(&self, path: &str) -> Option<&SpecField> {
        self.fields.iter().find(|f| f.path == path)
    }
}

/// One entry of an `x-error-codes` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The code.
    pub code: i64,
    /// The message, whitespace collapsed.
    pub message: String,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl<'a> Document<'a> {
    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            file: self.file.to_string(),
            pointer: pointer.to_string(),
            message: message.into(),
        }
    }

    /// The `servers` URLs, trailing `/` removed.
    pub fn servers(&self) -> Vec<String> {
        self.root
            .get("servers")
            .and_then(Value::as_array)
            .map(|servers| {
                servers
                    .iter()
                    .filter_map(|s| s.get("url").and_then(Value::as_str))
                    .map(|u| u.trim_end_matches('/').to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every path template of the document.
    pub fn paths(&self) -> Vec<&'a str> {
        self.root
            .get("paths")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The operation at `method` `path`; path parameters match whatever their names.
    pub fn find(&self, method: &str, path: &str) -> Option<Operation<'a>> {
        let paths = self.root.get("paths")?.as_object()?;
        let method = method.to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            return None;
        }
        let (key, item) = paths
            .iter()
            .find(|(k, _)| *k == path)
            .or_else(|| paths.iter().find(|(k, _)| same_template(k, path)))?;
        let value = item.get(&method)?;
        Some(Operation {
            path: key.clone(),
            method: method.clone(),
            pointer: pointer_push(&pointer_push("", "paths"), key) + "/" + &method,
            value,
        })
    }

    /// Follows `$ref`s (local ones) and single-member `allOf`s; returns the schema and its pointer.
    pub fn resolve(&self, schema: &'a Value, pointer: &str) -> Result<(&'a Value, String)> {
        let mut schema = schema;
        let mut pointer = pointer.to_string();
        for _ in 0..32 {
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                let Some(target) = r.strip_prefix('#') else {
                    return Err(self.invalid(
                        &pointer,
                        format!("$ref {r:?} is not local; check-docs reads one file"),
                    ));
                };
                schema = self
                    .root
                    .pointer(target)
                    .ok_or_else(|| self.invalid(&pointer, format!("$ref {r:?} names nothing")))?;
                pointer = target.to_string();
                continue;
            }
            if let Some([only]) = schema
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                && schema.get("properties").is_none()
            {
                pointer = format!("{pointer}/allOf/0");
                schema = only;
                continue;
            }
            return Ok((schema, pointer));
        }
        Err(self.invalid(&pointer, "$ref chain too long (a cycle?)"))
    }

    /// The request body's JSON schema, flattened; `None` when the operation takes no body.
    pub fn request(&self, op: &Operation<'a>) -> Result<Option<Fields>> {
        let Some(body) = op.value.get("requestBody") else {
            return Ok(None);
        };
        let (body, body_pointer) = self.resolve(body, &format!("{}/requestBody", op.pointer))?;
        let Some((schema, pointer)) = json_schema(body, &body_pointer) else {
            return Ok(None);
        };
        self.flatten_root(schema, &pointer).map(Some)
    }

    /// The success response, flattened. With an `envelope` (the name of the error
    /// envelope schema), a `oneOf`/`anyOf` of success and error envelopes yields the
    /// success envelope's fields, then the error envelope's fields not already there
    /// (`message`): the page describes both in one table.
    pub fn response(&self, op: &Operation<'a>, envelope: Option<&str>) -> Result<Option<Fields>> {
        let Some(responses) = op.value.get("responses").and_then(Value::as_object) else {
            return Ok(None);
        };
        let success = ["200", "201", "202", "2XX", "2xx"]
            .iter()
            .find_map(|k| responses.get_key_value(*k))
            .or_else(|| responses.iter().find(|(k, _)| k.starts_with('2')));
        let Some((status, response)) = success else {
            return Ok(None);
        };
        let base = pointer_push(&format!("{}/responses", op.pointer), status);
        let (response, response_pointer) = self.resolve(response, &base)?;
        let Some((schema, pointer)) = json_schema(response, &response_pointer) else {
            return Ok(None);
        };
        let (schema, pointer) = self.resolve(schema, &pointer)?;
        let error_pointer = envelope.map(|e| format!("/components/schemas/{e}"));
        let branches = ["oneOf", "anyOf"].iter().find_map(|k| {
            schema
                .get(*k)
                .and_then(Value::as_array)
                .map(|b| (*k, b.as_slice()))
        });
        let mut out = match branches {
            None => self.flatten_root(schema, &pointer)?,
            Some((keyword, branches)) => {
                let mut success: Vec<(&Value, String)> = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    let (b, p) = self.resolve(branch, &format!("{pointer}/{keyword}/{i}"))?;
                    if Some(&p) != error_pointer.as_ref() {
                        success.push((b, p));
                    }
                }
                match success.as_slice() {
                    [(b, p)] => self.flatten_root(b, p)?,
                    _ if error_pointer.is_none() => {
                        let mut merged = Fields {
                            pointer: format!("{pointer}/{keyword}"),
                            fields: Vec::new(),
                        };
                        for (b, p) in &success {
                            add_missing(&mut merged, self.flatten_root(b, p)?);
                        }
                        merged
                    }
                    _ => {
                        return Err(self.invalid(
                            &format!("{pointer}/{keyword}"),
                            format!(
                                "expected one success schema beside the error envelope, found {}",
                                success.len()
                            ),
                        ));
                    }
                }
            }
        };
        if let Some(error_pointer) = error_pointer {
            let error = self.root.pointer(&error_pointer).ok_or_else(|| {
                self.invalid(
                    &error_pointer,
                    "the error envelope named in specs/providers.toml is not in the document",
                )
            })?;
            let error_fields = self.flatten_root(error, &error_pointer)?;
            add_missing(&mut out, error_fields);
        }
        Ok(Some(out))
    }

    fn flatten_root(&self, schema: &'a Value, pointer: &str) -> Result<Fields> {
        let (schema, pointer) = self.resolve(schema, pointer)?;
        let mut out = Fields {
            pointer: format!("{pointer}/properties"),
            fields: Vec::new(),
        };
        let mut stack = vec![pointer.clone()];
        self.flatten(schema, &pointer, "", &mut out.fields, &mut stack)?;
        Ok(out)
    }

    fn flatten(
        &self,
        schema: &'a Value,
        pointer: &str,
        prefix: &str,
        out: &mut Vec<SpecField>,
        stack: &mut Vec<String>,
    ) -> Result<()> {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return Ok(());
        };
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, property) in properties {
            let property_pointer = pointer_push(&format!("{pointer}/properties"), name);
            let (resolved, resolved_pointer) = self.resolve(property, &property_pointer)?;
            let path = format!("{prefix}{name}");
            // Where its own properties live: the object, or an array's item object.
            let (object, object_pointer) = match schema_type(resolved).base.as_str() {
                "array" => match resolved.get("items") {
                    Some(items) => {
                        let (i, p) = self.resolve(items, &format!("{resolved_pointer}/items"))?;
                        (Some(i), p)
                    }
                    None => (None, resolved_pointer.clone()),
                },
                _ => (Some(resolved), resolved_pointer.clone()),
            };
            let object = object.filter(|o| o.get("properties").is_some());
            out.push(SpecField {
                path: path.clone(),
                pointer: property_pointer,
                children: object.map(|_| format!("{object_pointer}/properties")),
                ty: self.spec_type(resolved, &resolved_pointer)?,
                required: required.contains(name.as_str()),
                limits: limits(property, resolved),
                values: values(property, resolved),
            });
            if let Some(object) = object
                && !stack.contains(&object_pointer)
                && stack.len() < 16
            {
                stack.push(object_pointer.clone());
                self.flatten(object, &object_pointer, &format!("{path}."), out, stack)?;
                stack.pop();
            }
        }
        Ok(())
    }

    fn spec_type(&self, schema: &'a Value, pointer: &str) -> Result<SpecType> {
        let mut ty = schema_type(schema);
        if ty.base == "array"
            && let Some(items) = schema.get("items")
        {
            let (items, _) = self.resolve(items, &format!("{pointer}/items"))?;
            ty.items = Some(Box::new(schema_type(items)));
        }
        Ok(ty)
    }

    /// The operation's `x-error-codes`; `None` if it has none.
    pub fn error_codes(&self, op: &Operation<'a>) -> Result<Option<Vec<SpecError>>> {
        match op.value.get("x-error-codes") {
            None => Ok(None),
            Some(list) => self
                .error_list(list, &format!("{}/x-error-codes", op.pointer))
                .map(Some),
        }
    }

    /// The codes of the root `x-error-codes` catalog; `None` if the document has none.
    pub fn catalog(&self) -> Result<Option<BTreeSet<i64>>> {
        match self.root.get("x-error-codes") {
            None => Ok(None),
            Some(list) => Ok(Some(
                self.error_list(list, "/x-error-codes")?
                    .into_iter()
                    .map(|e| e.code)
                    .collect(),
            )),
        }
    }

    fn error_list(&self, list: &Value, pointer: &str) -> Result<Vec<SpecError>> {
        let Some(items) = list.as_array() else {
            return Err(self.invalid(pointer, "x-error-codes must be a list of {code, message}"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let code = match item.get("code") {
                    Some(Value::Number(n)) => n.as_i64(),
                    Some(Value::String(s)) => s.trim().parse().ok(),
                    _ => None,
                };
                let code = code.ok_or_else(|| {
                    self.invalid(&format!("{pointer}/{i}"), "entry has no integer `code`")
                })?;
                let message = item
                    .get("message")
                    .and_then(Value::as_str)
                    .map(super::page::collapse)
                    .unwrap_or_default();
                Ok(SpecError { code, message })
            })
            .collect()
    }
}

/// Appends the fields of `more` whose paths `into` lacks.
fn add_missing(into: &mut Fields, more: Fields) {
    for f in more.fields {
        if into.get(&f.path).is_none() {
            into.fields.push(f);
        }
    }
}

/// The JSON media type's schema of a request body or response (any `*json` type, else the first).
fn json_schema<'v>(holder: &'v Value, pointer: &str) -> Option<(&'v Value, String)> {
    let content = holder.get("content")?.as_object()?;
    let (media, body) = content
        .iter()
        .find(|(k, _)| *k == "application/json")
        .or_else(|| content.iter().find(|(k, _)| k.contains("json")))
        .or_else(|| content.iter().next())?;
    let schema = body.get("schema")?;
    Some((
        schema,
        pointer_push(&format!("{pointer}/content"), media) + "/schema",
    ))
}

/// The type a (resolved) schema declares or implies.
fn schema_type(schema: &Value) -> SpecType {
    let declared = match schema.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        // 3.1: ["string", "null"].
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .map(str::to_string),
        _ => None,
    };
    let base = declared.unwrap_or_else(|| {
        if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
            "object".to_string()
        } else if schema.get("items").is_some() {
            "array".to_string()
        } else if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            match first {
                Value::String(_) => "string",
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                _ => "any",
            }
            .to_string()
        } else if let Some(k) = ["oneOf", "anyOf", "allOf"]
            .iter()
            .find(|k| schema.get(**k).is_some())
        {
            k.to_string()
        } else {
            "any".to_string()
        }
    });
    SpecType {
        base,
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_string),
        items: None,
    }
}

/// A keyword from the property itself (3.1 siblings of `$ref`) or its resolved schema.
fn keyword<'v>(property: &'v Value, resolved: &'v Value, key: &str) -> Option<&'v Value> {
    property.get(key).or_else(|| resolved.get(key))
}

fn limits(property: &Value, resolved: &Value) -> SpecLimits {
    let uint = |k| keyword(property, resolved, k).and_then(Value::as_u64);
    let float = |k| keyword(property, resolved, k).and_then(Value::as_f64);
    SpecLimits {
        min_length: uint("minLength"),
        max_length: uint("maxLength"),
        minimum: float("minimum"),
        maximum: float("maximum"),
    }
}

fn values(property: &Value, resolved: &Value) -> Option<Vec<String>> {
    keyword(property, resolved, "enum")
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
}

/// Whether two path templates are the same up to parameter names
/// (`{clusterId}`, `{CLUSTER_ID}`, `:clusterId`).
pub fn same_template(a: &str, b: &str) -> bool {
    let param = |s: &str| (s.starts_with('{') && s.ends_with('}')) || s.starts_with(':');
    let a: Vec<&str> = a.trim_end_matches('/').split('/').collect();
    let b: Vec<&str> = b.trim_end_matches('/').split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (param(x) && param(y)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "servers": [{"url": "https://api.example.com/"}],
            "paths": {
                "/v1/things/{thingId}": {"get": {"operationId": "getThing"}},
                "/v1/things/create": {"post": {
                    "operationId": "createThing",
                    "x-source": "https://docs.example.com/reference/create-thing",
                    "x-error-codes": [{"code": 80014, "message": "Invalid  name."}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                    "responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [
                        {"$ref": "#/components/schemas/Ok"},
                        {"$ref": "#/components/schemas/ErrorEnvelope"}
                    ]}}}}}
                }}
            },
            "components": {"schemas": {
                "Req": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "maxLength": 32},
                    "plan": {"$ref": "#/components/schemas/Plan"},
                    "tags": {"type": "array", "items": {"type": "string"}}
                }},
                "Plan": {"type": "string", "enum": ["Free", "Serverless"]},
                "Ok": {"type": "object", "properties": {
                    "code": {"type": "integer", "format": "int32"},
                    "data": {"$ref": "#/components/schemas/Data"}
                }},
                "Data": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "password": {"type": "string", "format": "password"},
                    "parent": {"$ref": "#/components/schemas/Data"}
                }},
                "ErrorEnvelope": {"type": "object", "properties": {
                    "code": {"type": "integer"}, "message": {"type": "string"}
                }}
            }},
            "x-error-codes": [{"code": 80014, "message": "x"}, {"code": "80021", "message": "y"}]
        })
    }

    #[test]
    fn finds_operations_by_method_and_template() {
        let root = doc();
        let d = Document {
            file: "x.yaml",
            root: &root,
        };
        let op = d.find("POST", "/v1/things/create").expect("found");
        assert_eq!(op.operation_id(), Some("createThing"));
        assert_eq!(op.pointer, "/paths/~1v1~1things~1create/post");
        let get = d.find("get", "/v1/things/{THING_ID}").expect("template");
        assert_eq!(get.path, "/v1/things/{thingId}");
        assert!(d.find("get", "/v1/things/create").is_none());
        assert!(d.find("post", "/v1/nothing").is_none());
        assert_eq!(d.servers(), ["https://api.example.com"]);
    }

    #[test]
    fn flattens_request_and_enveloped_response() {
        let root = doc();
        let d = Document {
            file: "x.yaml",
            root: &root,
        };
        let op = d.find("post", "/v1/things/create").expect("found");
        let request = d.request(&op).expect("ok").expect("body");
        assert_eq!(request.pointer, "/components/schemas/Req/properties");
        let name = request.get("name").expect("name");
        assert!(name.required);
        assert_eq!(name.limits.max_length, Some(32));
        let plan = request.get("plan").expect("plan");
        assert!(!plan.required);
        assert_eq!(plan.ty.to_string(), "string");
        assert_eq!(plan.pointer, "/components/schemas/Req/properties/plan");
        assert_eq!(
            plan.values.as_deref(),
            Some(&["Free".to_string(), "Serverless".to_string()][..])
        );
        assert_eq!(
            request.get("tags").expect("tags").ty.to_string(),
            "array of string"
        );

        let response = d
            .response(&op, Some("ErrorEnvelope"))
            .expect("ok")
            .expect("response");
        let paths: Vec<_> = response.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "code",
                "data",
                "data.id",
                "data.password",
                "data.parent",
                "message"
            ],
            "the recursive parent is not followed twice"
        );
        assert_eq!(
            response.get("data.password").expect("pw").ty.to_string(),
            "string (format password)"
        );
        assert_eq!(
            response.get("data").expect("data").children.as_deref(),
            Some("/components/schemas/Data/properties")
        );
    }

    #[test]
    fn reads_error_codes_and_catalog() {
        let root = doc();
        let d = Document {
            file: "x.yaml",
            root: &root,
        };
        let op = d.find("post", "/v1/things/create").expect("found");
        let codes = d.error_codes(&op).expect("ok").expect("some");
        assert_eq!(
            codes,
            [SpecError {
                code: 80014,
                message: "Invalid name.".to_string()
            }]
        );
        let catalog = d.catalog().expect("ok").expect("some");
        assert!(catalog.contains(&80021));
    }

    #[test]
    fn a_dangling_ref_is_an_error_with_its_pointer() {
        let root = json!({"paths": {"/x": {"post": {"requestBody": {"content": {"application/json":
            {"schema": {"$ref": "#/components/schemas/Gone"}}}}}}}});
        let d = Document {
            file: "x.yaml",
            root: &root,
        };
        let op = d.find("post", "/x").expect("found");
        let err = d.request(&op).expect_err("dangling");
        assert!(err.to_string().contains("names nothing"), "{err}");
        assert!(
            err.to_string().starts_with("x.yaml#/paths/~1x/post"),
            "{err}"
        );
    }

    #[test]
    fn templates_match_whatever_the_parameter_names() {
        assert!(same_template(
            "/v1/clusters/{clusterId}",
            "/v1/clusters/{CLUSTER_ID}"
        ));
        assert!(same_template("/v1/clusters/{id}/", "/v1/clusters/:id"));
        assert!(!same_template("/v1/clusters/{id}", "/v1/clusters/create"));
        assert!(!same_template("/v1/clusters", "/v1/clusters/{id}"));
    }
}
