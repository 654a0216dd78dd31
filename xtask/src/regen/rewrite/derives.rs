//! Editing the `#[derive(…)]` lists of generated items.

use syn::Attribute;

/// Removes from every `#[derive(…)]` in `attrs` the paths `drop` selects.
pub fn remove(attrs: &mut [Attribute], drop: impl Fn(&syn::Path) -> bool) {
    for attr in attrs {
        if attr.path().is_ident("derive")
            && let Ok(list) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
        {
            let kept: Vec<&syn::Path> = list.iter().filter(|p| !drop(p)).collect();
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
}

/// Whether `path` names serde's `Deserialize` (`Deserialize`, `::serde::Deserialize`).
pub fn is_deserialize(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|s| s.ident == "Deserialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_the_selected_derives() {
        let mut attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[derive(::serde::Deserialize, ::serde::Serialize, Copy, Clone)]),
            syn::parse_quote!(#[doc = "kept"]),
        ];
        remove(&mut attrs, |p| is_deserialize(p) || p.is_ident("Copy"));
        let expected: Vec<Attribute> = vec![
            syn::parse_quote!(#[derive(::serde::Serialize, Clone)]),
            syn::parse_quote!(#[doc = "kept"]),
        ];
        let text = |a: &[Attribute]| quote::quote!(#(#a)*).to_string();
        assert_eq!(text(&attrs), text(&expected));
    }
}
