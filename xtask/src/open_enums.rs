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

use std::collections::{BTreeMap, BTreeSet};

use syn::visit::Visit;
use syn::{Fields, File, Item, ItemEnum, ItemMod};

/// Rewrites `file` (a generated client); returns the names of the enums it opened.
pub fn open_response_enums(file: &mut File) -> Vec<String> {
    let Some(types) = find_mod(&file.items, "types") else {
        return Vec::new();
    };
    let graph = type_graph(types);
    let (requests, responses) = match find_mod(&file.items, "builder") {
        Some(builder) => roots(builder, &graph),
        None => (BTreeSet::new(), BTreeSet::new()),
    };
    let from_requests = reachable(&graph, &requests);
    let from_responses = reachable(&graph, &responses);
    let targets: BTreeSet<String> = from_responses
        .difference(&from_requests)
        .filter(|name| graph.get(*name).is_some_and(|n| n.string_enum))
        .cloned()
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    if let Some(types) = find_mod_mut(&mut file.items, "types")
        && let Some((_, items)) = &mut types.content
    {
        let mut catch_alls = BTreeMap::new();
        for item in items.iter_mut() {
            if let Item::Enum(e) = item
                && targets.contains(&e.ident.to_string())
            {
                catch_alls.insert(e.ident.to_string(), open(e));
            }
        }
        for item in items.iter_mut() {
            if let Item::Impl(imp) = item
                && let syn::Type::Path(p) = &*imp.self_ty
                && let Some(last) = p.path.segments.last()
                && let Some(catch_all) = catch_alls.get(&last.ident.to_string())
            {
                patch_impl(imp, catch_all);
            }
        }
    }
    targets.into_iter().collect()
}

struct Node {
    string_enum: bool,
    refs: BTreeSet<String>,
}

fn find_mod<'a>(items: &'a [Item], name: &str) -> Option<&'a ItemMod> {
    items.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => Some(m),
        _ => None,
    })
}

fn find_mod_mut<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut ItemMod> {
    items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => Some(m),
        _ => None,
    })
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

/// Each top-level type of `types` and the type names its fields mention.
fn type_graph(types: &ItemMod) -> BTreeMap<String, Node> {
    let mut graph = BTreeMap::new();
    let Some((_, items)) = &types.content else {
        return graph;
    };
    for item in items {
        match item {
            Item::Struct(s) => {
                let refs = idents_in(|v| v.visit_fields(&s.fields));
                graph.insert(
                    s.ident.to_string(),
                    Node {
                        string_enum: false,
                        refs,
                    },
                );
            }
            Item::Enum(e) => {
                let string_enum = !e.variants.is_empty()
                    && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit))
                    && e.variants
                        .iter()
                        .all(|v| v.attrs.iter().any(|a| a.path().is_ident("serde")));
                let refs = idents_in(|v| {
                    for variant in &e.variants {
                        v.visit_fields(&variant.fields);
                    }
                });
                graph.insert(e.ident.to_string(), Node { string_enum, refs });
            }
            _ => {}
        }
    }
    graph
}

/// Type names mentioned by the operation builders' fields (requests) and by their
/// `send` methods' return types (responses).
fn roots(
    builder: &ItemMod,
    graph: &BTreeMap<String, Node>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut requests = BTreeSet::new();
    let mut responses = BTreeSet::new();
    let Some((_, items)) = &builder.content else {
        return (requests, responses);
    };
    for item in items {
        match item {
            Item::Struct(s) => requests.extend(idents_in(|v| v.visit_fields(&s.fields))),
            Item::Impl(imp) => {
                for ii in &imp.items {
                    if let syn::ImplItem::Fn(f) = ii
                        && f.sig.ident == "send"
                    {
                        responses.extend(idents_in(|v| v.visit_return_type(&f.sig.output)));
                    }
                }
            }
            _ => {}
        }
    }
    requests.retain(|n| graph.contains_key(n));
    responses.retain(|n| graph.contains_key(n));
    (requests, responses)
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

/// Adds the catch-all variant to `e`; returns its name.
fn open(e: &mut ItemEnum) -> syn::Ident {
    let name = catch_all(e);
    let variant: syn::Variant = syn::parse_quote! {
        /// A value the document does not list (the API has added it since); kept as received.
        #[serde(untagged)]
        #name(::std::string::String)
    };
    e.variants.push(variant);
    // A `String` is not `Copy`.
    for attr in &mut e.attrs {
        if attr.path().is_ident("derive")
            && let Ok(list) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
        {
            let kept: Vec<&syn::Path> = list.iter().filter(|p| !p.is_ident("Copy")).collect();
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    e.attrs.push(syn::parse_quote!(
        #[doc = "\n\nThis enum arrives only in responses, so it also accepts values the document does not list."]
    ));
    name
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

    #[test]
    fn a_file_without_types_is_left_alone() {
        let mut file: File = syn::parse2(quote! { pub struct A; }).unwrap();
        assert!(open_response_enums(&mut file).is_empty());
    }
}
