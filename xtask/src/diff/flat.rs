//! A schema as the comparison sees it: `$ref`s followed, `allOf` merged, and only
//! the keywords that change what clients may send or receive kept.
//!
//! Descriptions, titles, examples, `x-*` extensions (but `x-rust-type`) and
//! other documentation never reach the comparison.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::pointer_push;

static TRUE: Value = Value::Bool(true);

/// How many `$ref` hops or nested `allOf`s are followed before giving up (a cycle).
const MAX_HOPS: usize = 32;

/// The name of a component schema from a local reference's pointer
/// (`/components/schemas/A~1B` → `A/B`), if it is one.
pub fn component_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    if rest.is_empty() || rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
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
        let target = reference
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p).map(|t| (p, t)));
        let Some((target_pointer, target)) = target else {
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
    /// `required`, merged over `allOf`.
    pub required: HashSet<&'a str>,
}

impl<'a> Flat<'a> {
    /// Resolves and merges the schema `value` found at `pointer` in `doc`.
    pub fn new(doc: &'a Value, value: &'a Value, pointer: String) -> Self {
        flatten(doc, value, pointer, 0)
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
        self.required.contains(name)
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

fn number(map: &Map<String, Value>, key: &str) -> Option<f64> {
    map.get(key).and_then(Value::as_f64)
}

/// `minimum`/`maximum` with the 3.0 boolean `exclusive*` (normalization turns
/// 3.1's numeric form into it).
fn bound(map: &Map<String, Value>, key: &str, exclusive: &str) -> Option<(f64, bool)> {
    let value = number(map, key)?;
    Some((value, map.get(exclusive) == Some(&TRUE)))
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
    absorb(&mut flat, map, &base);
    if flat.component.is_none() {
        flat.title = map.get("title").and_then(Value::as_str);
    }
    if let Some(Value::Array(members)) = map.get("allOf")
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
fn absorb<'a>(flat: &mut Flat<'a>, map: &'a Map<String, Value>, base: &str) {
    let at = |key: &str| {
        map.get(key).map(|value| At {
            value,
            pointer: pointer_push(base, key),
        })
    };
    flat.ty = flat.ty.or(map.get("type"));
    flat.format = flat.format.or(map.get("format").and_then(Value::as_str));
    flat.nullable |= map.get("nullable") == Some(&TRUE);
    flat.enumeration = flat
        .enumeration
        .or(map.get("enum").and_then(Value::as_array));
    flat.max_length = flat.max_length.or(number(map, "maxLength"));
    flat.min_length = flat.min_length.or(number(map, "minLength"));
    flat.maximum = flat.maximum.or(bound(map, "maximum", "exclusiveMaximum"));
    flat.minimum = flat.minimum.or(bound(map, "minimum", "exclusiveMinimum"));
    flat.max_items = flat.max_items.or(number(map, "maxItems"));
    flat.min_items = flat.min_items.or(number(map, "minItems"));
    flat.pattern = flat.pattern.or(map.get("pattern").and_then(Value::as_str));
    flat.default = flat.default.or(map.get("default"));
    flat.deprecated |= map.get("deprecated") == Some(&TRUE);
    flat.rust_type = flat.rust_type.or(map
        .get("x-rust-type")
        .and_then(|t| t.get("path"))
        .and_then(Value::as_str));
    if flat.items.is_none() {
        flat.items = at("items").filter(|a| a.value.is_object());
    }
    if flat.additional.is_none() {
        flat.additional = at("additionalProperties").filter(|a| a.value.is_object());
    }
    if flat.one_of.is_none() {
        flat.one_of = at("oneOf").filter(|a| a.value.is_array());
    }
    if flat.any_of.is_none() {
        flat.any_of = at("anyOf").filter(|a| a.value.is_array());
    }
    if let Some(Value::Object(properties)) = map.get("properties") {
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
    if let Some(Value::Array(required)) = map.get("required") {
        flat.required
            .extend(required.iter().filter_map(Value::as_str));
    }
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
