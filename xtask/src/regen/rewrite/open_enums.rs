//! Stage 5b: enums that only ever arrive in responses accept values the document
//! does not list.
//!
//! Vendors add values (a new cluster status) without a new document; a strict
//! enum would then make the whole response undecodable. Every string enum of the
//! generated `types` module that is reachable from a response type and from no
//! request type gets one more variant, `Unknown(String)`, marked
//! `#[serde(untagged)]`: serde tries it only when no listed value matches, and it
//! keeps the value as received. Enums a request can carry stay strict, so a typo
//! in a request is still a compile-time or conversion error.
//!
//! serde decodes an enum with an untagged variant by copying the value into its
//! own buffer first and then trying the variants. Where every listed variant is a
//! plain `#[serde(rename = "…")]` (typify's form), the derived `Deserialize` is
//! replaced by one that matches the string directly, the catch-all taking the rest.
//!
//! It works item by item ([`super::item_stream`]): [`Facts::observe`] sees every
//! item once, [`Facts::finish`] decides, and [`Opener::rewrite`] changes items as
//! they are rendered.

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;
use syn::{Fields, Item, ItemEnum};

struct Node {
    string_enum: bool,
    /// The name the catch-all variant gets if this enum is opened.
    catch_all: Option<syn::Ident>,
    refs: BTreeSet<String>,
}

/// What the decision needs from the client, gathered one item at a time.
#[derive(Default)]
pub struct Facts {
    /// Each top-level type of `types` and the type names its fields mention.
    graph: BTreeMap<String, Node>,
    /// Type names mentioned by the operation builders' fields.
    requests: BTreeSet<String>,
    /// Type names mentioned by the builders' `send` return types.
    responses: BTreeSet<String>,
}

/// The enums to open, with their catch-all variants.
pub struct Opener {
    targets: BTreeMap<String, syn::Ident>,
}

fn is_module(path: &[String], name: &str) -> bool {
    matches!(path, [only] if only == name)
}

#[derive(Default)]
struct Idents(BTreeSet<String>);

impl<'ast> Visit<'ast> for Idents {
    fn visit_path_segment(&mut self, seg: &'ast syn::PathSegment) {
        self.0.insert(seg.ident.to_string());
        syn::visit::visit_path_segment(self, seg);
    }
}

fn idents_in(visit: impl FnOnce(&mut Idents)) -> BTreeSet<String> {
    let mut v = Idents::default();
    visit(&mut v);
    v.0
}

impl Facts {
    /// Records what `item`, in the module at `path`, tells: a type of `types`
    /// and what it refers to, or the request and response types of a builder.
    /// Returns whether [`Opener::rewrite`] may change the item: a string enum
    /// of `types`, or a `Display` or `FromStr` impl there.
    pub fn observe(&mut self, path: &[String], item: &Item) -> bool {
        if is_module(path, "types") {
            self.observe_type(item);
            match item {
                Item::Enum(e) => self
                    .graph
                    .get(&e.ident.to_string())
                    .is_some_and(|n| n.string_enum),
                Item::Impl(imp) => imp.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments
                        .last()
                        .is_some_and(|s| s.ident == "Display" || s.ident == "FromStr")
                }),
                _ => false,
            }
        } else {
            if is_module(path, "builder") {
                self.observe_builder(item);
            }
            false
        }
    }

    fn observe_type(&mut self, item: &Item) {
        match item {
            Item::Struct(s) => {
                let refs = idents_in(|v| v.visit_fields(&s.fields));
                self.graph.insert(
                    s.ident.to_string(),
                    Node {
                        string_enum: false,
                        catch_all: None,
                        refs,
                    },
                );
            }
            Item::Enum(e) => {
                // typify writes a string enum as unit variants, each renamed to
                // its value unless the value is already the variant's name
                // (`Ready`). The enum itself carries no serde attribute.
                let string_enum = !e.variants.is_empty()
                    && !e.attrs.iter().any(|a| a.path().is_ident("serde"))
                    && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit));
                let refs = idents_in(|v| {
                    for variant in &e.variants {
                        v.visit_fields(&variant.fields);
                    }
                });
                let catch_all = string_enum.then(|| catch_all(e));
                self.graph.insert(
                    e.ident.to_string(),
                    Node {
                        string_enum,
                        catch_all,
                        refs,
                    },
                );
            }
            _ => {}
        }
    }

    fn observe_builder(&mut self, item: &Item) {
        match item {
            Item::Struct(s) => self
                .requests
                .extend(idents_in(|v| v.visit_fields(&s.fields))),
            Item::Impl(imp) => {
                for ii in &imp.items {
                    if let syn::ImplItem::Fn(f) = ii
                        && f.sig.ident == "send"
                    {
                        self.responses
                            .extend(idents_in(|v| v.visit_return_type(&f.sig.output)));
                    }
                }
            }
            _ => {}
        }
    }

    /// The string enums reachable from a response and from no request.
    pub fn finish(self) -> Opener {
        let Facts {
            graph,
            mut requests,
            mut responses,
        } = self;
        requests.retain(|n| graph.contains_key(n));
        responses.retain(|n| graph.contains_key(n));
        let from_requests = reachable(&graph, &requests);
        let from_responses = reachable(&graph, &responses);
        let targets = from_responses
            .difference(&from_requests)
            .filter_map(|name| {
                let node = graph.get(name)?;
                let catch_all = node.catch_all.clone().filter(|_| node.string_enum)?;
                Some((name.clone(), catch_all))
            })
            .collect();
        Opener { targets }
    }
}

impl Opener {
    /// Opens `item` if it is a target enum of `types`, or patches its
    /// `Display` and `FromStr` impls; returns the items to add after it (an
    /// opened enum's `Deserialize`).
    pub fn rewrite(&self, path: &[String], item: &mut Item) -> Vec<Item> {
        if self.targets.is_empty() || !is_module(path, "types") {
            return Vec::new();
        }
        match item {
            Item::Enum(e) => {
                if let Some(catch_all) = self.targets.get(&e.ident.to_string()) {
                    let deserialize = direct_deserialize(e, catch_all);
                    open(e, catch_all, deserialize.is_some());
                    return deserialize.into_iter().collect();
                }
            }
            Item::Impl(imp) => {
                if let syn::Type::Path(p) = &*imp.self_ty
                    && let Some(last) = p.path.segments.last()
                    && let Some(catch_all) = self.targets.get(&last.ident.to_string())
                {
                    patch_impl(imp, catch_all);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The enums opened, by name.
    pub fn names(&self) -> Vec<String> {
        self.targets.keys().cloned().collect()
    }
}

fn reachable(graph: &BTreeMap<String, Node>, roots: &BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.iter().cloned().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(node) = graph.get(&name) {
            stack.extend(node.refs.iter().filter(|r| graph.contains_key(*r)).cloned());
        }
    }
    seen
}

/// The catch-all variant's name: `Unknown`, unless the enum already has one.
fn catch_all(e: &ItemEnum) -> syn::Ident {
    let taken = |n: &str| e.variants.iter().any(|v| v.ident == n);
    let name = if taken("Unknown") {
        "UnknownValue"
    } else {
        "Unknown"
    };
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

/// A `Deserialize` for `e` that matches the string directly, with `catch_all`
/// taking any other value; `None` unless every variant is a unit variant with
/// exactly `#[serde(rename = "…")]` or no serde attribute (its name is its
/// value), and the enum itself has no serde attribute.
fn direct_deserialize(e: &ItemEnum, catch_all: &syn::Ident) -> Option<Item> {
    if e.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    let mut arms = Vec::new();
    for v in &e.variants {
        let mut serde = v.attrs.iter().filter(|a| a.path().is_ident("serde"));
        let attr = match (serde.next(), serde.next()) {
            (Some(attr), None) => attr,
            // No attribute: the value is the variant's name.
            (None, _) if matches!(v.fields, Fields::Unit) => {
                let value = syn::LitStr::new(&v.ident.to_string(), v.ident.span());
                arms.push((value, v.ident.clone()));
                continue;
            }
            _ => return None,
        };
        let mut renamed = None;
        let mut other = false;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") && renamed.is_none() {
                renamed = Some(meta.value()?.parse::<syn::LitStr>()?);
            } else {
                other = true;
            }
            Ok(())
        })
        .ok()?;
        if other || !matches!(v.fields, Fields::Unit) {
            return None;
        }
        let (value, ident) = (renamed?, &v.ident);
        arms.push((value, ident.clone()));
    }
    let name = &e.ident;
    let arms = arms
        .iter()
        .map(|(value, ident)| quote::quote!(#value => #name::#ident,));
    let expecting = format!("a `{name}` value (any string)");
    syn::parse2(quote::quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            /// The listed values by name, any other kept in the catch-all.
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_str<E>(self, value: &str) -> ::std::result::Result<#name, E>
                    where
                        E: ::serde::de::Error,
                    {
                        ::std::result::Result::Ok(match value {
                            #(#arms)*
                            _ => #name::#catch_all(value.to_string()),
                        })
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    })
    .ok()
}

/// Adds the catch-all variant `name` to `e`; `direct` drops the derived
/// `Deserialize`, which [`direct_deserialize`] replaces.
fn open(e: &mut ItemEnum, name: &syn::Ident, direct: bool) {
    let variant: syn::Variant = syn::parse_quote! {
        /// A value the document does not list (the API has added it since); kept as received.
        #[serde(untagged)]
        #name(::std::string::String)
    };
    e.variants.push(variant);
    // A `String` is not `Copy`.
    super::derives::remove(&mut e.attrs, |p| {
        p.is_ident("Copy") || (direct && super::derives::is_deserialize(p))
    });
    e.attrs.push(syn::parse_quote!(
        #[doc = "\n\nThis enum arrives only in responses, so it also accepts values the document does not list."]
    ));
}

/// `Display` writes the kept value; `FromStr` (and the `TryFrom`s built on it)
/// accept any value, as deserialization does.
fn patch_impl(imp: &mut syn::ItemImpl, catch_all: &syn::Ident) {
    let Some((trait_path, _)) = &imp.trait_ else {
        return;
    };
    let Some(trait_name) = trait_path.segments.last().map(|s| s.ident.to_string()) else {
        return;
    };
    for item in &mut imp.items {
        let syn::ImplItem::Fn(f) = item else { continue };
        for stmt in &mut f.block.stmts {
            let syn::Stmt::Expr(syn::Expr::Match(m), _) = stmt else {
                continue;
            };
            match trait_name.as_str() {
                "Display" => m
                    .arms
                    .push(syn::parse_quote!(Self::#catch_all(ref value) => f.write_str(value),)),
                "FromStr" => {
                    if let Some(last) = m.arms.last_mut()
                        && matches!(last.pat, syn::Pat::Wild(_))
                    {
                        *last = syn::parse_quote!(_ => Ok(Self::#catch_all(value.to_string())),);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use syn::File;

    use crate::regen::rewrite::item_stream;

    /// Rewrites `file` (a generated client); returns the names of the enums it opened.
    /// The whole-file form of what [`crate::regen::rewrite::item_stream`] does.
    fn open_response_enums(file: &mut File) -> Vec<String> {
        let mut facts = Facts::default();
        item_stream::for_each_item(&file.items, &mut |path, item| {
            facts.observe(path, item);
        });
        let opener = facts.finish();
        item_stream::expand_items(&mut file.items, &mut |path, item| {
            opener.rewrite(path, item)
        });
        opener.names()
    }

    fn sample() -> File {
        syn::parse2(quote! {
            pub mod types {
                pub struct Info { pub status: Option<Status>, pub kind: Kind }
                pub struct CreateRequest { pub kind: Kind }
                #[derive(Clone, Copy, Debug, PartialEq)]
                pub enum Status {
                    #[serde(rename = "READY")]
                    Ready,
                    #[serde(rename = "UNKNOWN")]
                    Unknown,
                }
                #[derive(Clone, Copy, Debug)]
                pub enum Kind {
                    #[serde(rename = "K8S")]
                    K8s,
                }
                impl ::std::fmt::Display for Status {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match *self {
                            Self::Ready => f.write_str("READY"),
                            Self::Unknown => f.write_str("UNKNOWN"),
                        }
                    }
                }
                impl ::std::str::FromStr for Status {
                    type Err = String;
                    fn from_str(value: &str) -> Result<Self, String> {
                        match value {
                            "READY" => Ok(Self::Ready),
                            _ => Err("invalid value".into()),
                        }
                    }
                }
            }
            pub mod builder {
                pub struct Create<'a> { body: Result<types::builder::CreateRequest, String> }
                impl<'a> Create<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::Info>, Error<()>> { todo!() }
                }
            }
        })
        .expect("parses")
    }

    #[test]
    fn opens_response_only_enums_and_leaves_request_enums_strict() {
        let mut file = sample();
        assert_eq!(open_response_enums(&mut file), ["Status"]);
        let text = quote!(#file).to_string();
        // `Unknown` was taken by a listed value, so the catch-all is `UnknownValue`.
        assert!(
            text.contains("# [serde (untagged)] UnknownValue (:: std :: string :: String)"),
            "{text}"
        );
        assert!(
            text.contains("Self :: UnknownValue (ref value) => f . write_str (value)"),
            "{text}"
        );
        assert!(
            text.contains("_ => Ok (Self :: UnknownValue (value . to_string ()))"),
            "{text}"
        );
        assert!(
            text.contains("# [derive (Clone , Debug , PartialEq)] # [doc"),
            "Copy is gone: {text}"
        );
        // Kind is reachable from the request body, so it stays strict (and Copy).
        assert!(text.contains("# [derive (Clone , Copy , Debug)] pub enum Kind { # [serde (rename = \"K8S\")] K8s , }"), "{text}");
    }

    fn opened(variants: proc_macro2::TokenStream) -> String {
        let mut file: File = syn::parse2(quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                pub enum Status { #variants }
            }
            pub mod builder {
                impl<'a> Get<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::Status>, Error<()>> { todo!() }
                }
            }
        })
        .expect("parses");
        assert_eq!(open_response_enums(&mut file), ["Status"]);
        quote!(#file).to_string()
    }

    #[test]
    fn renamed_values_are_matched_directly_instead_of_derived() {
        let text = opened(quote! {
            #[serde(rename = "READY")]
            Ready,
            #[serde(rename = "in-progress")]
            InProgress,
        });
        assert!(
            text.contains("# [derive (:: serde :: Serialize , Clone)]"),
            "{text}"
        );
        assert!(
            text.contains("impl < 'de > :: serde :: Deserialize < 'de > for Status"),
            "{text}"
        );
        assert!(
            text.contains("\"READY\" => Status :: Ready , \"in-progress\" => Status :: InProgress , _ => Status :: Unknown (value . to_string ()) ,"),
            "{text}"
        );
    }

    #[test]
    fn values_that_are_already_rust_names_are_opened_too() {
        // `Ready` needs no rename: typify writes no serde attribute at all.
        let text = opened(quote! {
            Ready,
            #[serde(rename = "in-progress")]
            InProgress,
        });
        assert!(
            text.contains("\"Ready\" => Status :: Ready , \"in-progress\" => Status :: InProgress , _ => Status :: Unknown (value . to_string ()) ,"),
            "{text}"
        );
    }

    #[test]
    fn other_serde_attributes_keep_the_derived_deserialize() {
        let text = opened(quote! {
            #[serde(rename = "READY", alias = "ready")]
            Ready,
        });
        assert!(
            text.contains("# [derive (:: serde :: Deserialize , :: serde :: Serialize , Clone)]"),
            "{text}"
        );
        assert!(!text.contains("impl < 'de >"), "{text}");
    }

    #[test]
    fn a_file_without_types_is_left_alone() {
        let mut file: File = syn::parse2(quote! { pub struct A; }).unwrap();
        assert!(open_response_enums(&mut file).is_empty());
    }
}
