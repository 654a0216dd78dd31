//! Stage 2: apply an OpenAPI Overlay 1.0 document.
//!
//! The vendor's document stays byte-identical to what the vendor published; our
//! corrections live in `specs/<provider>/overlay.yaml` as actions
//! (`{target: <JSONPath>, description, update | remove}`), applied in order.
//! An action whose target matches nothing is an error: it means the vendor's
//! document moved under us, and a silent no-op would hide it.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::shared::error::{Error, Result, pointer_tokens};

/// An overlay document.
#[derive(Debug, Deserialize)]
pub struct Overlay {
    /// The overlay specification version; must be `1.x`.
    pub overlay: String,
    /// Title and version of the overlay.
    #[serde(default)]
    pub info: Option<Value>,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// One overlay action.
#[derive(Debug, Deserialize)]
pub struct Action {
    /// RFC 9535 JSONPath selecting the nodes to change.
    pub target: String,
    /// Why: every action we write says what it fixes.
    #[serde(default)]
    pub description: Option<String>,
    /// A value merged into every selected node.
    #[serde(default)]
    pub update: Option<Value>,
    /// Remove every selected node.
    #[serde(default)]
    pub remove: bool,
}

/// What an action did, for `--explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The action's target.
    pub target: String,
    /// `update` or `remove`.
    pub kind: &'static str,
    /// JSON pointers of the nodes it changed.
    pub pointers: Vec<String>,
    /// The action's description.
    pub description: String,
}

/// Parses an overlay from its value (read with [`super::read`]); `file` names it in errors.
pub fn parse(file: &str, value: Value) -> Result<Overlay> {
    let overlay: Overlay = serde_path_to_error::deserialize(value).map_err(|e| Error::Invalid {
        file: file.to_string(),
        pointer: super::validate::path_to_pointer(e.path()),
        message: e.inner().to_string(),
    })?;
    if !overlay.overlay.starts_with("1.") {
        return Err(Error::Invalid {
            file: file.to_string(),
            pointer: "/overlay".to_string(),
            message: format!("unsupported overlay version {:?} (1.x is)", overlay.overlay),
        });
    }
    Ok(overlay)
}

/// Applies every action of `overlay` to `doc`, in order.
pub fn apply(file: &str, overlay: &Overlay, doc: &mut Value) -> Result<Vec<Applied>> {
    let mut applied = Vec::new();
    for (i, action) in overlay.actions.iter().enumerate() {
        let at = |field: &str| format!("/actions/{i}/{field}");
        let invalid = |field: &str, message: String| Error::Invalid {
            file: file.to_string(),
            pointer: at(field),
            message,
        };
        let path = JsonPath::parse(&action.target)
            .map_err(|e| invalid("target", format!("not a JSONPath: {e}")))?;
        let mut pointers: Vec<String> = path
            .query_located(doc)
            .locations()
            .map(|l| l.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            return Err(invalid(
                "target",
                format!(
                    "{:?} matches nothing in the document: it may have changed upstream",
                    action.target
                ),
            ));
        }
        let kind = match (&action.update, action.remove) {
            (Some(_), true) => {
                return Err(invalid(
                    "",
                    "an action has either `update` or `remove`, not both".to_string(),
                ));
            }
            (None, false) => {
                return Err(invalid(
                    "",
                    "an action needs `update` or `remove: true`".to_string(),
                ));
            }
            (Some(update), false) => {
                for p in &pointers {
                    if let Some(node) = doc.pointer_mut(p) {
                        merge(node, update);
                    }
                }
                "update"
            }
            (None, true) => {
                // Remove the deepest and the last array elements first, so earlier
                // pointers stay valid.
                pointers.sort_by(|a, b| compare_for_removal(a, b));
                for p in &pointers {
                    remove(doc, p);
                }
                pointers.sort();
                "remove"
            }
        };
        applied.push(Applied {
            target: action.target.clone(),
            kind,
            pointers,
            description: action.description.clone().unwrap_or_default(),
        });
    }
    Ok(applied)
}

/// Overlay 1.0 merge: objects merge recursively, arrays take the update appended,
/// anything else is replaced.
pub fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

fn compare_for_removal(a: &str, b: &str) -> std::cmp::Ordering {
    // Longer (deeper) first; among siblings, higher array index first.
    let (ta, tb) = (pointer_tokens(a), pointer_tokens(b));
    tb.len().cmp(&ta.len()).then_with(|| {
        match (
            ta.last().and_then(|t| t.parse::<usize>().ok()),
            tb.last().and_then(|t| t.parse::<usize>().ok()),
        ) {
            (Some(x), Some(y)) => y.cmp(&x),
            _ => b.cmp(a),
        }
    })
}

fn remove(doc: &mut Value, pointer: &str) {
    let mut tokens = pointer_tokens(pointer);
    let Some(last) = tokens.pop() else {
        *doc = Value::Null;
        return;
    };
    let parent_pointer: String = tokens
        .iter()
        .map(|t| format!("/{}", crate::shared::error::escape_pointer_token(t)))
        .collect();
    match doc.pointer_mut(&parent_pointer) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn overlay(actions: Value) -> Overlay {
        parse(
            "o.yaml",
            json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}),
        )
        .expect("valid overlay")
    }

    #[test]
    fn update_merges_objects_and_appends_arrays() {
        let mut doc = json!({"info": {"title": "x"}, "servers": [{"url": "a"}]});
        let o = overlay(json!([
            {"target": "$.info", "update": {"description": "d"}},
            {"target": "$.servers", "update": [{"url": "b"}]},
        ]));
        let applied = apply("o.yaml", &o, &mut doc).unwrap();
        assert_eq!(doc["info"], json!({"title": "x", "description": "d"}));
        assert_eq!(doc["servers"], json!([{"url": "a"}, {"url": "b"}]));
        assert_eq!(applied[0].pointers, ["/info"]);
    }

    #[test]
    fn remove_deletes_every_match() {
        let mut doc =
            json!({"paths": {"/a": {"get": {"x-internal": true}, "post": {"x-internal": true}}}});
        let o = overlay(json!([{"target": "$.paths['/a'].*['x-internal']", "remove": true}]));
        apply("o.yaml", &o, &mut doc).unwrap();
        assert_eq!(doc, json!({"paths": {"/a": {"get": {}, "post": {}}}}));
    }

    #[test]
    fn removes_array_elements_back_to_front() {
        let mut doc = json!({"tags": [{"n": 1, "x": true}, {"n": 2}, {"n": 3, "x": true}]});
        let o = overlay(json!([{"target": "$.tags[?@.x]", "remove": true}]));
        apply("o.yaml", &o, &mut doc).unwrap();
        assert_eq!(doc, json!({"tags": [{"n": 2}]}));
    }

    #[test]
    fn a_target_that_matches_nothing_is_an_error_with_its_location() {
        let mut doc = json!({"info": {}});
        let o = overlay(json!([
            {"target": "$.info", "update": {"a": 1}},
            {"target": "$.nowhere", "update": {"a": 1}},
        ]));
        match apply("o.yaml", &o, &mut doc).unwrap_err() {
            Error::Invalid {
                file,
                pointer,
                message,
            } => {
                assert_eq!(file, "o.yaml");
                assert_eq!(pointer, "/actions/1/target");
                assert!(message.contains("matches nothing"), "{message}");
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn bad_jsonpath_and_bad_shape_are_errors() {
        let mut doc = json!({});
        let o = overlay(json!([{"target": "$[", "remove": true}]));
        assert!(
            apply("o.yaml", &o, &mut doc)
                .unwrap_err()
                .to_string()
                .contains("not a JSONPath")
        );
        let err = parse(
            "o.yaml",
            json!({"overlay": "1.0.0", "actions": [{"update": {}}]}),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("o.yaml#/actions/0"), "{err}");
        let err = parse("o.yaml", json!({"overlay": "2.0.0", "actions": []})).unwrap_err();
        assert!(
            err.to_string().contains("unsupported overlay version"),
            "{err}"
        );
    }
}
