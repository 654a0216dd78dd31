//! Stage 3b: keep only the selected part of a document.
//!
//! Large vendor documents cover many products (Together's holds chat, files and
//! fine-tuning beside its GPU clusters). A provider's `select` in
//! `specs/providers.toml` (or `--select` / `--exclude` on the command line) keeps
//! the operations it names, by tag, path prefix or operationId, and exactly the
//! components they reach; everything else leaves the document before
//! normalization, so nothing outside the selection is normalized, generated or
//! compared. [`Selected`] says what was left out.
//!
//! An operation is kept when it matches an `include` selector (or `include` is
//! empty) and no `exclude` selector. A path prefix matches at a segment
//! boundary: `/compute/clusters` keeps `/compute/clusters` and
//! `/compute/clusters/{id}`, not `/compute/clusters-old`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use super::normalize::walk;
use crate::shared::error::{Error, Result, unescape_pointer_token};
use crate::shared::refs::holds_data;

/// The component kinds a selection prunes (security schemes always stay).
const PRUNED: [&str; 9] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "pathItems",
];

/// Operations named by tag, path prefix or operationId.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Selectors {
    /// Operations carrying any of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Operations whose path starts with any of these (at a segment boundary).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Operations with any of these operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
}

impl Selectors {
    fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.paths.is_empty() && self.operations.is_empty()
    }

    fn matches(&self, path: &str, operation: &Value) -> bool {
        let tagged = operation
            .get("tags")
            .and_then(Value::as_array)
            .is_some_and(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .any(|t| self.tags.iter().any(|s| s == t))
            });
        let id = operation.get("operationId").and_then(Value::as_str);
        tagged
            || self
                .paths
                .iter()
                .any(|prefix| path_has_prefix(path, prefix))
            || id.is_some_and(|id| self.operations.iter().any(|o| o == id))
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.tags.is_empty() {
            parts.push(format!("tags {}", self.tags.join(", ")));
        }
        if !self.paths.is_empty() {
            parts.push(format!("paths {}", self.paths.join(", ")));
        }
        if !self.operations.is_empty() {
            parts.push(format!("operations {}", self.operations.join(", ")));
        }
        parts.join("; ")
    }
}

/// What part of a document to generate: `select` in `specs/providers.toml`.
///
/// ```toml
/// select = { include = { tags = ["GPUClusterService"], paths = ["/clusters/availability-zones"] } }
/// ```
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// Keep these operations (all, when empty).
    #[serde(default)]
    pub include: Selectors,
    /// Then leave these out.
    #[serde(default)]
    pub exclude: Selectors,
}

impl Selection {
    /// A selection from command-line selectors: `tag:NAME`, `path:/PREFIX` or
    /// `operation:ID` (also `op:ID`).
    pub fn from_args(include: &[String], exclude: &[String]) -> Result<Option<Selection>> {
        if include.is_empty() && exclude.is_empty() {
            return Ok(None);
        }
        let mut selection = Selection::default();
        for (list, into) in [
            (include, &mut selection.include),
            (exclude, &mut selection.exclude),
        ] {
            for arg in list {
                let (kind, value) = arg.split_once(':').unwrap_or(("", arg));
                let value = value.to_string();
                match kind {
                    "tag" => into.tags.push(value),
                    "path" => into.paths.push(value),
                    "operation" | "op" => into.operations.push(value),
                    _ => {
                        return Err(Error::Config {
                            file: "--select".into(),
                            message: format!(
                                "{arg:?}: a selector is tag:NAME, path:/PREFIX or operation:ID"
                            ),
                        });
                    }
                }
            }
        }
        Ok(Some(selection))
    }

    /// Errors when the selection names nothing, or a path prefix does not start with `/`.
    pub fn check(&self, file: &str) -> Result<()> {
        let bad = |message: String| Error::Config {
            file: file.to_string(),
            message,
        };
        if self.include.is_empty() && self.exclude.is_empty() {
            return Err(bad(
                "select names no tag, path or operation: give include or exclude, or remove it"
                    .into(),
            ));
        }
        for p in self.include.paths.iter().chain(&self.exclude.paths) {
            if !p.starts_with('/') {
                return Err(bad(format!(
                    "select: path {p:?} must start with `/` (a path prefix of the document)"
                )));
            }
        }
        Ok(())
    }

    fn keeps(&self, path: &str, operation: &Value) -> bool {
        (self.include.is_empty() || self.include.matches(path, operation))
            && !self.exclude.matches(path, operation)
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let include = self.include.describe();
        let exclude = self.exclude.describe();
        match (include.is_empty(), exclude.is_empty()) {
            (false, true) => write!(f, "include {include}"),
            (true, false) => write!(f, "all but {exclude}"),
            (false, false) => write!(f, "include {include}; exclude {exclude}"),
            (true, true) => f.write_str("everything"),
        }
    }
}

/// What a selection kept and left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selected {
    /// The selection, as [`Selection`]'s `Display` writes it.
    pub selection: String,
    /// How many operations it kept.
    pub kept_operations: usize,
    /// The operations left out: `METHOD path (operationId)`, in document order.
    pub left_out_operations: Vec<String>,
    /// How many components it kept (schemas, parameters, ...).
    pub kept_components: usize,
    /// The components left out: `schemas/Name`, sorted.
    pub left_out_components: Vec<String>,
}

impl Selected {
    /// How many schemas were left out.
    pub fn left_out_schemas(&self) -> usize {
        self.left_out_components
            .iter()
            .filter(|c| c.starts_with("schemas/"))
            .count()
    }

    /// One line: what was kept and left out.
    pub fn summary(&self) -> String {
        format!(
            "selection ({}): kept {} operation(s), left out {} operation(s) and {} component(s) ({} schema(s))",
            self.selection,
            self.kept_operations,
            self.left_out_operations.len(),
            self.left_out_components.len(),
            self.left_out_schemas()
        )
    }
}

/// Whether `path` is `prefix` or continues it after a `/`.
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return true;
    }
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Keeps the selected operations of `doc` and the components they reach.
pub fn apply(selection: &Selection, doc: &mut Value) -> Selected {
    let mut out = Selected {
        selection: selection.to_string(),
        ..Selected::default()
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        let mut emptied = Vec::new();
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for &method in walk::methods() {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                if selection.keeps(path, operation) {
                    out.kept_operations += 1;
                } else {
                    let id = operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(|id| format!(" ({id})"))
                        .unwrap_or_default();
                    out.left_out_operations
                        .push(format!("{} {path}{id}", method.to_uppercase()));
                    item.remove(method);
                }
            }
            if !walk::methods().iter().any(|m| item.contains_key(*m)) {
                emptied.push(path.clone());
            }
        }
        for path in emptied {
            paths.remove(&path);
        }
    }
    // Webhooks are not generated; with a selection they would only keep
    // components alive.
    if let Some(map) = doc.as_object_mut() {
        map.remove("webhooks");
    }
    let reached = reach(doc);
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        for kind in PRUNED {
            let Some(map) = components.get_mut(kind).and_then(Value::as_object_mut) else {
                continue;
            };
            let names: Vec<String> = map.keys().cloned().collect();
            for name in names {
                if reached.contains(&(kind.to_string(), name.clone())) {
                    out.kept_components += 1;
                } else {
                    map.remove(&name);
                    out.left_out_components.push(format!("{kind}/{name}"));
                }
            }
        }
    }
    out.left_out_components.sort();
    out
}

/// The components (`(kind, name)`) reachable from everything outside
/// `components`, following `$ref`s and discriminator mappings.
fn reach<'a>(doc: &'a Value) -> BTreeSet<(String, String)> {
    let mut components: BTreeMap<(String, String), &'a Value> = BTreeMap::new();
    if let Some(all) = doc.get("components").and_then(Value::as_object) {
        for (kind, map) in all {
            for (name, value) in map.as_object().into_iter().flatten() {
                components.insert((kind.clone(), name.clone()), value);
            }
        }
    }
    let mut reached = BTreeSet::new();
    let mut stack: Vec<&'a Value> = Vec::new();
    if let Some(root) = doc.as_object() {
        stack.extend(
            root.iter()
                .filter(|(k, _)| k.as_str() != "components")
                .map(|(_, v)| v),
        );
    }
    // Security schemes are kept whole: what they reach counts too.
    if let Some(schemes) = doc.pointer("/components/securitySchemes") {
        stack.push(schemes);
    }
    let mut visit = |reference: &str, stack: &mut Vec<&'a Value>| {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            return;
        };
        let mut tokens = rest.splitn(3, '/');
        let (Some(kind), Some(name)) = (tokens.next(), tokens.next()) else {
            return;
        };
        let key = (kind.to_string(), unescape_pointer_token(name));
        if let Some(target) = components.get(&key)
            && reached.insert(key)
        {
            stack.push(target);
        }
    };
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    visit(r, &mut stack);
                }
                if let Some(mapping) = map
                    .get("discriminator")
                    .and_then(|d| d.get("mapping"))
                    .and_then(Value::as_object)
                {
                    for target in mapping.values().filter_map(Value::as_str) {
                        // A mapping value is a reference or a bare schema name.
                        if target.starts_with('#') {
                            visit(target, &mut stack);
                        } else {
                            visit(&format!("#/components/schemas/{target}"), &mut stack);
                        }
                    }
                }
                stack.extend(
                    map.iter()
                        .filter(|(k, v)| !holds_data(k, v) && k.as_str() != "discriminator")
                        .map(|(_, v)| v),
                );
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/compute/clusters": {
                    "get": {"operationId": "List", "tags": ["Clusters"],
                        "responses": {"200": {"$ref": "#/components/responses/Listed"}}},
                    "post": {"operationId": "Create", "tags": ["Clusters"],
                        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Create"}}}},
                        "responses": {"200": {"description": "ok"}}}
                },
                "/compute/clusters/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "delete": {"operationId": "Delete", "tags": ["Clusters"], "responses": {"204": {"description": "gone"}}}
                },
                "/compute/clusters-old": {
                    "get": {"operationId": "Old", "tags": ["Legacy"], "responses": {"200": {"description": "ok"}}}
                },
                "/chat": {
                    "post": {"operationId": "Chat", "tags": ["Chat"],
                        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}}}}
                }
            },
            "webhooks": {"w": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hook"}}}}}}},
            "components": {
                "schemas": {
                    "Create": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
                    "Shared": {"type": "string"},
                    "Cluster": {"type": "object", "x-note": {"$ref": "#/components/schemas/Chat"}},
                    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cluster"}],
                        "discriminator": {"propertyName": "k", "mapping": {"a": "Dog"}}},
                    "Dog": {"type": "object"},
                    "Chat": {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
                    "Hook": {"type": "object"}
                },
                "responses": {"Listed": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
                "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}},
                "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}
            }
        })
    }

    fn names(doc: &Value, kind: &str) -> Vec<String> {
        doc["components"][kind]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_tag_keeps_its_operations_and_exactly_the_components_they_reach() {
        let mut d = doc();
        let selection = Selection {
            include: Selectors {
                tags: vec!["Clusters".into()],
                ..Selectors::default()
            },
            ..Selection::default()
        };
        let got = apply(&selection, &mut d);
        assert_eq!(got.kept_operations, 3);
        assert_eq!(
            got.left_out_operations,
            vec!["GET /compute/clusters-old (Old)", "POST /chat (Chat)"]
        );
        // Shared is reached by a kept and a left-out operation: it stays.
        // Dog is reached only through a discriminator mapping; Chat only from an
        // extension (data), Hook only from a webhook.
        assert_eq!(
            names(&d, "schemas"),
            vec!["Create", "Shared", "Cluster", "Pet", "Dog"]
        );
        assert_eq!(
            got.left_out_components,
            vec!["schemas/Chat", "schemas/Hook"]
        );
        assert_eq!(names(&d, "parameters"), vec!["Id"]);
        assert_eq!(names(&d, "securitySchemes"), vec!["key"]);
        assert!(d.get("webhooks").is_none());
        assert!(d["paths"].get("/chat").is_none());
    }

    #[test]
    fn paths_match_at_a_segment_boundary_and_exclude_wins() {
        let mut d = doc();
        let selection = Selection {
            include: Selectors {
                paths: vec!["/compute/clusters".into()],
                ..Selectors::default()
            },
            exclude: Selectors {
                operations: vec!["Delete".into()],
                ..Selectors::default()
            },
        };
        let got = apply(&selection, &mut d);
        assert_eq!(got.kept_operations, 2);
        assert!(d["paths"].get("/compute/clusters-old").is_none());
        // The path item left without operations goes, with its parameters.
        assert!(d["paths"].get("/compute/clusters/{id}").is_none());
        assert_eq!(names(&d, "parameters"), Vec::<String>::new());
        assert_eq!(
            got.summary(),
            "selection (include paths /compute/clusters; exclude operations Delete): kept 2 \
             operation(s), left out 3 operation(s) and 3 component(s) (2 schema(s))"
        );
    }

    #[test]
    fn command_line_selectors() {
        let s = Selection::from_args(
            &["tag:A".into(), "path:/x".into(), "op:Get".into()],
            &["operation:Put".into()],
        )
        .expect("parses")
        .expect("some");
        assert_eq!(
            s.to_string(),
            "include tags A; paths /x; operations Get; exclude operations Put"
        );
        assert!(Selection::from_args(&["nope".into()], &[]).is_err());
        assert_eq!(Selection::from_args(&[], &[]).expect("parses"), None);
        assert!(Selection::default().check("p.toml").is_err());
    }
}
