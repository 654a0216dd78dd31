//! A schema as the comparison sees it: `$ref`s followed, `allOf` merged, and only
//! the keywords that change what clients may send or receive kept.
//!
//! Descriptions, titles, examples, `x-*` extensions (but `x-rust-type`) and
//! other documentation never reach the comparison.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::shared::error::escape_pointer_token;
pub use crate::shared::refs::component_name;

/// Appends `token` to `pointer` (RFC 6901 escaping), without the two
/// replacements when the token needs none.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    if token.contains(['~', '/']) {
        return format!("{pointer}/{}", escape_pointer_token(token));
    }
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(token);
    out
}

static TRUE: Value = Value::Bool(true);

/// How many `$ref` hops or nested `allOf`s are followed before giving up (a cycle).
const MAX_HOPS: usize = 32;

/// The target of a local reference (`#/…`). `#/components/schemas/X`, by far the
/// most common, is looked up directly; others go through [`Value::pointer`].
fn follow<'a>(doc: &'a Value, reference: &'a str) -> Option<(&'a str, &'a Value)> {
    let pointer = reference.strip_prefix('#')?;
    if let Some(name) = pointer.strip_prefix("/components/schemas/")
        && !name.contains(['/', '~', '%'])
    {
        let target = doc.get("components")?.get("schemas")?.get(name)?;
        return Some((pointer, target));
    }
    doc.pointer(pointer).map(|t| (pointer, t))
}

/// Follows `value` through local `$ref`s. Returns the target, its pointer, the
/// component schema it is (if it is one) and whether a `$ref` beside it said
/// `nullable: true`; `Err(reference)` when a reference cannot be followed.
pub fn resolve<'a>(
    doc: &'a Value,
    value: &'a Value,
    pointer: String,
) -> Result<(&'a Value, String, Option<String>, bool), &'a str> {
    let mut value = value;
    let mut pointer = pointer;
    let mut component = None;
    let mut nullable = false;
    for _ in 0..MAX_HOPS {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok((value, pointer, component, nullable));
        };
        nullable |= value.get("nullable") == Some(&TRUE);
        let Some((target_pointer, target)) = follow(doc, reference) else {
            return Err(reference);
        };
        component = component_name(target_pointer);
        value = target;
        pointer = target_pointer.to_string();
    }
    Err(value.get("$ref").and_then(Value::as_str).unwrap_or("$ref"))
}

/// A keyword that holds a schema (or schemas), with the pointer of the object it sits in.
#[derive(Clone, Debug)]
pub struct At<'a> {
    /// The keyword's value.
    pub value: &'a Value,
    /// The pointer of the keyword's value.
    pub pointer: String,
}

/// One property of an object schema.
#[derive(Clone, Debug)]
pub struct Property<'a> {
    /// The property's name.
    pub name: &'a str,
    /// Its schema.
    pub schema: &'a Value,
    /// The pointer of its schema.
    pub pointer: String,
}

/// A schema, resolved and merged.
#[derive(Clone, Debug, Default)]
pub struct Flat<'a> {
    /// Where the schema's own keywords are (the `$ref` target when it is one).
    pub pointer: String,
    /// The component schema it is, when it was reached through a `$ref` (or an
    /// `allOf` of one `$ref`).
    pub component: Option<String>,
    /// A `$ref` that cannot be followed (external, dangling or cyclic).
    pub unresolved: Option<&'a str>,
    /// `title`, when the schema is inline (typify names the type after it).
    pub title: Option<&'a str>,
    /// `type`.
    pub ty: Option<&'a Value>,
    /// `format`.
    pub format: Option<&'a str>,
    /// `nullable: true`.
    pub nullable: bool,
    /// `enum`.
    pub enumeration: Option<&'a Vec<Value>>,
    /// `maxLength`.
    pub max_length: Option<f64>,
    /// `minLength`.
    pub min_length: Option<f64>,
    /// `maximum`, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `minimum`, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maxItems`.
    pub max_items: Option<f64>,
    /// `minItems`.
    pub min_items: Option<f64>,
    /// `pattern`.
    pub pattern: Option<&'a str>,
    /// `default`.
    pub default: Option<&'a Value>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `x-rust-type` (normalization sets it for `format: password`).
    pub rust_type: Option<&'a str>,
    /// `items`.
    pub items: Option<At<'a>>,
    /// `additionalProperties` when it is a schema.
    pub additional: Option<At<'a>>,
    /// `oneOf`.
    pub one_of: Option<At<'a>>,
    /// `anyOf`.
    pub any_of: Option<At<'a>>,
    /// `properties`, own first, then those `allOf` members add.
    pub properties: Vec<Property<'a>>,
    /// `required`, merged over `allOf` (sorted, for binary search).
    pub required: Vec<&'a str>,
}

impl<'a> Flat<'a> {
    /// Resolves and merges the schema `value` found at `pointer` in `doc`.
    pub fn new(doc: &'a Value, value: &'a Value, pointer: String) -> Self {
        let mut flat = flatten(doc, value, pointer, 0);
        flat.required.sort_unstable();
        flat.required.dedup();
        flat
    }

    /// The JSON type, inferred from the keywords when `type` is missing; `None` is "any".
    pub fn effective_type(&self) -> Option<String> {
        match self.ty {
            Some(Value::String(t)) => return Some(t.clone()),
            Some(Value::Array(ts)) => {
                let mut names: Vec<&str> = ts
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                names.sort_unstable();
                return Some(names.join(" | "));
            }
            _ => {}
        }
        if !self.properties.is_empty() || self.additional.is_some() {
            return Some("object".into());
        }
        if self.items.is_some() {
            return Some("array".into());
        }
        if let Some(values) = self.enumeration {
            let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !non_null.is_empty() && non_null.iter().all(|v| v.is_string()) {
                return Some("string".into());
            }
        }
        None
    }

    /// Whether `name` is a required property.
    pub fn is_required(&self, name: &str) -> bool {
        self.required.binary_search(&name).is_ok()
    }

    /// A string typify turns into a validating newtype (length or pattern constraints, no enum).
    pub fn is_constrained_string(&self) -> bool {
        self.effective_type().as_deref() == Some("string")
            && self.enumeration.is_none()
            && self.rust_type.is_none()
            && (self.max_length.is_some() || self.min_length.is_some() || self.pattern.is_some())
    }

    /// The Rust type typify uses for a scalar schema, if it is one.
    pub fn rust_scalar(&self) -> Option<String> {
        let ty = self.effective_type()?;
        match ty.as_str() {
            "boolean" => Some("bool".into()),
            "number" => Some(
                if self.format == Some("float") {
                    "f32"
                } else {
                    "f64"
                }
                .into(),
            ),
            "integer" => Some(self.rust_integer()),
            "string" if self.enumeration.is_none() => Some(
                match (self.rust_type, self.format) {
                    (Some(path), _) => path.trim_start_matches("::"),
                    (None, Some("uuid")) => "uuid::Uuid",
                    (None, Some("date")) => "chrono::NaiveDate",
                    (None, Some("date-time")) => "chrono::DateTime<chrono::Utc>",
                    (None, Some("ip")) => "std::net::IpAddr",
                    (None, Some("ipv4")) => "std::net::Ipv4Addr",
                    (None, Some("ipv6")) => "std::net::Ipv6Addr",
                    _ => "String",
                }
                .into(),
            ),
            _ => None,
        }
    }

    fn rust_integer(&self) -> String {
        const FORMATS: [(&str, &str, &str, f64, f64); 10] = [
            ("int8", "i8", "NonZeroU8", i8::MIN as f64, i8::MAX as f64),
            ("uint8", "u8", "NonZeroU8", 0.0, u8::MAX as f64),
            (
                "int16",
                "i16",
                "NonZeroU16",
                i16::MIN as f64,
                i16::MAX as f64,
            ),
            ("uint16", "u16", "NonZeroU16", 0.0, u16::MAX as f64),
            ("int", "i32", "NonZeroU32", i32::MIN as f64, i32::MAX as f64),
            (
                "int32",
                "i32",
                "NonZeroU32",
                i32::MIN as f64,
                i32::MAX as f64,
            ),
            ("uint", "u32", "NonZeroU32", 0.0, u32::MAX as f64),
            ("uint32", "u32", "NonZeroU32", 0.0, u32::MAX as f64),
            (
                "int64",
                "i64",
                "NonZeroU64",
                i64::MIN as f64,
                i64::MAX as f64,
            ),
            ("uint64", "u64", "NonZeroU64", 0.0, u64::MAX as f64),
        ];
        let min = self.minimum.map(|(m, _)| m);
        let max = self.maximum.map(|(m, _)| m);
        if let Some(format) = self.format
            && let Some((_, ty, nz, imin, imax)) = FORMATS.iter().find(|f| f.0 == format)
            && min.is_none_or(|m| m >= *imin)
            && max.is_none_or(|m| m <= *imax)
        {
            return if min == Some(1.0) { nz } else { ty }.to_string();
        }
        if min == Some(1.0) {
            "NonZeroU64".into()
        } else if min == Some(0.0) && max.is_none() {
            "u64".into()
        } else {
            "i64".into()
        }
    }
}

fn flatten<'a>(doc: &'a Value, value: &'a Value, pointer: String, depth: usize) -> Flat<'a> {
    let (value, pointer, component, nullable) = match resolve(doc, value, pointer.clone()) {
        Ok(resolved) => resolved,
        Err(reference) => {
            return Flat {
                pointer,
                unresolved: Some(reference),
                ..Flat::default()
            };
        }
    };
    let mut flat = Flat {
        pointer,
        component,
        nullable,
        ..Flat::default()
    };
    let Value::Object(map) = value else {
        return flat;
    };
    let base = flat.pointer.clone();
    let (title, all_of) = absorb(&mut flat, map, &base);
    if flat.component.is_none() {
        flat.title = title;
    }
    if let Some(members) = all_of
        && depth < MAX_HOPS
    {
        let all_of = pointer_push(&base, "allOf");
        // `allOf: [$ref]` beside nothing but documentation and `nullable` is the
        // referenced schema (normalization writes `anyOf [$ref, null]` this way).
        let alias = members.len() == 1
            && map.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "allOf"
                        | "nullable"
                        | "description"
                        | "title"
                        | "example"
                        | "default"
                        | "deprecated"
                        | "readOnly"
                        | "writeOnly"
                        | "externalDocs"
                ) || k.starts_with("x-")
            });
        for (i, member) in members.iter().enumerate() {
            let m = flatten(
                doc,
                member,
                pointer_push(&all_of, &i.to_string()),
                depth + 1,
            );
            if alias {
                flat.pointer = m.pointer.clone();
                flat.component = m.component.clone();
                flat.unresolved = m.unresolved;
                if m.component.is_some() {
                    flat.title = None;
                }
            }
            merge(&mut flat, m);
        }
    }
    flat
}

/// Takes the keywords of `map` that `flat` does not have yet.
/// Takes the keywords of `map` that `flat` does not have yet. One pass over the
/// object's entries (a schema has a handful) rather than a hash lookup per
/// keyword. Returns `title` and `allOf`, which only the schema's own level uses.
fn absorb<'a>(
    flat: &mut Flat<'a>,
    map: &'a Map<String, Value>,
    base: &str,
) -> (Option<&'a str>, Option<&'a Vec<Value>>) {
    let at = |key: &str, value: &'a Value| At {
        value,
        pointer: pointer_push(base, key),
    };
    let (mut title, mut all_of) = (None, None);
    let (mut maximum, mut minimum) = (None, None);
    let (mut exclusive_maximum, mut exclusive_minimum) = (false, false);
    for (key, value) in map {
        match key.as_str() {
            "type" => flat.ty = flat.ty.or(Some(value)),
            "format" => flat.format = flat.format.or(value.as_str()),
            "nullable" => flat.nullable |= *value == TRUE,
            "enum" => flat.enumeration = flat.enumeration.or(value.as_array()),
            "maxLength" => flat.max_length = flat.max_length.or(value.as_f64()),
            "minLength" => flat.min_length = flat.min_length.or(value.as_f64()),
            "maximum" => maximum = value.as_f64(),
            "minimum" => minimum = value.as_f64(),
            "exclusiveMaximum" => exclusive_maximum = *value == TRUE,
            "exclusiveMinimum" => exclusive_minimum = *value == TRUE,
            "maxItems" => flat.max_items = flat.max_items.or(value.as_f64()),
            "minItems" => flat.min_items = flat.min_items.or(value.as_f64()),
            "pattern" => flat.pattern = flat.pattern.or(value.as_str()),
            "default" => flat.default = flat.default.or(Some(value)),
            "deprecated" => flat.deprecated |= *value == TRUE,
            "x-rust-type" => {
                flat.rust_type = flat.rust_type.or(value.get("path").and_then(Value::as_str));
            }
            "items" if flat.items.is_none() && value.is_object() => {
                flat.items = Some(at(key, value));
            }
            "additionalProperties" if flat.additional.is_none() && value.is_object() => {
                flat.additional = Some(at(key, value));
            }
            "oneOf" if flat.one_of.is_none() && value.is_array() => {
                flat.one_of = Some(at(key, value));
            }
            "anyOf" if flat.any_of.is_none() && value.is_array() => {
                flat.any_of = Some(at(key, value));
            }
            "properties" => {
                if let Value::Object(properties) = value {
                    let props = pointer_push(base, "properties");
                    add_properties(
                        &mut flat.properties,
                        properties.iter().map(|(name, schema)| Property {
                            name,
                            schema,
                            pointer: pointer_push(&props, name),
                        }),
                    );
                }
            }
            "required" => {
                if let Value::Array(required) = value {
                    flat.required
                        .extend(required.iter().filter_map(Value::as_str));
                }
            }
            "title" => title = value.as_str(),
            "allOf" => all_of = value.as_array(),
            _ => {}
        }
    }
    flat.maximum = flat.maximum.or(maximum.map(|m| (m, exclusive_maximum)));
    flat.minimum = flat.minimum.or(minimum.map(|m| (m, exclusive_minimum)));
    (title, all_of)
}

fn merge<'a>(into: &mut Flat<'a>, from: Flat<'a>) {
    into.ty = into.ty.or(from.ty);
    into.format = into.format.or(from.format);
    into.nullable |= from.nullable;
    into.enumeration = into.enumeration.or(from.enumeration);
    into.max_length = into.max_length.or(from.max_length);
    into.min_length = into.min_length.or(from.min_length);
    into.maximum = into.maximum.or(from.maximum);
    into.minimum = into.minimum.or(from.minimum);
    into.max_items = into.max_items.or(from.max_items);
    into.min_items = into.min_items.or(from.min_items);
    into.pattern = into.pattern.or(from.pattern);
    into.default = into.default.or(from.default);
    into.deprecated |= from.deprecated;
    into.rust_type = into.rust_type.or(from.rust_type);
    into.items = into.items.take().or(from.items);
    into.additional = into.additional.take().or(from.additional);
    into.one_of = into.one_of.take().or(from.one_of);
    into.any_of = into.any_of.take().or(from.any_of);
    add_properties(&mut into.properties, from.properties);
    into.required.extend(from.required);
}

/// Appends the properties whose names `into` does not have yet (linear: a set
/// of the names already there is built only when there are some).
fn add_properties<'a>(into: &mut Vec<Property<'a>>, from: impl IntoIterator<Item = Property<'a>>) {
    if into.is_empty() {
        into.extend(from);
        return;
    }
    let mut seen: HashSet<&'a str> = into.iter().map(|p| p.name).collect();
    for p in from {
        if seen.insert(p.name) {
            into.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn flat_of(doc: &Value, pointer: &str) -> Flat<'static> {
        let doc: &'static Value = Box::leak(Box::new(doc.clone()));
        let value = doc.pointer(pointer).expect("pointer");
        Flat::new(doc, value, pointer.to_string())
    }

    #[test]
    fn refs_are_followed_and_cycles_stop() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string", "maxLength": 3},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Ext": {"$ref": "other.yaml#/X"}
        }}});
        let a = flat_of(&doc, "/components/schemas/A");
        assert_eq!(a.component.as_deref(), Some("B"));
        assert_eq!(a.pointer, "/components/schemas/B");
        assert_eq!(a.max_length, Some(3.0));
        assert!(
            flat_of(&doc, "/components/schemas/Loop")
                .unresolved
                .is_some()
        );
        assert_eq!(
            flat_of(&doc, "/components/schemas/Ext").unresolved,
            Some("other.yaml#/X")
        );
    }

    #[test]
    fn all_of_merges_and_a_single_ref_is_an_alias() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Both": {"allOf": [{"$ref": "#/components/schemas/Base"},
                               {"required": ["x"], "properties": {"x": {"type": "integer"}}}]},
            "Alias": {"allOf": [{"$ref": "#/components/schemas/Base"}], "nullable": true, "description": "d"},
            "Deep": {"allOf": [{"$ref": "#/components/schemas/Deep"}]}
        }}});
        let both = flat_of(&doc, "/components/schemas/Both");
        let names: Vec<_> = both.properties.iter().map(|p| p.name).collect();
        assert_eq!(names, ["id", "x"]);
        assert!(both.is_required("id") && both.is_required("x"));
        assert_eq!(both.component, None);
        assert_eq!(
            both.properties[1].pointer,
            "/components/schemas/Both/allOf/1/properties/x"
        );
        let alias = flat_of(&doc, "/components/schemas/Alias");
        assert_eq!(alias.component.as_deref(), Some("Base"));
        assert!(alias.nullable);
        // A self-referencing allOf terminates.
        let _ = flat_of(&doc, "/components/schemas/Deep");
    }

    #[test]
    fn rust_scalars_follow_typify() {
        let doc = json!({"s": {
            "a": {"type": "integer", "format": "int32", "minimum": 1},
            "b": {"type": "integer", "format": "uint32"},
            "c": {"type": "integer", "minimum": 0},
            "d": {"type": "integer"},
            "e": {"type": "string", "format": "uuid"},
            "f": {"type": "number", "format": "float"},
            "g": {"type": "string", "enum": ["x"]}
        }});
        let scalar = |k: &str| flat_of(&doc, &format!("/s/{k}")).rust_scalar();
        assert_eq!(scalar("a").as_deref(), Some("NonZeroU32"));
        assert_eq!(scalar("b").as_deref(), Some("u32"));
        assert_eq!(scalar("c").as_deref(), Some("u64"));
        assert_eq!(scalar("d").as_deref(), Some("i64"));
        assert_eq!(scalar("e").as_deref(), Some("uuid::Uuid"));
        assert_eq!(scalar("f").as_deref(), Some("f32"));
        assert_eq!(scalar("g"), None);
    }

    #[test]
    fn pointer_push_escapes_only_when_needed() {
        assert_eq!(pointer_push("/paths", "/a/{b}"), "/paths/~1a~1{b}");
        assert_eq!(pointer_push("/x", "a~b"), "/x/a~0b");
        assert_eq!(pointer_push("/x", "plain"), "/x/plain");
    }
}
