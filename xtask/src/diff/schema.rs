//! Comparing two schemas by meaning, with the direction (request or response)
//! deciding which way a change breaks.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use std::rc::Rc;

use super::engine::{Ctx, Differ, Dir, Holder, Subject, Ty};
use super::flat::{At, Flat};
use super::model::{Compiles, Level, Rust, Side};
use super::names;

/// Nesting deeper than this is not compared (no real document gets near it).
const MAX_DEPTH: usize = 64;

/// How typify holds a property's value in its struct field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `T` (required, or optional with a default).
    Plain,
    /// `Option<T>`.
    Optional,
    /// `Vec<T>`, required or not (an optional array gets a serde default).
    Vec,
}

impl Shape {
    fn of(required: bool, nullable: bool, flat: &Flat<'_>) -> Shape {
        let array = flat.effective_type().as_deref() == Some("array");
        match (required, nullable) {
            (_, true) => Shape::Optional,
            _ if array => Shape::Vec,
            (true, false) => Shape::Plain,
            (false, false) if flat.default.is_some() => Shape::Plain,
            (false, false) => Shape::Optional,
        }
    }

    fn rust(self) -> &'static str {
        match self {
            Shape::Plain => "T",
            Shape::Optional => "Option<T>",
            Shape::Vec => "Vec<T>",
        }
    }
}

/// Shows a JSON value in a message: strings bare, the rest as JSON.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn show_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn show_bound((value, exclusive): (f64, bool)) -> String {
    if exclusive {
        format!("{} (exclusive)", show_number(value))
    } else {
        show_number(value)
    }
}

/// Tightening a constraint breaks requests; loosening one may break response readers.
fn constraint_level(dir: Dir, tightened: bool) -> Level {
    match (dir, tightened) {
        (Dir::Request, true) => Level::Err,
        (Dir::Request, false) => Level::Info,
        (Dir::Response, true) => Level::Info,
        (Dir::Response, false) => Level::Warn,
    }
}

impl<'a> Differ<'a> {
    /// Compares the schema `ov` (at `optr` in the old document) with `nv` (at
    /// `nptr` in the new one), reached from `parent`.
    pub fn schema(
        &mut self,
        ov: &'a Value,
        optr: String,
        nv: &'a Value,
        nptr: String,
        parent: &Ctx,
    ) {
        if parent.depth > MAX_DEPTH {
            return;
        }
        let site = nptr.clone();
        let o = Flat::new(self.old, ov, optr);
        let n = Flat::new(self.new, nv, nptr);
        let mut ctx = parent.clone();
        ctx.depth += 1;
        if let Some(component) = &o.component {
            ctx.old_owner = Some(component.as_str().into());
        }
        // What the referencing site says (nullable, required) is compared at each site.
        if let Some((old_required, new_required)) = ctx.required
            && old_required != new_required
        {
            self.required_changed(&o, &n, &ctx, &site);
        }
        if o.nullable != n.nullable {
            self.nullable_changed(&o, &n, &ctx, &site);
        }
        if let (Some(old_name), Some(new_name)) = (&o.component, &n.component)
            && old_name != new_name
        {
            self.schema_renamed(&o, &n, old_name, new_name);
        }
        if let Some(component) = &n.component {
            let ty = Ty::Schema(component.as_str().into());
            ctx.label = component.clone();
            ctx.status = None;
            ctx.item = Holder::Type(Rc::new(ty.clone()));
            ctx.ty = ty;
            ctx.field = None;
        } else if let Some(title) = n.title {
            ctx.ty = Ty::Schema(title.into());
        }
        ctx.required = None;
        if o.component.is_some() || n.component.is_some() {
            let key = (
                o.pointer.clone(),
                n.pointer.clone(),
                ctx.dir,
                ctx.subject.clone(),
            );
            if self.enter(key) {
                self.node(&o, &n, &ctx);
                self.leave();
            }
        } else {
            self.node(&o, &n, &ctx);
        }
    }

    /// A site that referred to one component schema now refers to another: the
    /// Rust type's name changes. `schema-renamed` when the content is the same
    /// (a pure rename), `schema-replaced` when it changed too (those changes are
    /// reported on their own).
    fn schema_renamed(&mut self, o: &Flat<'a>, n: &Flat<'a>, old_name: &str, new_name: &str) {
        let same = self.old.pointer(&o.pointer) == self.new.pointer(&n.pointer);
        let (old_ty, new_ty) = (names::type_name(old_name), names::type_name(new_name));
        let content = if same {
            "with identical content"
        } else {
            "and its content changed (reported separately)"
        };
        let rule = if same {
            "schema-renamed"
        } else {
            "schema-replaced"
        };
        self.emit(
            rule.into(),
            Level::Info,
            (&n.pointer, Side::Head),
            format!("the schema `{old_name}` is now `{new_name}`, {content}"),
            Rust {
                items: vec![format!("types::{old_ty}"), format!("types::{new_ty}")],
                compiles: Compiles::No,
                note: format!(
                    "the type is renamed `types::{old_ty}` → `types::{new_ty}`: code that names it uses the new name"
                ),
            },
        );
    }

    fn is_open_enum(&mut self, ctx: &Ctx, flat: &Flat<'_>) -> bool {
        let strings = flat
            .enumeration
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null()));
        strings
            && ctx.dir == Dir::Response
            && match &ctx.old_owner {
                Some(component) => !self.request_reaches(component),
                None => true,
            }
    }

    fn node(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        let at = (n.pointer.as_str(), Side::Head);
        if o.unresolved.is_some() || n.unresolved.is_some() {
            if o.unresolved != n.unresolved {
                self.emit(
                    format!("{}-type-changed", ctx.prefix()),
                    Level::Err,
                    at,
                    format!(
                        "{} changed from `{}` to `{}`",
                        ctx.phrase(),
                        o.unresolved.unwrap_or("a schema"),
                        n.unresolved.unwrap_or("a schema")
                    ),
                    Rust {
                        items: ctx.items(),
                        compiles: Compiles::No,
                        note: "the generated type changes".into(),
                    },
                );
            }
            return;
        }
        let (old_type, new_type) = (o.effective_type(), n.effective_type());
        if old_type != new_type {
            let show_type = |t: &Option<String>| t.clone().unwrap_or_else(|| "any".into());
            self.emit(
                format!("{}-type-changed", ctx.prefix()),
                Level::Err,
                at,
                format!(
                    "the type of {} changed from `{}` to `{}`",
                    ctx.phrase(),
                    show_type(&old_type),
                    show_type(&new_type)
                ),
                Rust {
                    items: ctx.items(),
                    compiles: Compiles::No,
                    note: match ctx.dir {
                        Dir::Request => {
                            "the field's type changes; the server refuses the old type".into()
                        }
                        Dir::Response => {
                            "the field's type changes; old clients fail to deserialize the new type"
                                .into()
                        }
                    },
                },
            );
            return;
        }
        self.format_changed(o, n, ctx);
        self.enumeration(o, n, ctx);
        self.constraints(o, n, ctx);
        self.default_changed(o, n, ctx);
        if ctx.subject == Subject::Property && o.deprecated != n.deprecated {
            let (suffix, what) = if n.deprecated {
                ("deprecated", "was deprecated")
            } else {
                ("reactivated", "is no longer deprecated")
            };
            self.emit(
                format!("{}-{suffix}", ctx.prefix()),
                Level::Info,
                at,
                format!("{} {what}", ctx.phrase()),
                Rust {
                    items: ctx.items(),
                    compiles: Compiles::Yes,
                    note: "nothing changes in the generated code".into(),
                },
            );
        }
        self.properties(o, n, ctx);
        if let (Some(oa), Some(na)) = (&o.additional, &n.additional) {
            let child = self.nested(ctx, "*", ctx.ty.child(Ty::Value));
            self.schema(
                oa.value,
                oa.pointer.clone(),
                na.value,
                na.pointer.clone(),
                &child,
            );
        }
        if let (Some(oi), Some(ni)) = (&o.items, &n.items) {
            let child = self.nested(ctx, "[]", ctx.ty.child(Ty::Item));
            self.schema(
                oi.value,
                oi.pointer.clone(),
                ni.value,
                ni.pointer.clone(),
                &child,
            );
        }
        self.union("oneOf", "one-of", o.one_of.as_ref(), n.one_of.as_ref(), ctx);
        self.union("anyOf", "any-of", o.any_of.as_ref(), n.any_of.as_ref(), ctx);
    }

    /// The context of an array's items (`[]`) or a map's values (`*`).
    fn nested(&self, ctx: &Ctx, suffix: &str, ty: Ty) -> Ctx {
        Ctx {
            label: format!(
                "{}{}{suffix}",
                ctx.label,
                if suffix == "*" { "." } else { "" }
            ),
            ty,
            field: None,
            item: ctx.field.clone().unwrap_or_else(|| ctx.item.clone()),
            required: None,
            ..ctx.clone()
        }
    }

    fn required_changed(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx, site: &str) {
        let Some((old_required, new_required)) = ctx.required else {
            return;
        };
        let old_shape = Shape::of(old_required, o.nullable, o);
        let new_shape = Shape::of(new_required, n.nullable, n);
        let compiles = if old_shape == new_shape {
            Compiles::Yes
        } else {
            Compiles::No
        };
        let field_change = if old_shape == new_shape {
            format!("the field stays `{}`", new_shape.rust())
        } else {
            format!(
                "the field changes from `{}` to `{}`",
                old_shape.rust(),
                new_shape.rust()
            )
        };
        let (rule, level, what, note) = match (ctx.dir, new_required) {
            (Dir::Request, true) => (
                "request-property-became-required",
                Level::Err,
                "became required",
                format!("{field_change}; builders that do not set it fail at `send()`"),
            ),
            (Dir::Request, false) => (
                "request-property-became-optional",
                Level::Info,
                "became optional",
                format!("{field_change}; builders are unaffected"),
            ),
            (Dir::Response, false) => (
                "response-property-became-optional",
                Level::Err,
                "became optional",
                if o.nullable || (old_shape == Shape::Plain && o.default.is_some()) {
                    field_change
                } else {
                    format!("{field_change}; old clients fail to deserialize responses without it")
                },
            ),
            (Dir::Response, true) => (
                "response-property-became-required",
                Level::Info,
                "became required",
                field_change,
            ),
        };
        self.emit(
            rule.into(),
            level,
            (site, Side::Head),
            format!("{} {what}", ctx.phrase()),
            Rust {
                items: ctx.items(),
                compiles,
                note,
            },
        );
    }

    fn nullable_changed(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx, site: &str) {
        let became = n.nullable;
        let level = match (ctx.dir, became) {
            (Dir::Request, true) | (Dir::Response, false) => Level::Info,
            (Dir::Request, false) | (Dir::Response, true) => Level::Err,
        };
        let suffix = if became {
            "became-nullable"
        } else {
            "became-not-nullable"
        };
        let (compiles, note) = match ctx.required {
            Some((_, required)) if ctx.subject != Subject::Body => {
                let old_shape = Shape::of(required, o.nullable, o);
                let new_shape = Shape::of(required, n.nullable, n);
                if old_shape == new_shape {
                    (
                        Compiles::Yes,
                        format!("the field stays `{}`: `null` is `None`", new_shape.rust()),
                    )
                } else if ctx.dir == Dir::Response && became {
                    (
                        Compiles::No,
                        format!(
                            "the field changes from `{}` to `{}`; old clients fail to deserialize `null`",
                            old_shape.rust(),
                            new_shape.rust()
                        ),
                    )
                } else {
                    (
                        Compiles::No,
                        format!(
                            "the field changes from `{}` to `{}`",
                            old_shape.rust(),
                            new_shape.rust()
                        ),
                    )
                }
            }
            _ => (
                Compiles::Maybe,
                if ctx.dir == Dir::Response && became {
                    "the type may become an `Option`; old clients fail to deserialize `null`".into()
                } else {
                    "the type may gain or lose an `Option`".into()
                },
            ),
        };
        self.emit(
            format!("{}-{suffix}", ctx.prefix()),
            level,
            (site, Side::Head),
            format!(
                "{} became {}",
                ctx.phrase(),
                if became { "nullable" } else { "not nullable" }
            ),
            Rust {
                items: ctx.items(),
                compiles,
                note,
            },
        );
    }

    fn format_changed(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        if o.format == n.format && o.rust_type == n.rust_type {
            return;
        }
        let (old_rust, new_rust) = (o.rust_scalar(), n.rust_scalar());
        let same = old_rust == new_rust;
        let show = |f: Option<&str>| f.map_or_else(|| "(none)".to_string(), |f| format!("`{f}`"));
        self.emit(
            format!("{}-type-changed", ctx.prefix()),
            if same { Level::Info } else { Level::Err },
            (&n.pointer, Side::Head),
            format!(
                "the format of {} changed from {} to {}",
                ctx.phrase(),
                show(o.format),
                show(n.format)
            ),
            Rust {
                items: ctx.items(),
                compiles: if same { Compiles::Yes } else { Compiles::No },
                note: match (same, old_rust, new_rust) {
                    (true, _, _) => "the generated type is the same".into(),
                    (false, Some(a), Some(b)) => {
                        format!("the Rust type changes from `{a}` to `{b}`")
                    }
                    _ => "the generated type changes".into(),
                },
            },
        );
    }

    fn enumeration(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        let pointer = format!("{}/enum", n.pointer);
        if o.enumeration.is_none() && n.enumeration.is_none() {
            return;
        }
        let open = self.is_open_enum(ctx, o);
        let enum_type = ctx.ty.name();
        let type_item = enum_type
            .as_ref()
            .map_or_else(|| ctx.item.render(), |t| format!("types::{t}"));
        match (o.enumeration, n.enumeration) {
            (None, None) => {}
            (None, Some(_)) => self.emit(
                format!("{}-became-enum", ctx.prefix()),
                if ctx.dir == Dir::Request {
                    Level::Err
                } else {
                    Level::Info
                },
                (&pointer, Side::Head),
                format!("{} was restricted to a list of enum values", ctx.phrase()),
                Rust {
                    items: vec![type_item],
                    compiles: Compiles::No,
                    note: "the field becomes an enum instead of a plain value".into(),
                },
            ),
            (Some(_), None) => self.emit(
                format!("{}-became-not-enum", ctx.prefix()),
                match (ctx.dir, open) {
                    (Dir::Request, _) | (Dir::Response, true) => Level::Info,
                    (Dir::Response, false) => Level::Warn,
                },
                (&pointer, Side::Head),
                format!(
                    "{} is no longer restricted to a list of enum values",
                    ctx.phrase()
                ),
                Rust {
                    items: vec![type_item],
                    compiles: Compiles::No,
                    note: "the enum becomes a plain value".into(),
                },
            ),
            (Some(old), Some(new)) => {
                let key = |v: &Value| v.to_string();
                let old_keys: HashSet<String> = old.iter().map(key).collect();
                let new_keys: HashSet<String> = new.iter().map(key).collect();
                let variant = |v: &Value| match (v, &enum_type) {
                    (Value::String(s), Some(t)) => {
                        format!("types::{t}::{}", names::variant_name(s))
                    }
                    _ => type_item.clone(),
                };
                for value in old
                    .iter()
                    .filter(|v| !v.is_null() && !new_keys.contains(&key(v)))
                {
                    let rust = Rust {
                        items: vec![variant(value)],
                        compiles: Compiles::No,
                        note: "the variant disappears: code naming it stops compiling".into(),
                    };
                    self.emit(
                        format!("{}-enum-value-removed", ctx.prefix()),
                        if ctx.dir == Dir::Request {
                            Level::Err
                        } else {
                            Level::Info
                        },
                        (&format!("{}/enum", o.pointer), Side::Base),
                        format!(
                            "removed the enum value `{}` from {}",
                            show(value),
                            ctx.phrase()
                        ),
                        rust,
                    );
                }
                for value in new
                    .iter()
                    .filter(|v| !v.is_null() && !old_keys.contains(&key(v)))
                {
                    let (level, message, note) = match ctx.dir {
                        Dir::Request => (
                            Level::Info,
                            format!("added the enum value `{}` to {}", show(value), ctx.phrase()),
                            "a new variant: exhaustive `match`es without `_` stop compiling".to_string(),
                        ),
                        Dir::Response if open => (
                            Level::Info,
                            format!(
                                "added the enum value `{}` to {} (response-only enum: the generated enum accepts unknown values)",
                                show(value),
                                ctx.phrase()
                            ),
                            format!(
                                "old clients read it as `{type_item}::Unknown(..)`; the new variant breaks exhaustive `match`es without `_`"
                            ),
                        ),
                        Dir::Response => (
                            Level::Warn,
                            format!("added the enum value `{}` to {}", show(value), ctx.phrase()),
                            "old clients fail to deserialize it (the enum is also used in requests, so it is strict); the new variant breaks exhaustive `match`es".to_string(),
                        ),
                    };
                    self.emit(
                        format!("{}-enum-value-added", ctx.prefix()),
                        level,
                        (&pointer, Side::Head),
                        message,
                        Rust {
                            items: vec![variant(value)],
                            compiles: Compiles::Maybe,
                            note,
                        },
                    );
                }
            }
        }
    }

    fn constraints(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        let plain = |v: Option<f64>| v.map(|v| (v, false));
        let scalar_change = match (o.rust_scalar(), n.rust_scalar()) {
            (Some(a), Some(b)) if a != b && o.format == n.format && o.rust_type == n.rust_type => {
                Some((a, b))
            }
            _ => None,
        };
        let newtype_change = o.is_constrained_string() != n.is_constrained_string();
        let bounds = [
            (
                "maxLength",
                "max-length",
                true,
                plain(o.max_length),
                plain(n.max_length),
                true,
            ),
            (
                "minLength",
                "min-length",
                false,
                plain(o.min_length),
                plain(n.min_length),
                true,
            ),
            ("maximum", "max", true, o.maximum, n.maximum, false),
            ("minimum", "min", false, o.minimum, n.minimum, false),
            (
                "maxItems",
                "max-items",
                true,
                plain(o.max_items),
                plain(n.max_items),
                false,
            ),
            (
                "minItems",
                "min-items",
                false,
                plain(o.min_items),
                plain(n.min_items),
                false,
            ),
        ];
        for (keyword, id, upper, old, new, string) in bounds {
            if old == new {
                continue;
            }
            let (tightened, suffix) = match (old, new) {
                (None, Some(_)) => (true, "set"),
                (Some(_), None) => (false, "unset"),
                (Some(a), Some(b)) => {
                    let lower_value = b.0 < a.0 || (b.0 == a.0 && b.1 && !a.1);
                    let higher_value = b.0 > a.0 || (b.0 == a.0 && b.1 && !a.1);
                    match (upper, lower_value, higher_value) {
                        (true, true, _) => (true, "decreased"),
                        (true, false, _) => (false, "increased"),
                        (false, _, true) => (true, "increased"),
                        (false, _, false) => (false, "decreased"),
                    }
                }
                (None, None) => continue,
            };
            let message = match (old, new) {
                (None, Some(b)) => format!("{} got a {keyword} of {}", ctx.phrase(), show_bound(b)),
                (Some(a), None) => format!(
                    "{} no longer has a {keyword} (was {})",
                    ctx.phrase(),
                    show_bound(a)
                ),
                (Some(a), Some(b)) => format!(
                    "the {keyword} of {} {suffix} from {} to {}",
                    ctx.phrase(),
                    show_bound(a),
                    show_bound(b)
                ),
                (None, None) => continue,
            };
            let rust =
                self.constraint_rust(ctx, n, string, tightened, &scalar_change, newtype_change);
            self.emit(
                format!("{}-{id}-{suffix}", ctx.prefix()),
                constraint_level(ctx.dir, tightened),
                (&n.pointer, Side::Head),
                message,
                rust,
            );
        }
        if o.pattern != n.pattern {
            let (suffix, level, message) = match (o.pattern, n.pattern) {
                (None, Some(p)) => (
                    "added",
                    constraint_level(ctx.dir, true),
                    format!("added the pattern `{p}` to {}", ctx.phrase()),
                ),
                (Some(p), None) => (
                    "removed",
                    constraint_level(ctx.dir, false),
                    format!("removed the pattern `{p}` from {}", ctx.phrase()),
                ),
                (Some(a), Some(b)) => (
                    "changed",
                    Level::Warn,
                    format!(
                        "the pattern of {} changed from `{a}` to `{b}`",
                        ctx.phrase()
                    ),
                ),
                (None, None) => return,
            };
            let tightened = suffix != "removed";
            let rust = self.constraint_rust(ctx, n, true, tightened, &None, newtype_change);
            self.emit(
                format!("{}-pattern-{suffix}", ctx.prefix()),
                level,
                (&n.pointer, Side::Head),
                message,
                rust,
            );
        }
    }

    fn constraint_rust(
        &self,
        ctx: &Ctx,
        n: &Flat<'a>,
        string: bool,
        tightened: bool,
        scalar_change: &Option<(String, String)>,
        newtype_change: bool,
    ) -> Rust {
        let mut items = ctx.items();
        let newtype = if string && n.is_constrained_string() {
            ctx.ty.name().map(|t| format!("types::{t}"))
        } else {
            None
        };
        if let Some(t) = &newtype
            && !items.contains(t)
        {
            items.push(t.clone());
        }
        if let Some((a, b)) = scalar_change {
            return Rust {
                items,
                compiles: Compiles::No,
                note: format!("the Rust type changes from `{a}` to `{b}`"),
            };
        }
        if string && newtype_change {
            return Rust {
                items,
                compiles: Compiles::No,
                note: "the field's type changes between `String` and a validating newtype".into(),
            };
        }
        let note = match (ctx.dir, tightened, string && newtype.is_some()) {
            (Dir::Request, true, true) => {
                "compiles; the validating newtype refuses values the new bound excludes"
            }
            (Dir::Request, true, false) => {
                "compiles; the server refuses values the new bound excludes"
            }
            (Dir::Request, false, _) => "compiles; more values are accepted",
            (Dir::Response, false, true) => {
                "compiles; old clients' validating newtype refuses the values now allowed, failing deserialization"
            }
            (Dir::Response, false, false) => {
                "compiles; old clients may see values they did not expect"
            }
            (Dir::Response, true, _) => "compiles; responses stay within what old clients accept",
        };
        Rust {
            items,
            compiles: Compiles::Yes,
            note: note.into(),
        }
    }

    fn default_changed(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        let (suffix, message) = match (o.default, n.default) {
            (None, Some(b)) => (
                "added",
                format!("{} got the default `{}`", ctx.phrase(), show(b)),
            ),
            (Some(a), None) => (
                "removed",
                format!(
                    "{} no longer has a default (was `{}`)",
                    ctx.phrase(),
                    show(a)
                ),
            ),
            (Some(a), Some(b)) if a != b => (
                "changed",
                format!(
                    "the default of {} changed from `{}` to `{}`",
                    ctx.phrase(),
                    show(a),
                    show(b)
                ),
            ),
            _ => return,
        };
        self.emit(
            format!("{}-default-value-{suffix}", ctx.prefix()),
            Level::Info,
            (&n.pointer, Side::Head),
            message,
            Rust {
                items: ctx.items(),
                compiles: Compiles::Yes,
                note: "the value generated code fills in when the field is absent changes".into(),
            },
        );
    }

    fn properties(&mut self, o: &Flat<'a>, n: &Flat<'a>, ctx: &Ctx) {
        if o.properties.is_empty() && n.properties.is_empty() {
            return;
        }
        if o.properties.len() == n.properties.len()
            && o.properties
                .iter()
                .zip(&n.properties)
                .all(|(a, b)| a.name == b.name)
        {
            // The usual case: the same properties in the same order.
            for (op, np) in o.properties.iter().zip(&n.properties) {
                let child =
                    self.property_ctx(ctx, op.name, o.is_required(op.name), n.is_required(op.name));
                self.schema(
                    op.schema,
                    op.pointer.clone(),
                    np.schema,
                    np.pointer.clone(),
                    &child,
                );
            }
            return;
        }
        let new_index: HashMap<&str, usize> = n
            .properties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name, i))
            .collect();
        let mut matched = vec![false; n.properties.len()];
        for op in &o.properties {
            let old_required = o.is_required(op.name);
            let Some(&i) = new_index.get(op.name) else {
                self.property_removed(ctx, op.name, &op.pointer, old_required);
                continue;
            };
            matched[i] = true;
            let np = &n.properties[i];
            let child = self.property_ctx(ctx, op.name, old_required, n.is_required(op.name));
            self.schema(
                op.schema,
                op.pointer.clone(),
                np.schema,
                np.pointer.clone(),
                &child,
            );
        }
        for (np, _) in n.properties.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.property_added(ctx, np.name, &np.pointer, n.is_required(np.name));
        }
    }

    fn property_ctx(&self, ctx: &Ctx, name: &str, old_required: bool, new_required: bool) -> Ctx {
        let parent = ctx.ty.known().then(|| Rc::new(ctx.ty.clone()));
        let name: Rc<str> = name.into();
        let field = parent
            .as_ref()
            .map(|p| Holder::Field(p.clone(), name.clone()));
        Ctx {
            subject: match ctx.subject {
                Subject::Parameter(_) => ctx.subject.clone(),
                _ => Subject::Property,
            },
            label: if ctx.label.is_empty() {
                name.to_string()
            } else {
                format!("{}.{name}", ctx.label)
            },
            ty: parent.map_or(Ty::Unknown, |p| Ty::Property(p, name)),
            item: field.clone().unwrap_or_else(|| ctx.item.clone()),
            field,
            required: Some((old_required, new_required)),
            ..ctx.clone()
        }
    }

    fn property_removed(&mut self, ctx: &Ctx, name: &str, pointer: &str, required: bool) {
        let child = self.property_ctx(ctx, name, required, required);
        let (rule, level, note) = match (ctx.dir, required) {
            (Dir::Request, _) => (
                "request-property-removed",
                Level::Warn,
                "the field disappears: code that sets it stops compiling",
            ),
            (Dir::Response, true) => (
                "response-required-property-removed",
                Level::Err,
                "the field disappears: code that reads it stops compiling; old clients fail to deserialize responses without it",
            ),
            (Dir::Response, false) => (
                "response-optional-property-removed",
                Level::Warn,
                "the field disappears: code that reads it stops compiling; old clients see `None`",
            ),
        };
        let what = if required { "required " } else { "" };
        let whose = match ctx.dir {
            Dir::Request => "request property",
            Dir::Response => "response property",
        };
        self.emit(
            rule.into(),
            level,
            (pointer, Side::Base),
            format!("removed the {what}{whose} `{}`", child.label),
            Rust {
                items: child.items(),
                compiles: Compiles::No,
                note: note.into(),
            },
        );
    }

    fn property_added(&mut self, ctx: &Ctx, name: &str, pointer: &str, required: bool) {
        let child = self.property_ctx(ctx, name, required, required);
        let field = names::field_name(name);
        let (rule, level, compiles, note) = match (ctx.dir, required) {
            (Dir::Request, true) => (
                "new-required-request-property",
                Level::Err,
                Compiles::No,
                format!(
                    "struct literals without `{field}` stop compiling; builders that do not set it fail at `send()` (\"no value supplied for {field}\")"
                ),
            ),
            (Dir::Request, false) => (
                "new-optional-request-property",
                Level::Info,
                Compiles::Maybe,
                format!(
                    "struct literals without `{field}` (or `..Default::default()`) stop compiling; builders are unaffected"
                ),
            ),
            (Dir::Response, true) => (
                "response-required-property-added",
                Level::Info,
                Compiles::Maybe,
                format!(
                    "a new field: struct literals of the type (tests, mocks) without `{field}` stop compiling"
                ),
            ),
            (Dir::Response, false) => (
                "response-optional-property-added",
                Level::Info,
                Compiles::Maybe,
                format!(
                    "a new field: struct literals of the type (tests, mocks) without `{field}` stop compiling"
                ),
            ),
        };
        let what = if required { "required" } else { "optional" };
        let whose = match ctx.dir {
            Dir::Request => "request property",
            Dir::Response => "response property",
        };
        self.emit(
            rule.into(),
            level,
            (pointer, Side::Head),
            format!("added the {what} {whose} `{}`", child.label),
            Rust {
                items: child.items(),
                compiles,
                note,
            },
        );
    }

    fn union(
        &mut self,
        keyword: &str,
        id: &str,
        o: Option<&At<'a>>,
        n: Option<&At<'a>>,
        ctx: &Ctx,
    ) {
        let (Some(o), Some(n)) = (o, n) else {
            return;
        };
        let branches = |at: &At<'a>| -> Vec<(String, &'a Value, String)> {
            at.value
                .as_array()
                .map(|list| {
                    list.iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let key = b
                                .get("$ref")
                                .and_then(Value::as_str)
                                .map_or_else(|| format!("#{i}"), str::to_string);
                            (
                                key,
                                b,
                                super::flat::pointer_push(&at.pointer, &i.to_string()),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let old = branches(o);
        let new = branches(n);
        let new_index: HashMap<&str, usize> = new
            .iter()
            .enumerate()
            .map(|(i, b)| (b.0.as_str(), i))
            .collect();
        let old_keys: HashSet<&str> = old.iter().map(|b| b.0.as_str()).collect();
        let describe = |key: &str| match key.strip_prefix('#') {
            Some(rest) if rest.parse::<usize>().is_ok() => format!("an inline schema (#{rest})"),
            _ => format!("`{}`", key.rsplit('/').next().unwrap_or(key)),
        };
        for (key, ov, optr) in &old {
            match new_index.get(key.as_str()) {
                Some(&i) => {
                    let (_, nv, nptr) = &new[i];
                    let child = Ctx {
                        ty: Ty::Unknown,
                        field: None,
                        item: ctx.holder(),
                        required: None,
                        ..ctx.clone()
                    };
                    self.schema(ov, optr.clone(), nv, nptr.clone(), &child);
                }
                None => self.emit(
                    format!("{}-{id}-removed", ctx.prefix()),
                    if ctx.dir == Dir::Request {
                        Level::Err
                    } else {
                        Level::Info
                    },
                    (optr, Side::Base),
                    format!(
                        "removed {} from the `{keyword}` of {}",
                        describe(key),
                        ctx.phrase()
                    ),
                    Rust {
                        items: ctx.items(),
                        compiles: Compiles::No,
                        note: "a variant of the generated enum disappears".into(),
                    },
                ),
            }
        }
        for (key, _, nptr) in &new {
            if old_keys.contains(key.as_str()) {
                continue;
            }
            self.emit(
                format!("{}-{id}-added", ctx.prefix()),
                if ctx.dir == Dir::Request {
                    Level::Info
                } else {
                    Level::Warn
                },
                (nptr, Side::Head),
                format!(
                    "added {} to the `{keyword}` of {}",
                    describe(key),
                    ctx.phrase()
                ),
                Rust {
                    items: ctx.items(),
                    compiles: Compiles::Maybe,
                    note: match ctx.dir {
                        Dir::Request => {
                            "a new variant: exhaustive `match`es without `_` stop compiling".into()
                        }
                        Dir::Response => {
                            "a new variant; old clients fail to deserialize values of the new shape"
                                .into()
                        }
                    },
                },
            );
        }
    }
}
