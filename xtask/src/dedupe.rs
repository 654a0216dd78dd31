//! Stage 5c: items typify wrote twice, removed from the syntax tree.
//!
//! On some documents typify defines the same type twice, word for word (an
//! inline `oneOf` equal to a component schema, met again while it merges an
//! object with its `oneOf` branches), and the crate does not compile
//! ("conflicting implementations", "defined multiple times"). An item that is
//! token for token the same as an earlier item of the same module defines
//! nothing new: it is removed, with its name reported. Items that share a name
//! but differ are left alone (that is a real conflict, and rustc names it).

use std::collections::HashMap;

use quote::ToTokens;
use syn::{File, Item};

/// Removes, in every module of `file`, each item identical to an earlier one;
/// returns what was removed (`module::Name`, or `module::impl Trait for Name`).
pub fn remove_duplicate_items(file: &mut File) -> Vec<String> {
    let mut removed = Vec::new();
    dedupe(&mut file.items, "crate", &mut removed);
    removed
}

/// What an item is called, cheaply: only items called alike are compared whole.
fn key(item: &Item) -> Option<String> {
    let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
    Some(match item {
        Item::Struct(s) => format!("struct {}", s.ident),
        Item::Enum(e) => format!("enum {}", e.ident),
        Item::Type(t) => format!("type {}", t.ident),
        Item::Fn(f) => format!("fn {}", f.sig.ident),
        Item::Const(c) => format!("const {}", c.ident),
        Item::Impl(i) => match &i.trait_ {
            Some((path, _)) => format!("impl {} for {}", text(path), text(&i.self_ty)),
            None => format!("impl {}", text(&i.self_ty)),
        },
        _ => return None,
    })
}

fn dedupe(items: &mut Vec<Item>, module: &str, removed: &mut Vec<String>) {
    for item in items.iter_mut() {
        if let Item::Mod(m) = item
            && let Some((_, inner)) = &mut m.content
        {
            let path = format!("{module}::{}", m.ident);
            dedupe(inner, &path, removed);
        }
    }
    let keys: Vec<Option<String>> = items.iter().map(key).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for k in keys.iter().flatten() {
        *count.entry(k.as_str()).or_default() += 1;
    }
    if count.values().all(|n| *n == 1) {
        return;
    }
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    let mut keep = Vec::with_capacity(items.len());
    for (item, key) in items.iter().zip(&keys) {
        let repeated = key
            .as_deref()
            .is_some_and(|k| count.get(k).copied().unwrap_or(0) > 1);
        if !repeated {
            keep.push(true);
            continue;
        }
        let key = key.clone().unwrap_or_default();
        let tokens = item.to_token_stream().to_string();
        let earlier = seen.entry(key.clone()).or_default();
        if earlier.contains(&tokens) {
            keep.push(false);
            removed.push(format!("{module}::{key}"));
        } else {
            earlier.push(tokens);
            keep.push(true);
        }
    }
    let mut flags = keep.into_iter();
    items.retain(|_| flags.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn identical_items_go_and_differing_ones_stay() {
        let mut file: File = syn::parse2(quote! {
            pub mod types {
                pub enum Output { A, B }
                impl Clone for Output { fn clone(&self) -> Self { todo!() } }
                pub enum Output { A, B }
                impl Clone for Output { fn clone(&self) -> Self { todo!() } }
                pub struct Level(u8);
                pub struct Level(u16);
            }
            pub struct Top;
        })
        .expect("parses");
        let removed = remove_duplicate_items(&mut file);
        assert_eq!(
            removed,
            [
                "crate::types::enum Output",
                "crate::types::impl Clone for Output"
            ]
        );
        let text = file.to_token_stream().to_string();
        assert_eq!(text.matches("pub enum Output").count(), 1);
        assert_eq!(text.matches("pub struct Level").count(), 2);
        assert!(text.contains("pub struct Top"));
    }
}
