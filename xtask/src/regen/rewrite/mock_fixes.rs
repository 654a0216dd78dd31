//! Stage 5d: httpmock helpers progenitor 0.15 generates wrong, mended on the syntax tree.
//!
//! progenitor's `httpmock` generator writes every parameter matcher the same
//! way, which does not compile, or does not match, for some real documents:
//!
//! - a JSON body or response of a `Copy` type (`value: bool`) is passed to
//!   `json_body_obj(value)`, which takes a reference: it becomes `&value`;
//! - an array query parameter is matched with `query_param(name,
//!   value.to_string())`, and `Vec` has no `Display`: the client sends one
//!   `name=item` pair per item, so the mock now expects each of them;
//! - a query or header parameter of a type without `Display` (a generated
//!   union, a newtype of a nullable value, a JSON object or value) is matched
//!   by its JSON form: a string as itself, anything else as JSON text;
//! - a path parameter is put into a regular expression unescaped, so an id with
//!   `.` matches more than it should and one with `(` makes `Regex::new` fail:
//!   it is escaped with `regex::escape`;
//! - an operation named like a method of `httpmock::MockServer` itself (`reset`,
//!   `mock`, `host`, …) gets a `MockServerExt` method that the inherent one
//!   shadows: `server.reset(|when, then| …)` calls httpmock's `reset` and does
//!   not compile. That helper is renamed `<name>_operation`.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Expr, File, FnArg, ImplItem, ImplItemFn, ItemImpl, ItemTrait, Pat, Token, TraitItem, Type,
    parse_quote,
};

/// The methods `httpmock::MockServer` (0.9) has on `&self`: a `MockServerExt`
/// method of one of these names could only be called with the trait's path.
const SHADOWING: &[&str] = &[
    "address",
    "base_url",
    "forward_to",
    "forward_to_async",
    "host",
    "mock",
    "mock_async",
    "playback",
    "playback_async",
    "port",
    "proxy",
    "proxy_async",
    "record",
    "record_async",
    "reset",
    "reset_async",
    "url",
];

/// What [`mend`] changed, counted by kind.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mended {
    /// `json_body_obj(value)` given a reference.
    pub bodies_by_reference: usize,
    /// Array query parameters matched item by item.
    pub array_queries: usize,
    /// Path parameters escaped in their regular expression.
    pub escaped_paths: usize,
    /// Query and header parameters without `Display`, matched by their JSON form.
    pub serialized_values: usize,
    /// `MockServerExt` methods renamed `<name>_operation` (their old names).
    pub renamed: Vec<String>,
}

impl Mended {
    /// Whether nothing was changed.
    pub fn is_empty(&self) -> bool {
        *self == Mended::default()
    }
}

/// Mends `file` (generated httpmock helpers); returns what it changed.
/// `displayed`: the generated types (of the client's `types` module) that
/// implement `Display`.
pub fn mend(file: &mut File, displayed: &HashSet<String>) -> Mended {
    let mut fixer = Fixer {
        displayed,
        mended: Mended::default(),
        by_value: false,
        array: false,
        serialized: false,
    };
    fixer.visit_file_mut(file);
    fixer.mended
}

struct Fixer<'a> {
    displayed: &'a HashSet<String>,
    mended: Mended,
    /// In the method being visited: `value` is passed by value (not a reference).
    by_value: bool,
    /// In the method being visited: `value` is (or wraps) a `Vec`.
    array: bool,
    /// In the method being visited: `value` is a generated type without `Display`.
    serialized: bool,
}

/// The generated type `described` names (`types::X`, possibly inside
/// `Option<&…>`), if it is one.
fn generated_type(described: &str) -> Option<&str> {
    let at = described.find("types :: ")? + "types :: ".len();
    described[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .filter(|name| !name.is_empty())
}

fn tokens(t: impl quote::ToTokens) -> String {
    t.to_token_stream().to_string()
}

fn is_value_to_string(e: &Expr) -> bool {
    tokens(e) == "value . to_string ()"
}

fn is_mock_server_ext(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|s| s.ident == "MockServerExt")
}

fn renamed(ident: &syn::Ident) -> Option<syn::Ident> {
    let name = ident.to_string();
    SHADOWING
        .contains(&name.as_str())
        .then(|| syn::Ident::new(&format!("{name}_operation"), ident.span()))
}

impl VisitMut for Fixer<'_> {
    fn visit_item_trait_mut(&mut self, t: &mut ItemTrait) {
        if t.ident == "MockServerExt" {
            for item in &mut t.items {
                if let TraitItem::Fn(f) = item
                    && let Some(new) = renamed(&f.sig.ident)
                {
                    self.mended.renamed.push(f.sig.ident.to_string());
                    f.sig.ident = new;
                }
            }
        }
        visit_mut::visit_item_trait_mut(self, t);
    }

    fn visit_item_impl_mut(&mut self, i: &mut ItemImpl) {
        if i.trait_
            .as_ref()
            .is_some_and(|(path, _)| is_mock_server_ext(path))
        {
            for item in &mut i.items {
                if let ImplItem::Fn(f) = item
                    && let Some(new) = renamed(&f.sig.ident)
                {
                    f.sig.ident = new;
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, i);
    }

    fn visit_impl_item_fn_mut(&mut self, f: &mut ImplItemFn) {
        let value_type = f.sig.inputs.iter().find_map(|arg| match arg {
            FnArg::Typed(t) if matches!(&*t.pat, Pat::Ident(i) if i.ident == "value") => {
                Some((*t.ty).clone())
            }
            _ => None,
        });
        let Some(ty) = value_type else {
            return visit_mut::visit_impl_item_fn_mut(self, f);
        };
        // `value: T` with `T: Into<Option<&Vec<…>>>` for optional parameters.
        let generic = matches!(&ty, Type::Path(p) if p.path.is_ident("T"));
        let described = if generic {
            let g = &f.sig.generics;
            format!("{} {}", tokens(g), tokens(&g.where_clause))
        } else {
            tokens(&ty)
        };
        let saved = (self.by_value, self.array, self.serialized);
        self.by_value = !generic && !matches!(ty, Type::Reference(_));
        self.array = described.contains("Vec <");
        // A value (or, in an array, each item) without `Display`.
        self.serialized = described.contains("serde_json :: Map")
            || described.contains("serde_json :: Value")
            || generated_type(&described).is_some_and(|name| !self.displayed.contains(name));
        visit_mut::visit_impl_item_fn_mut(self, f);
        (self.by_value, self.array, self.serialized) = saved;
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        match e {
            Expr::MethodCall(call)
                if call.method == "json_body_obj"
                    && self.by_value
                    && call.args.len() == 1
                    && tokens(&call.args[0]) == "value" =>
            {
                call.args[0] = parse_quote!(&value);
                self.mended.bodies_by_reference += 1;
            }
            Expr::MethodCall(call)
                if call.method == "query_param"
                    && self.array
                    && call.args.len() == 2
                    && is_value_to_string(&call.args[1]) =>
            {
                let receiver = &call.receiver;
                let name = &call.args[0];
                let item: Expr = if self.serialized {
                    self.mended.serialized_values += 1;
                    json_form()
                } else {
                    parse_quote!(value.to_string())
                };
                *e = parse_quote! {
                    value.iter().fold(#receiver, |when, value| when.query_param(#name, #item))
                };
                self.mended.array_queries += 1;
            }
            Expr::MethodCall(call)
                if (call.method == "query_param" || call.method == "header")
                    && self.serialized
                    && !self.array
                    && call.args.len() == 2
                    && is_value_to_string(&call.args[1]) =>
            {
                call.args[1] = json_form();
                self.mended.serialized_values += 1;
            }
            Expr::Call(call) if tokens(&call.func).ends_with("Regex :: new") => {
                for arg in call.args.iter_mut() {
                    if let Expr::Reference(r) = arg
                        && let Expr::Macro(m) = &mut *r.expr
                        && m.mac.path.is_ident("format")
                        && let Some(escaped) = escape_value(&m.mac.tokens)
                    {
                        m.mac.tokens = escaped;
                        self.mended.escaped_paths += 1;
                    }
                }
            }
            _ => {}
        }
    }
}

/// `value`'s JSON form as text: a string as itself, anything else as JSON.
fn json_form() -> Expr {
    parse_quote! {
        match ::serde_json::to_value(value) {
            Ok(::serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(_) => ::std::string::String::new(),
        }
    }
}

/// `"^/a/{}$", value.to_string()` → `"^/a/{}$", regex::escape(&value.to_string())`.
fn escape_value(body: &TokenStream) -> Option<TokenStream> {
    let mut args = syn::parse::Parser::parse2(
        Punctuated::<Expr, Token![,]>::parse_terminated,
        body.clone(),
    )
    .ok()?;
    let mut changed = false;
    for arg in args.iter_mut() {
        if is_value_to_string(arg) {
            *arg = parse_quote!(regex::escape(&value.to_string()));
            changed = true;
        }
    }
    changed.then(|| quote!(#args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mended(code: TokenStream) -> (String, Mended) {
        let mut file: File = syn::parse2(code).expect("parses");
        let displayed = HashSet::from(["Mode".to_string()]);
        let m = mend(&mut file, &displayed);
        (tokens(&file), m)
    }

    #[test]
    fn copy_bodies_are_passed_by_reference() {
        let (code, m) = mended(quote! {
            impl ResetThen {
                pub fn ok(self, value: bool) -> Self { Self(self.0.status(200u16).json_body_obj(value)) }
                pub fn made(self, value: &types::Thing) -> Self { Self(self.0.json_body_obj(value)) }
            }
        });
        assert_eq!(m.bodies_by_reference, 1);
        assert!(code.contains("json_body_obj (& value)"), "{code}");
        assert!(code.contains("json_body_obj (value)"), "{code}");
    }

    #[test]
    fn array_queries_match_item_by_item() {
        let (code, m) = mended(quote! {
            impl ListWhen {
                pub fn ids(self, value: &::std::vec::Vec<::std::string::String>) -> Self {
                    Self(self.0.query_param("ids", value.to_string()))
                }
                pub fn state<'a, T>(self, value: T) -> Self
                where
                    T: Into<Option<&'a ::std::vec::Vec<types::State>>>,
                {
                    if let Some(value) = value.into() {
                        Self(self.0.query_param("state", value.to_string()))
                    } else {
                        Self(self.0.query_param_missing("state"))
                    }
                }
                pub fn name(self, value: &str) -> Self {
                    Self(self.0.query_param("name", value.to_string()))
                }
            }
        });
        assert_eq!(m.array_queries, 2);
        assert!(
            code.contains("value . iter () . fold (self . 0 , | when , value | when . query_param (\"ids\" , value . to_string ()))"),
            "{code}"
        );
        assert!(
            code.contains("query_param (\"name\" , value . to_string ())"),
            "{code}"
        );
    }

    #[test]
    fn values_without_display_are_matched_by_their_json_form() {
        let (code, m) = mended(quote! {
            impl ListWhen {
                pub fn limit<'a, T>(self, value: T) -> Self
                where
                    T: Into<Option<&'a types::PageLimit>>,
                {
                    if let Some(value) = value.into() {
                        Self(self.0.query_param("limit", value.to_string()))
                    } else {
                        Self(self.0.query_param_missing("limit"))
                    }
                }
                pub fn if_none_match(self, value: &types::IfNoneMatch) -> Self {
                    Self(self.0.header("If-None-Match", value.to_string()))
                }
                pub fn mode(self, value: types::Mode) -> Self {
                    Self(self.0.query_param("mode", value.to_string()))
                }
                pub fn name(self, value: &str) -> Self {
                    Self(self.0.query_param("name", value.to_string()))
                }
            }
        });
        assert_eq!(m.serialized_values, 2);
        assert_eq!(
            code.matches(":: serde_json :: to_value (value)").count(),
            2,
            "{code}"
        );
        assert!(
            code.contains("query_param (\"mode\" , value . to_string ())"),
            "{code}"
        );
        assert!(
            code.contains("query_param (\"name\" , value . to_string ())"),
            "{code}"
        );
    }

    #[test]
    fn helpers_httpmock_would_shadow_are_renamed() {
        let (code, m) = mended(quote! {
            pub trait MockServerExt {
                fn reset<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>;
                fn list_things<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>;
            }
            impl MockServerExt for ::httpmock::MockServer {
                fn reset<F>(&self, config_fn: F) -> ::httpmock::Mock<'_> { todo!() }
                fn list_things<F>(&self, config_fn: F) -> ::httpmock::Mock<'_> { todo!() }
            }
        });
        assert_eq!(m.renamed, ["reset"]);
        assert_eq!(code.matches("fn reset_operation").count(), 2, "{code}");
        assert_eq!(code.matches("fn list_things").count(), 2, "{code}");
    }

    #[test]
    fn path_values_are_escaped() {
        let (code, m) = mended(quote! {
            impl GetWhen {
                pub fn id(self, value: &str) -> Self {
                    let re = regex::Regex::new(&format!("^/things/{}$", value.to_string())).unwrap();
                    Self(self.0.path_matches(re))
                }
            }
        });
        assert_eq!(m.escaped_paths, 1);
        assert!(
            code.contains("format ! (\"^/things/{}$\" , regex :: escape (& value . to_string ()))"),
            "{code}"
        );
    }
}
