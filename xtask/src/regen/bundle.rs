//! Stage 1b: bundle documents split over several files.
//!
//! A `$ref` to another file (`schemas/cluster.yaml`, `common.json#/components/schemas/Error`)
//! is resolved relative to the file that holds it and brought into the one
//! document: schemas go to `components/schemas` under the name their pointer or
//! file ends with (made unique), everything else (parameters, responses, path
//! items) is inlined at the reference. References inside the brought-in parts
//! are resolved the same way, relative to their own file; cycles between
//! schemas end at the name already given.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::shared::error::{Error, Result};
use crate::shared::refs::holds_data;

/// Reads a file referenced by a document (path relative to the workspace root, `/`-separated).
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>>;

/// Keys under which a `$ref` stands for a schema.
const SCHEMA_KEYS: [&str; 10] = [
    "schema",
    "schemas",
    "properties",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "additionalProperties",
    "$defs",
];

struct Bundler<'a> {
    loader: Loader<'a>,
    main: String,
    files: BTreeMap<String, Value>,
    names: BTreeMap<(String, String), String>,
    new_schemas: Vec<(String, Value)>,
    taken: std::collections::BTreeSet<String>,
    changes: Vec<String>,
}

/// Resolves every external `$ref` of `doc` (read from `file`); returns one line per file brought in.
pub fn bundle(file: &str, doc: &mut Value, loader: Loader<'_>) -> Result<Vec<String>> {
    if !has_external_refs(doc) {
        return Ok(Vec::new());
    }
    let taken = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut b = Bundler {
        loader,
        main: file.to_string(),
        files: BTreeMap::new(),
        names: BTreeMap::new(),
        new_schemas: Vec::new(),
        taken,
        changes: Vec::new(),
    };
    b.files.insert(file.to_string(), doc.clone());
    b.walk(doc, file, "", false, 0)?;
    if !b.new_schemas.is_empty() {
        let root = doc.as_object_mut().ok_or_else(|| Error::Invalid {
            file: file.to_string(),
            pointer: String::new(),
            message: "the document is not an object".to_string(),
        })?;
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(c) = components.as_object_mut() {
            let schemas = c.entry("schemas").or_insert_with(|| json!({}));
            if let Some(s) = schemas.as_object_mut() {
                for (name, schema) in b.new_schemas {
                    s.insert(name, schema);
                }
            }
        }
    }
    Ok(b.changes)
}

fn has_external_refs(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            matches!(m.get("$ref"), Some(Value::String(r)) if !r.starts_with('#'))
                || m.iter()
                    .any(|(k, v)| !holds_data(k, v) && has_external_refs(v))
        }
        Value::Array(a) => a.iter().any(has_external_refs),
        _ => false,
    }
}

/// `dir/of/file.yaml` + `../x.yaml` → `dir/x.yaml`.
fn join(file: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "Schema".to_string()
    } else {
        s
    }
}

impl Bundler<'_> {
    fn load(&mut self, file: &str, at: &str, from: &str) -> Result<&Value> {
        if !self.files.contains_key(file) {
            let bytes = (self.loader)(file).map_err(|e| Error::Invalid {
                file: from.to_string(),
                pointer: at.to_string(),
                message: format!("cannot read the referenced file {file}: {e}"),
            })?;
            let value = super::read::parse(file, &bytes)?;
            self.files.insert(file.to_string(), value);
            self.changes.push(format!("bundled {file}"));
        }
        self.files.get(file).ok_or_else(|| Error::Invalid {
            file: from.to_string(),
            pointer: at.to_string(),
            message: format!("cannot read the referenced file {file}"),
        })
    }

    fn target(&mut self, file: &str, fragment: &str, at: &str, from: &str) -> Result<Value> {
        let doc = self.load(file, at, from)?;
        let pointer = fragment.trim_start_matches('#');
        doc.pointer(pointer).cloned().ok_or_else(|| Error::Invalid {
            file: from.to_string(),
            pointer: at.to_string(),
            message: format!("{file}#{pointer} does not exist"),
        })
    }

    /// Rewrites the refs inside `value` (which lives in `file`, at `pointer` of the output).
    fn walk(
        &mut self,
        value: &mut Value,
        file: &str,
        pointer: &str,
        in_schema: bool,
        depth: usize,
    ) -> Result<()> {
        if depth > 64 {
            return Err(Error::Invalid {
                file: file.to_string(),
                pointer: pointer.to_string(),
                message: "references nest more than 64 deep".to_string(),
            });
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref").cloned() {
                    let (target_file, fragment) = match r.split_once('#') {
                        Some(("", frag)) => (file.to_string(), format!("#{frag}")),
                        Some((f, frag)) => (join(file, f), format!("#{frag}")),
                        None => (join(file, &r), "#".to_string()),
                    };
                    let local_to_main = target_file == self.main;
                    if local_to_main {
                        // A reference into the main document stays as it is.
                        map.insert("$ref".into(), json!(fragment));
                        return Ok(());
                    }
                    if in_schema {
                        let key = (target_file.clone(), fragment.clone());
                        let name = match self.names.get(&key) {
                            Some(n) => n.clone(),
                            None => {
                                let base = fragment
                                    .rsplit('/')
                                    .next()
                                    .filter(|t| !t.is_empty() && *t != "#")
                                    .map(crate::shared::error::unescape_pointer_token)
                                    .unwrap_or_else(|| {
                                        target_file
                                            .rsplit('/')
                                            .next()
                                            .and_then(|f| f.split('.').next())
                                            .unwrap_or("Schema")
                                            .to_string()
                                    });
                                let base = sanitize(&base);
                                let mut name = base.clone();
                                let mut n = 2;
                                while self.taken.contains(&name) {
                                    name = format!("{base}{n}");
                                    n += 1;
                                }
                                self.taken.insert(name.clone());
                                self.names.insert(key, name.clone());
                                let mut schema =
                                    self.target(&target_file, &fragment, pointer, file)?;
                                let at = format!("/components/schemas/{name}");
                                self.walk(&mut schema, &target_file, &at, true, depth + 1)?;
                                self.new_schemas.push((name.clone(), schema));
                                name
                            }
                        };
                        map.insert("$ref".into(), json!(format!("#/components/schemas/{name}")));
                    } else {
                        let mut inlined = self.target(&target_file, &fragment, pointer, file)?;
                        self.walk(&mut inlined, &target_file, pointer, false, depth + 1)?;
                        *value = inlined;
                    }
                    return Ok(());
                }
                for (k, v) in map.iter_mut() {
                    if holds_data(k, v) {
                        continue;
                    }
                    let child_in_schema = in_schema || SCHEMA_KEYS.contains(&k.as_str());
                    let at = crate::shared::error::pointer_push(pointer, k);
                    self.walk(v, file, &at, child_in_schema, depth + 1)?;
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    let at = crate::shared::error::pointer_push(pointer, &i.to_string());
                    self.walk(v, file, &at, in_schema, depth + 1)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn files(name: &str) -> Result<Vec<u8>> {
        let text = match name {
            "specs/x/schemas/cluster.yaml" => {
                "type: object\nproperties:\n  id: {type: string}\n  owner: {$ref: 'common.yaml#/components/schemas/User'}\n  parent: {$ref: '#'}\n"
            }
            "specs/x/schemas/common.yaml" => {
                "components:\n  schemas:\n    User: {type: object, properties: {name: {type: string}}}\n  parameters:\n    Page: {name: page, in: query, schema: {type: integer}}\n"
            }
            _ => {
                return Err(Error::io(
                    name,
                    std::io::Error::from(std::io::ErrorKind::NotFound),
                ));
            }
        };
        Ok(text.as_bytes().to_vec())
    }

    #[test]
    fn external_schemas_go_to_components_and_parameters_are_inlined() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {"/c": {"get": {
                "parameters": [{"$ref": "schemas/common.yaml#/components/parameters/Page"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "schemas/cluster.yaml"}
                }}}}
            }}},
            "components": {"schemas": {"User": {"type": "string"}}}
        });
        let changes = bundle("specs/x/openapi.yaml", &mut doc, &files).expect("bundles");
        assert_eq!(changes.len(), 2);
        let op = &doc["paths"]["/c"]["get"];
        assert_eq!(op["parameters"][0]["name"], "page");
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/cluster"
        );
        let schemas = &doc["components"]["schemas"];
        // `User` was taken by the main document, so the bundled one is `User2`.
        assert_eq!(
            schemas["cluster"]["properties"]["owner"]["$ref"],
            "#/components/schemas/User2"
        );
        assert_eq!(schemas["User2"]["properties"]["name"]["type"], "string");
        // A self-reference inside the bundled file ends at the name already given.
        assert_eq!(
            schemas["cluster"]["properties"]["parent"]["$ref"],
            "#/components/schemas/cluster"
        );
    }

    #[test]
    fn references_inside_extensions_and_examples_are_data() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {"/c": {"get": {
                "x-codeSamples": [{"lang": "ts", "source": {"$ref": "samples/list.ts"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "example": {"$ref": "a/json/schema.json"}},
                    "examples": {"one": {"value": {"kind": "plain"}}}
                }}}}
            }}}
        });
        let before = doc.clone();
        let changes = bundle("specs/x/openapi.yaml", &mut doc, &files).expect("nothing to load");
        assert!(changes.is_empty());
        assert_eq!(doc, before);
    }

    #[test]
    fn a_missing_file_is_an_error_at_the_reference() {
        let mut doc = json!({"components": {"schemas": {"A": {"$ref": "nope.yaml#/B"}}}});
        match bundle("specs/x/openapi.yaml", &mut doc, &files).unwrap_err() {
            Error::Invalid {
                file,
                pointer,
                message,
            } => {
                assert_eq!(file, "specs/x/openapi.yaml");
                assert_eq!(pointer, "/components/schemas/A");
                assert!(message.contains("specs/x/nope.yaml"), "{message}");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn paths_join_relative_to_the_referring_file() {
        assert_eq!(
            join("specs/x/openapi.yaml", "schemas/a.yaml"),
            "specs/x/schemas/a.yaml"
        );
        assert_eq!(
            join("specs/x/schemas/a.yaml", "../common.yaml"),
            "specs/x/common.yaml"
        );
        assert_eq!(join("a.yaml", "./b.yaml"), "b.yaml");
    }
}
