//! Stage 5c: for providers that wrap answers in envelopes, implement
//! `cloud_clusters_core::envelope::Envelope` for every generated response union.
//!
//! A provider with `envelope = { error = "ErrorEnvelope", success_code = N }` in
//! `specs/providers.toml` documents each 200 body as `oneOf [<Success>, <Error>]`,
//! which typify turns into an untagged enum of two variants. For each such enum
//! (one variant the error schema, the other a struct with `code` and `data`), this
//! emits the impl inside `types`, so `.into_data()` works on every call.
//!
//! serde decodes an untagged enum by first copying the whole body into its own
//! buffer and then trying each variant on it, which was the largest cost of a
//! Zilliz call over a hand-written one (`cargo bench -p cloud-clusters-tests
//! --bench client_overhead`). Where the success struct is exactly `{code, data}`
//! and the error struct has the same `code`, no `data` and no defaulted field,
//! the union's derived `Deserialize` is replaced by one that reads the body once:
//! every field of both as optional, then `data` present means success. A `data`
//! that does not decode is reported as such, where the untagged enum said only
//! that no variant matched.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Field, Fields, Item, ItemEnum, Type};

use crate::shared::config::Envelope as Config;

fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn single_field_type(fields: &Fields) -> Option<&Type> {
    match fields {
        Fields::Unnamed(u) if u.unnamed.len() == 1 => u.unnamed.first().map(|f| &f.ty),
        _ => None,
    }
}

fn field<'a>(fields: &'a [Field], name: &str) -> Option<&'a Type> {
    fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        .map(|f| &f.ty)
}

fn is_option(ty: &Type) -> bool {
    type_name(ty).as_deref() == Some("Option")
}

fn is_types(path: &[String]) -> bool {
    matches!(path, [only] if only == "types")
}

/// A two-variant untagged enum of `types`: its name and each variant's name and type.
struct Union {
    ident: syn::Ident,
    variants: Vec<(syn::Ident, String)>,
}

/// What the impls need from the client, gathered one item at a time: the
/// fields of each struct of `types` (the first of each name) and the untagged
/// unions of two one-field variants.
#[derive(Default)]
pub struct Facts {
    enabled: bool,
    structs: HashMap<String, Vec<Field>>,
    unions: Vec<Union>,
}

/// The unions covered, their `Envelope` impls (and one-pass `Deserialize`
/// impls), and the unions whose derived `Deserialize` those replace.
pub struct Envelopes {
    /// The unions that implement `Envelope`, by name, in order.
    pub covered: Vec<String>,
    /// The impls to add at the end of `types`.
    pub impls: Vec<Item>,
    one_pass: BTreeSet<String>,
}

impl Facts {
    /// Facts for a provider with an envelope (`enabled`); without, nothing is kept.
    pub fn new(enabled: bool) -> Self {
        Facts {
            enabled,
            ..Facts::default()
        }
    }

    /// Records `item`, in the module at `path`, if it is a struct or a union of
    /// `types`; returns whether [`Envelopes::rewrite`] may change it (a union).
    pub fn observe(&mut self, path: &[String], item: &Item) -> bool {
        if !self.enabled || !is_types(path) {
            return false;
        }
        match item {
            Item::Struct(s) => {
                if let Fields::Named(named) = &s.fields {
                    self.structs
                        .entry(s.ident.to_string())
                        .or_insert_with(|| named.named.iter().cloned().collect());
                } else {
                    self.structs.entry(s.ident.to_string()).or_default();
                }
                false
            }
            Item::Enum(e) => {
                if !untagged(e) || e.variants.len() != 2 {
                    return false;
                }
                let variants = e
                    .variants
                    .iter()
                    .filter_map(|v| {
                        let name = type_name(single_field_type(&v.fields)?)?;
                        Some((v.ident.clone(), name))
                    })
                    .collect();
                self.unions.push(Union {
                    ident: e.ident.clone(),
                    variants,
                });
                true
            }
            _ => false,
        }
    }

    /// The unions of a success envelope and the error schema, with an
    /// `Envelope` impl for each, and a one-pass `Deserialize` where it fits.
    pub fn finish(self, config: &Config) -> Envelopes {
        let error_name = sanitize(&config.error);
        let error_ident = format_ident!("{error_name}");
        let success_code = config.success_code;
        let mut out = Envelopes {
            covered: Vec::new(),
            impls: Vec::new(),
            one_pass: BTreeSet::new(),
        };
        let no_fields = Vec::new();
        let envelope = |name: &str| {
            let fields = self.structs.get(name)?;
            let code = field(fields, "code")?;
            let data = field(fields, "data")?;
            (!is_option(code) && !is_option(data)).then_some((fields, data))
        };
        for union in &self.unions {
            let mut success = None;
            let mut error = None;
            for (variant, name) in &union.variants {
                if error_ident == name {
                    error = Some(variant);
                } else if let Some((fields, data)) = envelope(name) {
                    success = Some((variant, name, fields, data));
                }
            }
            let (Some((success_variant, success_name, success_fields, data)), Some(error_variant)) =
                (success, error)
            else {
                continue;
            };
            let name = union.ident.to_string();
            if out.covered.contains(&name) {
                continue;
            }
            out.covered.push(name.clone());
            let union_ident = &union.ident;
            let mut impls = vec![quote! {
                impl ::cloud_clusters_core::envelope::Envelope for #union_ident {
                    type Data = #data;
                    type Error = #error_ident;
                    const SUCCESS_CODE: i64 = #success_code;
                    fn split(self) -> ::std::result::Result<(i64, Self::Data), Self::Error> {
                        match self {
                            Self::#success_variant(envelope) => Ok((i64::from(envelope.code), envelope.data)),
                            Self::#error_variant(error) => Err(error),
                        }
                    }
                }
            }];
            let error_fields = self.structs.get(&error_name).unwrap_or(&no_fields);
            if let Some(tokens) = one_pass_deserialize(
                union_ident,
                (
                    success_variant,
                    &format_ident!("{success_name}"),
                    success_fields,
                ),
                (error_variant, &error_ident, error_fields),
            ) {
                out.one_pass.insert(name);
                impls.push(tokens);
            }
            out.impls.extend(
                impls
                    .into_iter()
                    .filter_map(|t| syn::parse2::<Item>(t).ok()),
            );
        }
        out
    }
}

impl Envelopes {
    /// Drops `Deserialize` from the derives of a union that has a one-pass impl.
    pub fn rewrite(&self, path: &[String], item: &mut Item) {
        let Item::Enum(e) = item else { return };
        if !is_types(path) || !self.one_pass.contains(&e.ident.to_string()) {
            return;
        }
        super::derives::remove(&mut e.attrs, super::derives::is_deserialize);
    }
}

fn untagged(e: &ItemEnum) -> bool {
    e.attrs
        .iter()
        .any(|a| a.path().is_ident("serde") && quote!(#a).to_string().contains("untagged"))
}

/// A `Deserialize` for `union` that reads the body once, if the two structs
/// allow it: the success struct is exactly `{code, data}`, the error struct has
/// the same `code`, no `data`, and no field serde would default.
fn one_pass_deserialize(
    union: &syn::Ident,
    (success_variant, success_struct, success_fields): (&syn::Ident, &syn::Ident, &[Field]),
    (error_variant, error_struct, error_fields): (&syn::Ident, &syn::Ident, &[Field]),
) -> Option<TokenStream> {
    let name = |f: &Field| f.ident.as_ref().map(|i| i.to_string());
    let plain = |f: &Field| !f.attrs.iter().any(|a| a.path().is_ident("serde"));
    if success_fields.len() != 2 || !success_fields.iter().all(plain) {
        return None;
    }
    let code = field(success_fields, "code")?;
    let data = field(success_fields, "data")?;
    // A `data` that may be `null` would read as absent.
    if type_name(data).as_deref() == Some("Value") {
        return None;
    }
    let error_code = error_fields
        .iter()
        .find(|f| name(f).as_deref() == Some("code"))?;
    let error_code_ty = &error_code.ty;
    if !plain(error_code) || quote!(#code).to_string() != quote!(#error_code_ty).to_string() {
        return None;
    }
    let mut decls = Vec::new();
    let mut binds = Vec::new();
    let mut required = Vec::new();
    let mut build = Vec::new();
    for f in error_fields {
        let ident = f.ident.as_ref()?;
        match ident.to_string().as_str() {
            "code" => continue,
            "data" => return None,
            _ => {}
        }
        let serde: Vec<&syn::Attribute> = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde"))
            .collect();
        if serde
            .iter()
            .any(|a| quote!(#a).to_string().contains("default"))
        {
            return None;
        }
        let ty = &f.ty;
        binds.push(quote!(#ident));
        if is_option(ty) {
            decls.push(quote!(#(#serde)* #[serde(default)] #ident: #ty,));
            build.push(quote!(#ident,));
        } else {
            let key = serde_name(f, ident);
            decls.push(quote!(#(#serde)* #ident: ::std::option::Option<#ty>,));
            required.push(quote! {
                let ::std::option::Option::Some(#ident) = #ident else {
                    return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::missing_field(#key));
                };
            });
            build.push(quote!(#ident,));
        }
    }
    Some(quote! {
        impl<'de> ::serde::Deserialize<'de> for #union {
            /// One pass over the body: `data` present means the success envelope.
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                #[derive(::serde::Deserialize)]
                struct Either {
                    code: ::std::option::Option<#code>,
                    data: ::std::option::Option<#data>,
                    #(#decls)*
                }
                let Either { code, data, #(#binds),* } = <Either as ::serde::Deserialize>::deserialize(deserializer)?;
                let ::std::option::Option::Some(code) = code else {
                    return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::missing_field("code"));
                };
                if let ::std::option::Option::Some(data) = data {
                    return ::std::result::Result::Ok(Self::#success_variant(#success_struct { code, data }));
                }
                #(#required)*
                ::std::result::Result::Ok(Self::#error_variant(#error_struct { code, #(#build)* }))
            }
        }
    })
}

/// The key a field has in JSON: its `#[serde(rename = "…")]`, or its name.
fn serde_name(f: &Field, ident: &syn::Ident) -> String {
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let mut renamed = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                renamed = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if let Some(name) = renamed {
            return name;
        }
    }
    ident.to_string().trim_start_matches("r#").to_string()
}

/// typify's type name for a schema name (`error_envelope` → `ErrorEnvelope`).
fn sanitize(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::File;

    use crate::regen::rewrite::item_stream;

    /// Adds the `Envelope` impls to `types`; returns the names of the unions it covered.
    /// The whole-file form of what [`crate::regen::rewrite::item_stream`] does.
    fn implement(file: &mut File, config: &Config) -> Vec<String> {
        let mut facts = Facts::new(true);
        item_stream::for_each_item(&file.items, &mut |path, item| {
            facts.observe(path, item);
        });
        let mut envelopes = facts.finish(config);
        item_stream::retain_items(&mut file.items, &mut |path, item| {
            envelopes.rewrite(path, item);
            true
        });
        if let Some(items) = item_stream::module_items_mut(&mut file.items, "types") {
            items.extend(std::mem::take(&mut envelopes.impls));
        }
        envelopes.covered
    }

    #[test]
    fn implements_envelope_for_success_or_error_unions() {
        let mut file: File = syn::parse2(quote! {
            pub mod types {
                pub struct ErrorEnvelope { pub code: i32, pub message: String }
                pub struct ClusterEnvelope { pub code: i32, pub data: Cluster }
                pub struct Cluster { pub id: String }
                #[serde(untagged)]
                pub enum DescribeClusterResponse {
                    ClusterEnvelope(ClusterEnvelope),
                    ErrorEnvelope(ErrorEnvelope),
                }
                #[serde(untagged)]
                pub enum Unrelated { A(String), B(i64) }
            }
        })
        .unwrap();
        let config = Config {
            error: "ErrorEnvelope".into(),
            success_code: 200,
        };
        assert_eq!(implement(&mut file, &config), ["DescribeClusterResponse"]);
        let text = quote!(#file).to_string();
        assert!(
            text.contains(
                "impl :: cloud_clusters_core :: envelope :: Envelope for DescribeClusterResponse"
            ),
            "{text}"
        );
        assert!(text.contains("type Data = Cluster ;"), "{text}");
        assert!(
            text.contains("const SUCCESS_CODE : i64 = 200i64 ;"),
            "{text}"
        );
    }

    fn union_file(success_fields: TokenStream, error_fields: TokenStream) -> File {
        syn::parse2(quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                pub struct ErrorEnvelope { #error_fields }
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                pub struct ClusterEnvelope { #success_fields }
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                #[serde(untagged)]
                pub enum DescribeClusterResponse {
                    ClusterEnvelope(ClusterEnvelope),
                    ErrorEnvelope(ErrorEnvelope),
                }
            }
        })
        .expect("parses")
    }

    fn implemented(mut file: File) -> String {
        let config = Config {
            error: "ErrorEnvelope".into(),
            success_code: 0,
        };
        assert_eq!(implement(&mut file, &config), ["DescribeClusterResponse"]);
        quote!(#file).to_string()
    }

    const DERIVED: &str = "# [derive (:: serde :: Deserialize , :: serde :: Serialize , Clone)] # [serde (untagged)] pub enum DescribeClusterResponse";
    const ONE_PASS: &str =
        "impl < 'de > :: serde :: Deserialize < 'de > for DescribeClusterResponse";

    #[test]
    fn a_code_and_data_union_reads_the_body_once() {
        let text = implemented(union_file(
            quote!(pub code: i32, pub data: Cluster),
            quote!(pub code: i32, #[serde(rename = "msg")] pub message: String, #[serde(skip_serializing_if = "Option::is_none")] pub detail: Option<String>),
        ));
        assert!(text.contains(ONE_PASS), "{text}");
        assert!(
            !text.contains(DERIVED),
            "the derived Deserialize is gone: {text}"
        );
        assert!(
            text.contains("# [derive (:: serde :: Serialize , Clone)] # [serde (untagged)] pub enum DescribeClusterResponse"),
            "{text}"
        );
        // The error's fields keep their serde names; a missing one is named by it.
        assert!(
            text.contains(
                "# [serde (rename = \"msg\")] message : :: std :: option :: Option < String >"
            ),
            "{text}"
        );
        assert!(text.contains("missing_field (\"msg\")"), "{text}");
        assert!(
            text.contains("# [serde (default)] detail : Option < String >"),
            "{text}"
        );
        assert!(
            text.contains("ErrorEnvelope { code , message , detail , }"),
            "{text}"
        );
    }

    #[test]
    fn other_shapes_keep_the_derived_deserialize() {
        for (success, error) in [
            // A third success field.
            (
                quote!(pub code: i32, pub data: Cluster, pub extra: u8),
                quote!(pub code: i32, pub message: String),
            ),
            // `code` of another type.
            (
                quote!(pub code: i32, pub data: Cluster),
                quote!(pub code: i64, pub message: String),
            ),
            // An error with `data`.
            (
                quote!(pub code: i32, pub data: Cluster),
                quote!(pub code: i32, pub data: String),
            ),
            // A defaulted error field.
            (
                quote!(pub code: i32, pub data: Cluster),
                quote!(pub code: i32, #[serde(default)] pub message: String),
            ),
            // `data` that may be null.
            (
                quote!(pub code: i32, pub data: ::serde_json::Value),
                quote!(pub code: i32, pub message: String),
            ),
        ] {
            let text = implemented(union_file(success, error));
            assert!(text.contains(DERIVED), "{text}");
            assert!(!text.contains(ONE_PASS), "{text}");
        }
    }

    #[test]
    fn sanitizes_like_typify() {
        assert_eq!(sanitize("ErrorEnvelope"), "ErrorEnvelope");
        assert_eq!(sanitize("error_envelope"), "ErrorEnvelope");
    }
}
