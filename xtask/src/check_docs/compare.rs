//! Comparing what a page says with what the document declares, one line per disagreement.
//!
//! Only what the page states is compared: a required flag when its table marks
//! `(required)`/`(optional)` at all, a limit or a list of values when its prose gives
//! one, error codes when it has an error table. What the page leaves unsaid is noted
//! (see [`Note`]), never guessed.

use std::collections::BTreeSet;

use super::cell::Kind;
use super::operation::{Fields, Operation, SpecError, SpecField, SpecType};
use super::page::{Field, Page, Table, collapse};

/// What is said when one side says nothing.
pub const ABSENT: &str = "(absent)";
/// What is said when a side states no limit, values or source.
pub const NONE: &str = "(none)";

/// One thing the page and the document disagree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The 1-based line of the page it concerns.
    pub line: usize,
    /// What it concerns: `request.clusterName`, `response.data.password`, `errors.80014`,
    /// `endpoint`, `operation`.
    pub path: String,
    /// Which aspect: `field`, `type`, `required`, `maxLength`, `minLength`, `minimum`,
    /// `maximum`, `enum`, `code`, `message`, `catalog`, `success code`, `server`, `x-source`.
    pub aspect: String,
    /// What the docs say.
    pub docs: String,
    /// What the document says.
    pub document: String,
    /// Where to change the document: `file#pointer` (or the providers file).
    pub location: String,
}

impl Disagreement {
    /// The disagreement without page, line or location: what `deviations.toml` lists.
    pub fn key(&self) -> String {
        format!(
            "{}: {}: docs say {}, document says {}",
            self.path, self.aspect, self.docs, self.document
        )
    }
}

/// Something worth knowing that is not a disagreement (what was not compared, and why).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The 1-based line of the page.
    pub line: usize,
    /// The note.
    pub message: String,
}

/// Everything the comparison needs besides the page.
pub struct Input<'a> {
    /// The page.
    pub page: &'a Page,
    /// The page's file name (`create-serverless-cluster.md`).
    pub page_name: &'a str,
    /// The document's file (for locations).
    pub document_file: &'a str,
    /// The operation the page documents.
    pub operation: &'a Operation<'a>,
    /// The document's server URLs.
    pub servers: &'a [String],
    /// The documented endpoint's server part, as split by [`split_url`].
    pub base: &'a str,
    /// The request body, flattened.
    pub request: Option<&'a Fields>,
    /// The success response (and error envelope), flattened.
    pub response: Option<&'a Fields>,
    /// The operation's `x-error-codes`.
    pub errors: Option<&'a [SpecError]>,
    /// The root `x-error-codes` catalog.
    pub catalog: Option<&'a BTreeSet<i64>>,
    /// The provider's success `code`, and where it is configured.
    pub success_code: Option<(i64, &'a str)>,
}

/// What the comparison found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Disagreements, in page order within each part.
    pub disagreements: Vec<Disagreement>,
    /// Notes.
    pub notes: Vec<Note>,
}

/// Splits an endpoint URL into its server part and its path, using the longest
/// server URL it starts with, else its scheme and host.
pub fn split_url(url: &str, servers: &[String]) -> (String, String) {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let mut sorted: Vec<&String> = servers.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for server in sorted {
        if let Some(rest) = url.strip_prefix(server.as_str())
            && rest.starts_with('/')
        {
            return (server.clone(), rest.to_string());
        }
    }
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => (
            url[..after_scheme + i].to_string(),
            url[after_scheme + i..].to_string(),
        ),
        None => (url.to_string(), "/".to_string()),
    }
}

/// Compares a page with its operation.
pub fn compare(input: &Input<'_>) -> Outcome {
    let mut out = Outcome::default();
    endpoint(input, &mut out);
    let loc = |pointer: &str| format!("{}#{pointer}", input.document_file);
    let op = &input.operation.pointer;
    section(
        "request",
        input.page.request.as_ref(),
        input.request,
        input.page.endpoint.line,
        &loc(&format!("{op}/requestBody")),
        input.document_file,
        &mut out,
    );
    if let Some(t) = &input.page.request
        && !t.marks_required
        && !t.fields.is_empty()
    {
        out.notes.push(Note {
            line: t.line,
            message: "the request table marks no field (required) or (optional): \
                      required flags are not compared"
                .to_string(),
        });
    }
    section(
        "response",
        input.page.response.as_ref(),
        input.response,
        input.page.endpoint.line,
        &loc(&format!("{op}/responses")),
        input.document_file,
        &mut out,
    );
    success_code(input, &mut out);
    errors(input, &mut out);
    for (line, message) in &input.page.notes {
        out.notes.push(Note {
            line: *line,
            message: message.clone(),
        });
    }
    for line in &input.page.unrecognized {
        out.notes.push(Note {
            line: *line,
            message: "this table is neither a request body, a response nor error codes: \
                      not compared"
                .to_string(),
        });
    }
    out
}

fn endpoint(input: &Input<'_>, out: &mut Outcome) {
    let line = input.page.endpoint.line;
    let base = placeholders(input.base);
    if !input.servers.is_empty() && !input.servers.iter().any(|s| placeholders(s) == base) {
        out.disagreements.push(Disagreement {
            line,
            path: "endpoint".to_string(),
            aspect: "server".to_string(),
            docs: input.base.to_string(),
            document: input.servers.join(" | "),
            location: format!("{}#/servers", input.document_file),
        });
    }
    let stem = input
        .page_name
        .strip_suffix(".md")
        .unwrap_or(input.page_name);
    let slug = input
        .page
        .slug
        .as_deref()
        .and_then(|s| s.trim_end_matches('/').rsplit('/').next())
        .filter(|s| !s.is_empty());
    let names: Vec<&str> = [Some(stem), slug].into_iter().flatten().collect();
    let source = input.operation.x_source();
    let named = source
        .map(|s| {
            s.split(['?', '#'])
                .next()
                .unwrap_or(s)
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
        })
        .filter(|last| names.contains(last));
    if named.is_none() {
        out.disagreements.push(Disagreement {
            line,
            path: "operation".to_string(),
            aspect: "x-source".to_string(),
            docs: slug.unwrap_or(stem).to_string(),
            document: source.unwrap_or(NONE).to_string(),
            location: format!(
                "{}#{}/x-source",
                input.document_file, input.operation.pointer
            ),
        });
    }
}

/// A URL with every `{variable}` and `${VARIABLE}` made `{}`: the docs write
/// `${CLOUD_REGION}` or `{cloud-region}` where the document has `{cloud-region}`.
pub fn placeholders(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let before = rest[..open].strip_suffix('$').unwrap_or(&rest[..open]);
        out.push_str(before);
        out.push_str("{}");
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The parent of a dotted path (`""` at the top).
fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(p, _)| p)
}

#[allow(clippy::too_many_arguments)]
fn section(
    name: &str,
    docs: Option<&Table>,
    spec: Option<&Fields>,
    fallback_line: usize,
    missing_location: &str,
    document_file: &str,
    out: &mut Outcome,
) {
    let empty_fields = Fields::default();
    let spec = spec.unwrap_or(&empty_fields);
    let doc_fields: &[Field] = docs.map_or(&[], |t| &t.fields);
    let table_line = docs.map_or(fallback_line, |t| t.line);
    let documented = |path: &str| {
        doc_fields.iter().any(|f| {
            f.path == path
                || f.path
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    };
    let loc = |pointer: &str| format!("{document_file}#{pointer}");
    let where_to_add = |path: &str| -> String {
        let p = parent(path);
        if p.is_empty() {
            if spec.pointer.is_empty() {
                missing_location.to_string()
            } else {
                loc(&spec.pointer)
            }
        } else {
            spec.get(p)
                .and_then(|f| f.children.as_deref())
                .map_or_else(|| missing_location.to_string(), loc)
        }
    };
    for field in doc_fields {
        let path = format!("{name}.{}", field.path);
        match spec.get(&field.path) {
            Some(s) => aspects(&path, field, s, &loc(&s.pointer), out),
            None => {
                let p = parent(&field.path);
                let parent_listed_missing = !p.is_empty()
                    && doc_fields.iter().any(|f| f.path == p)
                    && spec.get(p).is_none();
                if !parent_listed_missing {
                    out.disagreements.push(Disagreement {
                        line: field.line,
                        path,
                        aspect: "field".to_string(),
                        docs: field.facts.ty.raw.clone(),
                        document: ABSENT.to_string(),
                        location: where_to_add(&field.path),
                    });
                }
            }
        }
    }
    for s in &spec.fields {
        let p = parent(&s.path);
        if documented(&s.path) || !(p.is_empty() || documented(p)) {
            continue;
        }
        out.disagreements.push(Disagreement {
            line: table_line,
            path: format!("{name}.{}", s.path),
            aspect: "field".to_string(),
            docs: ABSENT.to_string(),
            document: s.ty.to_string(),
            location: loc(&s.pointer),
        });
    }
}

fn aspects(path: &str, field: &Field, spec: &SpecField, location: &str, out: &mut Outcome) {
    let mut push = |aspect: &str, docs: String, document: String| {
        out.disagreements.push(Disagreement {
            line: field.line,
            path: path.to_string(),
            aspect: aspect.to_string(),
            docs,
            document,
            location: location.to_string(),
        });
    };
    let facts = &field.facts;
    if !agrees(&facts.ty.kind, &spec.ty) {
        push("type", facts.ty.raw.clone(), spec.ty.to_string());
    }
    if let Some(required) = field.required
        && required != spec.required
    {
        let word = |r: bool| if r { "required" } else { "optional" }.to_string();
        push("required", word(required), word(spec.required));
    }
    let lengths = [
        ("minLength", facts.limits.min_length, spec.limits.min_length),
        ("maxLength", facts.limits.max_length, spec.limits.max_length),
    ];
    for (aspect, docs, document) in lengths {
        if let Some(d) = docs
            && Some(d) != document
        {
            push(
                aspect,
                d.to_string(),
                document.map_or(NONE.to_string(), |v| v.to_string()),
            );
        }
    }
    let ranges = [
        ("minimum", facts.limits.minimum, spec.limits.minimum),
        ("maximum", facts.limits.maximum, spec.limits.maximum),
    ];
    for (aspect, docs, document) in ranges {
        if let Some(d) = docs
            && Some(d) != document
        {
            push(aspect, number(d), document.map_or(NONE.to_string(), number));
        }
    }
    if let Some(values) = &facts.values {
        let docs_set: BTreeSet<&str> = values.iter().map(String::as_str).collect();
        let spec_set: Option<BTreeSet<&str>> = spec
            .values
            .as_ref()
            .map(|v| v.iter().map(String::as_str).collect());
        if Some(&docs_set) != spec_set.as_ref() {
            push(
                "enum",
                list(values),
                spec.values.as_deref().map_or(NONE.to_string(), list),
            );
        }
    }
}

fn list(values: &[String]) -> String {
    format!("[{}]", values.join(", "))
}

/// A number as the docs would write it: `256`, not `256.0`.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Whether the docs' type and the document's agree. A size the docs do not give
/// (`integer` vs `int32`) is not a disagreement; a format on a string is.
pub fn agrees(kind: &Kind, ty: &SpecType) -> bool {
    let format_is = |w: &Option<&str>| w.is_none_or(|w| ty.format.as_deref() == Some(w));
    match kind {
        Kind::String => ty.base == "string" && ty.format.is_none(),
        Kind::Integer(w) => ty.base == "integer" && format_is(w),
        Kind::Number(w) => ty.base == "number" && format_is(w),
        Kind::Boolean => ty.base == "boolean",
        Kind::Object => ty.base == "object",
        Kind::Array(item) => {
            ty.base == "array"
                && match (item, &ty.items) {
                    (Some(i), Some(t)) => agrees(i, t),
                    _ => true,
                }
        }
        Kind::Unknown => false,
    }
}

fn success_code(input: &Input<'_>, out: &mut Outcome) {
    let Some((expected, configured_in)) = input.success_code else {
        return;
    };
    let Some(code) = input
        .page
        .response
        .as_ref()
        .and_then(|t| t.fields.iter().find(|f| f.path == "code"))
    else {
        return;
    };
    let Some(documented) = code.facts.listed.iter().find_map(|t| t.parse::<i64>().ok()) else {
        return;
    };
    if documented != expected {
        out.disagreements.push(Disagreement {
            line: code.line,
            path: "response.code".to_string(),
            aspect: "success code".to_string(),
            docs: documented.to_string(),
            document: expected.to_string(),
            location: configured_in.to_string(),
        });
    }
}

fn quoted(message: &str) -> String {
    format!("\"{message}\"")
}

fn errors(input: &Input<'_>, out: &mut Outcome) {
    let op = &input.operation.pointer;
    let codes_location = format!("{}#{op}/x-error-codes", input.document_file);
    let spec = input.errors.unwrap_or(&[]);
    let Some(table) = &input.page.errors else {
        if !spec.is_empty() {
            out.notes.push(Note {
                line: input.page.endpoint.line,
                message: format!(
                    "the page lists no error codes: the {} code(s) the document records \
                     for this operation are not compared",
                    spec.len()
                ),
            });
        }
        return;
    };
    let mut seen = BTreeSet::new();
    for e in &table.codes {
        if !seen.insert(e.code) {
            continue;
        }
        let path = format!("errors.{}", e.code);
        match spec.iter().find(|s| s.code == e.code) {
            None => out.disagreements.push(Disagreement {
                line: e.line,
                path: path.clone(),
                aspect: "code".to_string(),
                docs: quoted(&e.message),
                document: ABSENT.to_string(),
                location: codes_location.clone(),
            }),
            Some(s) if collapse(&s.message) != e.message => out.disagreements.push(Disagreement {
                line: e.line,
                path: path.clone(),
                aspect: "message".to_string(),
                docs: quoted(&e.message),
                document: quoted(&s.message),
                location: codes_location.clone(),
            }),
            Some(_) => {}
        }
        if let Some(catalog) = input.catalog
            && !catalog.contains(&e.code)
        {
            out.disagreements.push(Disagreement {
                line: e.line,
                path,
                aspect: "catalog".to_string(),
                docs: quoted(&e.message),
                document: ABSENT.to_string(),
                location: format!("{}#/x-error-codes", input.document_file),
            });
        }
    }
    for s in spec {
        if !seen.contains(&s.code) {
            out.disagreements.push(Disagreement {
                line: table.line,
                path: format!("errors.{}", s.code),
                aspect: "code".to_string(),
                docs: ABSENT.to_string(),
                document: quoted(&s.message),
                location: codes_location.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::operation::Document;
    use super::super::page;
    use super::*;

    const PAGE: &str = r#"---
slug: /create-thing
---

<RestHeader method="post" endpoint="https://api.example.com/v1/things/create" />

| Parameter | Description |
|---|---|
| `name`  | **string**(required)<br/>The name. It is a string of no more than 32 characters.|
| `size`  | **integer**<br/>An integer from 1 to 8.|
| `kind`  | **string**<br/>Valid values: `a`, `b`.|

| Property | Description |
|---|---|
| `code`   | **integer**<br/><ul><li>`0`: ok</li></ul> |
| `data`    | **object**<br/>Data. |
| `data.id`   | **string**<br/>The ID. |
| `message`  | **string**<br/>Why. |

| Code | Error Message |
| ---- | ------------- |
| 1 | One. |
| 2 | Two. |
"#;

    fn doc() -> Value {
        json!({
            "servers": [{"url": "https://api.example.com"}],
            "paths": {"/v1/things/create": {"post": {
                "x-source": "https://docs.example.com/create-thing",
                "x-error-codes": [{"code": 1, "message": "One."}, {"code": 2, "message": "Two."}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [
                    {"$ref": "#/components/schemas/Ok"}, {"$ref": "#/components/schemas/ErrorEnvelope"}]}}}}}
            }}},
            "components": {"schemas": {
                "Req": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "maxLength": 32},
                    "size": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 8},
                    "kind": {"type": "string", "enum": ["b", "a"]}
                }},
                "Ok": {"type": "object", "properties": {
                    "code": {"type": "integer"},
                    "data": {"type": "object", "properties": {"id": {"type": "string"}}}
                }},
                "ErrorEnvelope": {"type": "object", "properties": {
                    "code": {"type": "integer"}, "message": {"type": "string"}}}
            }},
            "x-error-codes": [{"code": 1, "message": "x"}, {"code": 2, "message": "y"}]
        })
    }

    fn run(page_text: &str, root: &Value) -> Outcome {
        let page = page::parse(page_text).expect("page");
        let d = Document {
            file: "doc.yaml",
            root,
        };
        let servers = d.servers();
        let (base, path) = split_url(&page.endpoint.url, &servers);
        let op = d.find(&page.endpoint.method, &path).expect("op");
        let request = d.request(&op).expect("ok");
        let response = d.response(&op, Some("ErrorEnvelope")).expect("ok");
        let errors = d.error_codes(&op).expect("ok");
        let catalog = d.catalog().expect("ok");
        compare(&Input {
            page: &page,
            page_name: "create-thing.md",
            document_file: "doc.yaml",
            operation: &op,
            servers: &servers,
            base: &base,
            request: request.as_ref(),
            response: response.as_ref(),
            errors: errors.as_deref(),
            catalog: catalog.as_ref(),
            success_code: Some((0, "providers.toml")),
        })
    }

    fn keys(o: &Outcome) -> Vec<String> {
        o.disagreements.iter().map(Disagreement::key).collect()
    }

    #[test]
    fn an_agreeing_page_has_no_disagreements() {
        let o = run(PAGE, &doc());
        assert_eq!(keys(&o), Vec::<String>::new());
        assert!(o.notes.is_empty(), "{:?}", o.notes);
    }

    #[test]
    fn each_difference_is_one_line() {
        let mut root = doc();
        let req = &mut root["components"]["schemas"]["Req"];
        req["properties"]["name"]["maxLength"] = json!(64);
        req["properties"]["size"]["type"] = json!("string");
        req["required"] = json!(["name", "size"]);
        req["properties"]["kind"]["enum"] = json!(["a"]);
        req["properties"]["extra"] = json!({"type": "boolean"});
        root["components"]["schemas"]["Ok"]["properties"]["data"]["properties"]["id"]["format"] =
            json!("uuid");
        root["paths"]["/v1/things/create"]["post"]["x-error-codes"] =
            json!([{"code": 1, "message": "Uno."}, {"code": 3, "message": "Three."}]);
        root["x-error-codes"] = json!([{"code": 1, "message": "x"}]);
        let o = run(PAGE, &root);
        assert_eq!(
            keys(&o),
            [
                "request.name: maxLength: docs say 32, document says 64",
                "request.size: type: docs say integer, document says string (format int32)",
                "request.size: required: docs say optional, document says required",
                "request.kind: enum: docs say [a, b], document says [a]",
                "request.extra: field: docs say (absent), document says boolean",
                "response.data.id: type: docs say string, document says string (format uuid)",
                "errors.1: message: docs say \"One.\", document says \"Uno.\"",
                "errors.2: code: docs say \"Two.\", document says (absent)",
                "errors.2: catalog: docs say \"Two.\", document says (absent)",
                "errors.3: code: docs say (absent), document says \"Three.\"",
            ]
        );
        let extra = &o.disagreements[4];
        assert_eq!(
            extra.location,
            "doc.yaml#/components/schemas/Req/properties/extra"
        );
        assert_eq!(extra.line, 7, "a document-only field points at its table");
    }

    #[test]
    fn docs_only_fields_point_where_to_add_them() {
        let text = PAGE.replace(
            "| `message`",
            "| `data.region`   | **string**<br/>The region. |\n| `message`",
        );
        let o = run(&text, &doc());
        assert_eq!(
            keys(&o),
            ["response.data.region: field: docs say string, document says (absent)"]
        );
        assert_eq!(
            o.disagreements[0].location,
            "doc.yaml#/components/schemas/Ok/properties/data/properties"
        );
    }

    #[test]
    fn unmarked_request_tables_and_missing_error_tables_are_noted() {
        let text = PAGE
            .replace("**string**(required)", "**string**")
            .replace("| 1 | One. |\n| 2 | Two. |\n", "")
            .replace("| Code | Error Message |\n| ---- | ------------- |\n", "");
        let o = run(&text, &doc());
        assert_eq!(keys(&o), Vec::<String>::new());
        let notes: Vec<_> = o.notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("required flags are not compared"));
        assert!(notes[1].contains("2 code(s)"));
    }

    #[test]
    fn endpoint_server_source_and_success_code() {
        let text = PAGE
            .replace("https://api.example.com/", "https://api.example.cn/")
            .replace("`0`: ok", "`200`: ok");
        let mut root = doc();
        root["paths"]["/v1/things/create"]["post"]["x-source"] = json!("https://docs/other-page");
        let o = run(&text, &root);
        assert_eq!(
            keys(&o),
            [
                "endpoint: server: docs say https://api.example.cn, document says https://api.example.com",
                "operation: x-source: docs say create-thing, document says https://docs/other-page",
                "response.code: success code: docs say 200, document says 0",
            ]
        );
    }

    #[test]
    fn split_url_prefers_the_documents_servers() {
        let servers = vec!["https://h.example.com/api".to_string()];
        assert_eq!(
            split_url("https://h.example.com/api/v1/x?y=1", &servers),
            ("https://h.example.com/api".to_string(), "/v1/x".to_string())
        );
        assert_eq!(
            split_url("https://c.{cloud-region}.z.com/v1/x", &[]),
            (
                "https://c.{cloud-region}.z.com".to_string(),
                "/v1/x".to_string()
            )
        );
    }

    #[test]
    fn placeholders_are_compared_by_position() {
        assert_eq!(
            placeholders("https://controller.api.${CLOUD_REGION}.zillizcloud.com"),
            placeholders("https://controller.api.{cloud-region}.zillizcloud.com")
        );
        assert_eq!(placeholders("https://a/{x"), "https://a/{x");
        assert_ne!(
            placeholders("https://a.{x}.com"),
            placeholders("https://b.{x}.com")
        );
    }

    #[test]
    fn types_agree_up_to_sizes_the_docs_leave_out() {
        let t = |base: &str, format: Option<&str>| SpecType {
            base: base.to_string(),
            format: format.map(str::to_string),
            items: None,
        };
        assert!(agrees(&Kind::Integer(None), &t("integer", Some("int32"))));
        assert!(agrees(
            &Kind::Integer(Some("int64")),
            &t("integer", Some("int64"))
        ));
        assert!(!agrees(
            &Kind::Integer(Some("int64")),
            &t("integer", Some("int32"))
        ));
        assert!(!agrees(&Kind::String, &t("string", Some("password"))));
        assert!(!agrees(&Kind::Unknown, &t("string", None)));
    }
}
