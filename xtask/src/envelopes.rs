//! Stage 5c: for providers that wrap answers in envelopes, implement
//! `cloud_clusters_core::envelope::Envelope` for every generated response union.
//!
//! A provider with `envelope = { error = "ErrorEnvelope", success_code = N }` in
//! `specs/providers.toml` documents each 200 body as `oneOf [<Success>, <Error>]`,
//! which typify turns into an untagged enum of two variants. For each such enum
//! (one variant the error schema, the other a struct with `code` and `data`), this
//! emits the impl inside `types`, so `.into_data()` works on every call.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Fields, File, Item, ItemEnum, ItemStruct, Type};

use crate::config::Envelope as Config;

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
    let Some(types) = file.items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == "types" => Some(m),
        _ => None,
    }) else {
        return Vec::new();
    };
    let Some((_, items)) = &mut types.content else {
        return Vec::new();
    };
    let structs: Vec<&ItemStruct> = items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some(s),
            _ => None,
        })
        .collect();
    let find_struct = |name: &str| structs.iter().find(|s| s.ident == name).copied();
    let untagged = |e: &ItemEnum| {
        e.attrs
            .iter()
            .any(|a| a.path().is_ident("serde") && quote!(#a).to_string().contains("untagged"))
    };
    let error_ident = format_ident!("{}", sanitize(&config.error));
    let success_code = config.success_code;
    let mut covered = Vec::new();
    let mut impls: Vec<TokenStream> = Vec::new();
    for item in items.iter() {
        let Item::Enum(e) = item else { continue };
        if !untagged(e) || e.variants.len() != 2 {
            continue;
        }
        let mut success = None;
        let mut error = None;
        for v in &e.variants {
            let Some(ty) = single_field_type(&v.fields) else {
                continue;
            };
            let Some(name) = type_name(ty) else { continue };
            if error_ident == name {
                error = Some(&v.ident);
            } else if let Some(s) = find_struct(&name)
                && let (Some(code), Some(data)) = (field(s, "code"), field(s, "data"))
                && !is_option(code)
                && !is_option(data)
            {
                success = Some((&v.ident, data.clone()));
            }
        }
        let (Some((success_variant, data)), Some(error_variant)) = (success, error) else {
            continue;
        };
        let union = &e.ident;
        covered.push(union.to_string());
        impls.push(quote! {
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
        });
    }
    for tokens in impls {
        if let Ok(item) = syn::parse2::<Item>(tokens) {
            items.push(item);
        }
    }
    covered
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
