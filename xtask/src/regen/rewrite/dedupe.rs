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
use syn::Item;

/// What an item is called, cheaply: only items called alike are compared whole.
pub fn key(item: &Item) -> Option<String> {
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

/// `crate::types::builder` for the path `[types, builder]`.
fn module_name(path: &[String]) -> String {
    std::iter::once("crate")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("::")
}

/// Finds repeated items: first every item's [`key`] is counted, then, item by
/// item in order, each whose key repeats is compared with the earlier ones.
#[derive(Default)]
pub struct Dedupe {
    count: HashMap<(String, String), usize>,
    seen: HashMap<(String, String), Vec<String>>,
    /// What was found to repeat: `module::key`, in order.
    pub removed: Vec<String>,
}

impl Dedupe {
    /// Counts an item called `key` in the module at `path`.
    pub fn count(&mut self, path: &[String], key: String) {
        *self.count.entry((module_name(path), key)).or_default() += 1;
    }

    /// Forgets the keys that occur once (most of them), so that
    /// [`Dedupe::is_duplicate`] costs nothing when no key repeats.
    pub fn keep_repeats(&mut self) {
        self.count.retain(|_, n| *n > 1);
    }

    /// Whether the item called `key` in the module at `path`, whose text
    /// (tokens or rendering) is `text`, is the same as an earlier one; if so it
    /// is recorded as removed.
    pub fn is_duplicate(&mut self, path: &[String], key: &str, text: &str) -> bool {
        if self.count.is_empty() {
            return false;
        }
        let id = (module_name(path), key.to_string());
        if self.count.get(&id).copied().unwrap_or(0) < 2 {
            return false;
        }
        let earlier = self.seen.entry(id.clone()).or_default();
        if earlier.iter().any(|t| t == text) {
            self.removed.push(format!("{}::{}", id.0, id.1));
            true
        } else {
            earlier.push(text.to_string());
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use syn::File;

    use crate::regen::rewrite::item_stream;

    /// Removes, in every module of `file`, each item identical to an earlier one;
    /// returns what was removed (`module::Name`, or `module::impl Trait for Name`).
    /// The whole-file form of what [`crate::regen::rewrite::item_stream`] does.
    fn remove_duplicate_items(file: &mut File) -> Vec<String> {
        let mut dedupe = Dedupe::default();
        item_stream::for_each_item(&file.items, &mut |path, item| {
            if let Some(key) = key(item) {
                dedupe.count(path, key);
            }
        });
        item_stream::retain_items(&mut file.items, &mut |path, item| match key(item) {
            Some(key) => !dedupe.is_duplicate(path, &key, &item.to_token_stream().to_string()),
            None => true,
        });
        dedupe.removed
    }

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
