//! Operations, parameters, request bodies and responses of a document, `$ref`s resolved.

use serde_json::Value;

use super::flat::pointer_push;
use super::flat::resolve;
use crate::regen::normalize::walk;

/// One operation of a document.
#[derive(Clone, Debug)]
pub struct Op<'a> {
    /// Lower-case HTTP method.
    pub method: &'static str,
    /// The path template.
    pub path: &'a str,
    /// The path item it belongs to.
    pub item: &'a Value,
    /// The operation object.
    pub op: &'a Value,
    /// Its pointer (`/paths/~1a/get`).
    pub pointer: String,
}

impl Op<'_> {
    /// The operationId (normalization gives every operation one).
    pub fn operation_id(&self) -> &str {
        self.op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// `deprecated: true`.
    pub fn deprecated(&self) -> bool {
        self.op.get("deprecated") == Some(&Value::Bool(true))
    }
}

/// Every operation of a document, in document order.
#[derive(Debug, Default)]
pub struct Operations<'a> {
    /// The operations.
    pub list: Vec<Op<'a>>,
}

impl<'a> Operations<'a> {
    /// Collects the operations of `doc`.
    pub fn of(doc: &'a Value) -> Self {
        let mut list = Vec::new();
        if let Some(Value::Object(paths)) = doc.get("paths") {
            for (path, item) in paths {
                if !item.is_object() {
                    continue;
                }
                let item_pointer = pointer_push("/paths", path);
                for method in walk::methods().iter().copied() {
                    if let Some(op @ Value::Object(_)) = item.get(method) {
                        list.push(Op {
                            method,
                            path,
                            item,
                            op,
                            pointer: pointer_push(&item_pointer, method),
                        });
                    }
                }
            }
        }
        Operations { list }
    }
}

/// `/a/{id}/b` → `/a/{}/b`: paths that differ only in parameter names are the same endpoint.
pub fn normalized_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' if in_param => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// The raw parameter values of an operation: the path item's, then the operation's.
pub fn parameter_values<'a>(item: &'a Value, op: &'a Value) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for holder in [item, op] {
        if let Some(Value::Array(params)) = holder.get("parameters") {
            out.extend(params.iter());
        }
    }
    out
}

/// One parameter, resolved.
#[derive(Clone, Debug)]
pub struct Param<'a> {
    /// `name`.
    pub name: &'a str,
    /// `in`: path, query, header or cookie.
    pub location: &'a str,
    /// `required` (path parameters always are).
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// The schema (from `schema`, or the first `content` entry's), with its pointer.
    pub schema: Option<(&'a Value, String)>,
    /// Where the parameter object is.
    pub pointer: String,
}

/// The parameters of `op`, operation-level ones replacing path-level ones of the
/// same name and location.
pub fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let item_pointer = op
        .pointer
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string());
    for (holder, base) in [(op.item, item_pointer), (op.op, op.pointer.clone())] {
        let Some(Value::Array(params)) = holder.get("parameters") else {
            continue;
        };
        let base = pointer_push(&base, "parameters");
        for (i, raw) in params.iter().enumerate() {
            let Ok((value, pointer, _, _)) = resolve(doc, raw, pointer_push(&base, &i.to_string()))
            else {
                continue;
            };
            let (Some(name), Some(location)) = (
                value.get("name").and_then(Value::as_str),
                value.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let schema = match value.get("schema") {
                Some(s) => Some((s, pointer_push(&pointer, "schema"))),
                None => value
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.iter().next())
                    .and_then(|(media, m)| {
                        m.get("schema").map(|s| {
                            let at = pointer_push(&pointer_push(&pointer, "content"), media);
                            (s, pointer_push(&at, "schema"))
                        })
                    }),
            };
            let param = Param {
                name,
                location,
                required: location == "path" || value.get("required") == Some(&Value::Bool(true)),
                deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
                schema,
                pointer,
            };
            match out
                .iter_mut()
                .find(|p| p.name == name && p.location == location)
            {
                Some(existing) => *existing = param,
                None => out.push(param),
            }
        }
    }
    out
}

/// A request body or a response, resolved: its media types and their schemas.
#[derive(Clone, Debug)]
pub struct Body<'a> {
    /// Where the body (or response) object is.
    pub pointer: String,
    /// `required` (request bodies only).
    pub required: bool,
    /// Media type (lower-case, parameters kept) → schema and its pointer (`None` without a schema).
    pub content: Vec<(String, Option<(&'a Value, String)>)>,
}

/// Resolves a request body or response object found at `pointer`.
pub fn body<'a>(doc: &'a Value, raw: &'a Value, pointer: String) -> Body<'a> {
    let (value, pointer) = match resolve(doc, raw, pointer.clone()) {
        Ok((value, pointer, _, _)) => (value, pointer),
        Err(_) => (raw, pointer),
    };
    let mut content = Vec::new();
    if let Some(Value::Object(media)) = value.get("content") {
        let base = pointer_push(&pointer, "content");
        for (name, m) in media {
            let at = pointer_push(&base, name);
            content.push((
                name.to_ascii_lowercase(),
                m.get("schema").map(|s| (s, pointer_push(&at, "schema"))),
            ));
        }
    }
    Body {
        required: value.get("required") == Some(&Value::Bool(true)),
        pointer,
        content,
    }
}

/// The responses of an operation: status (`200`, `4XX`, `default`) → raw response, in document order.
pub fn responses<'a>(op: &Op<'a>) -> Vec<(&'a str, &'a Value)> {
    match op.op.get("responses") {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        _ => Vec::new(),
    }
}

/// Whether a status is a success (`2XX`).
pub fn is_success(status: &str) -> bool {
    status.starts_with('2')
}
