//! Stage 5c: for providers that wrap answers in envelopes, implement
//! `cloud_clusters_core::envelope::Envelope` for every generated response union.
//!
//! A provider with `envelope = { error = "ErrorEnvelope", success_code = N }` in
//! `specs/providers.toml` documents each 200 body as `oneOf [<Success>, <Error>]`,
//! which typify turns into an untagged enum of two variants. For each such enum
//! (one variant the error schema, the other a struct with `code` and `data`), this
//! emits the impl inside `types`, so `.into_data()` works on every call.

use std::collections::{BTreeSet, HashMap};

use quote::{format_ident, quote};
use syn::{Fields, File, Item, ItemStruct, Type};

use crate::config::Envelope as Config;
use crate::item_stream;

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

fn field<'a>(s: &'a ItemStruct, name: &str) -> Option<&'a Type> {
    s.fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        .map(|f| &f.ty)
}

fn is_option(ty: &Type) -> bool {
    type_name(ty).as_deref() == Some("Option")
}

/// Adds the `Envelope` impls to `types`; returns the names of the unions it covered.
pub fn implement(file: &mut File, config: &Config) -> Vec<String> {
    let mut facts = Facts::default();
    item_stream::for_each_item(&file.items, &mut |path, item| facts.observe(path, item));
    let (covered, impls) = facts.finish(config);
    if let Some(items) = item_stream::module_items_mut(&mut file.items, "types") {
        items.extend(impls);
    }
    covered
}

/// A two-variant untagged enum of `types`: its name and each variant's name and type.
struct Union {
    ident: syn::Ident,
    variants: Vec<(syn::Ident, String)>,
}

/// What the impls need from the client, gathered one item at a time: the
/// structs of `types` with a required `code` and `data` (the first of each
/// name), and the untagged unions of two one-field variants.
#[derive(Default)]
pub struct Facts {
    envelopes: HashMap<String, Type>,
    structs: BTreeSet<String>,
    unions: Vec<Union>,
}

impl Facts {
    /// Records `item`, in the module at `path`, if it is a struct or a union of `types`.
    pub fn observe(&mut self, path: &[String], item: &Item) {
        if !matches!(path, [only] if only == "types") {
            return;
        }
        match item {
            Item::Struct(s) => {
                if !self.structs.insert(s.ident.to_string()) {
                    return;
                }
                if let (Some(code), Some(data)) = (field(s, "code"), field(s, "data"))
                    && !is_option(code)
                    && !is_option(data)
                {
                    self.envelopes.insert(s.ident.to_string(), data.clone());
                }
            }
            Item::Enum(e) => {
                let untagged = e.attrs.iter().any(|a| {
                    a.path().is_ident("serde") && quote!(#a).to_string().contains("untagged")
                });
                if !untagged || e.variants.len() != 2 {
                    return;
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
            }
            _ => {}
        }
    }

    /// The unions of a success envelope and the error schema, and an
    /// `Envelope` impl for each, to add at the end of `types`.
    pub fn finish(self, config: &Config) -> (Vec<String>, Vec<Item>) {
        let error_ident = format_ident!("{}", sanitize(&config.error));
        let success_code = config.success_code;
        let mut covered = Vec::new();
        let mut impls = Vec::new();
        for union in &self.unions {
            let mut success = None;
            let mut error = None;
            for (variant, name) in &union.variants {
                if error_ident == name {
                    error = Some(variant);
                } else if let Some(data) = self.envelopes.get(name) {
                    success = Some((variant, data));
                }
            }
            let (Some((success_variant, data)), Some(error_variant)) = (success, error) else {
                continue;
            };
            let name = union.ident.to_string();
            if covered.contains(&name) {
                continue;
            }
            covered.push(name);
            let union = &union.ident;
            let tokens = quote! {
                impl ::cloud_clusters_core::envelope::Envelope for #union {
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
            };
            if let Ok(item) = syn::parse2::<Item>(tokens) {
                impls.push(item);
            }
        }
        (covered, impls)
    }
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

    #[test]
    fn sanitizes_like_typify() {
        assert_eq!(sanitize("ErrorEnvelope"), "ErrorEnvelope");
        assert_eq!(sanitize("error_envelope"), "ErrorEnvelope");
    }
}
