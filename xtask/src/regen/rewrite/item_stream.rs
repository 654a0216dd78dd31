//! Stages 5b–6 for the client: its items one at a time, not one syntax tree.
//!
//! The client progenitor writes for a large document is a million lines, and its
//! `syn` syntax tree takes about three times the memory of its tokens. So the
//! client is never parsed whole:
//!
//! 1. [`split`] cuts the tokens into items without parsing them: an item ends at
//!    a `;` or at a `{…}` not followed by `;`, and is taken once the tokens so
//!    far parse as exactly one item (so a `{…}` inside an item, such as `use
//!    a::{b, c};`, only delays the cut). A module with content is cut in turn.
//!    Each item, parsed, is shown to the passes' `observe`, then rendered with
//!    prettyplease inside the modules that enclose it (so its text is exactly
//!    what rendering the whole file gives) and its syntax tree dropped. Its
//!    tokens are kept only if `observe` asks to see it again.
//! 2. [`render`] joins the texts. An item called like another of its module
//!    ([`dedupe::key`]) and rendered the same is dropped; an item `observe`
//!    asked for is parsed again, rewritten by the passes and rendered anew.
//!
//! For the passes' unit tests, `for_each_item`, `retain_items` and
//! `expand_items` make the same walk over a parsed [`syn::File`].

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::format_ident;
use syn::{File, Item, ItemMod};

use super::dedupe::{self, Dedupe};
use crate::shared::error::{Error, Result};

/// The client cut into items, with the count of their names for [`Dedupe`].
pub struct Cuts {
    nodes: Vec<Node>,
    dedupe: Dedupe,
}

enum Node {
    Item(Cut),
    Module(Module),
}

/// One item that is not a module with content.
struct Cut {
    /// Its [`dedupe::key`].
    key: Option<String>,
    /// As rendered in its module.
    text: String,
    /// Its tokens, if a pass rewrites it.
    revisit: Option<TokenStream>,
}

/// A module with content: `#[attrs] pub mod name { #![inner] items }`.
struct Module {
    name: String,
    /// Outer attributes, visibility, `mod` and the name.
    head: TokenStream,
    /// Inner attributes (`#![…]`) at the start of the content.
    inner: TokenStream,
    body: Vec<Node>,
}

/// What the passes see: an item, parsed, and the path of its module below the
/// crate root (`[]`, `["types"]`, `["types", "builder"]`). Returning `true`
/// asks for the item again in [`Passes::rewrite`].
pub type Observe<'a> = dyn FnMut(&[String], &Item) -> bool + 'a;

/// Cuts `tokens`, a file's items, showing each item to `observe`.
pub fn split(provider: &str, tokens: TokenStream, observe: &mut Observe<'_>) -> Result<Cuts> {
    let mut dedupe = Dedupe::default();
    let nodes = split_in(
        tokens.into_iter().collect(),
        &mut Vec::new(),
        observe,
        &mut dedupe,
    )
    .map_err(|e| format_error(provider, e))?;
    Ok(Cuts { nodes, dedupe })
}

fn format_error(provider: &str, e: syn::Error) -> Error {
    Error::Format {
        provider: provider.to_string(),
        message: e.to_string(),
    }
}

fn is_punct(tt: Option<&TokenTree>, c: char) -> bool {
    matches!(tt, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn split_in(
    tokens: Vec<TokenTree>,
    path: &mut Vec<String>,
    observe: &mut Observe<'_>,
    dedupe: &mut Dedupe,
) -> syn::Result<Vec<Node>> {
    let mut nodes = Vec::new();
    let mut pending: Vec<TokenTree> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        let may_end = match &tt {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !is_punct(iter.peek(), ';'),
            _ => false,
        };
        pending.push(tt);
        if !may_end {
            continue;
        }
        if let Some(module) = module(&mut pending, path, observe, dedupe)? {
            nodes.push(Node::Module(module));
            continue;
        }
        let stream: TokenStream = pending.iter().cloned().collect();
        let Ok(item) = syn::parse2::<Item>(stream.clone()) else {
            continue;
        };
        pending.clear();
        let revisit = observe(path, &item).then_some(stream);
        let key = dedupe::key(&item);
        if let Some(key) = &key {
            dedupe.count(path, key.clone());
        }
        nodes.push(Node::Item(Cut {
            key,
            text: render_item(path, item),
            revisit,
        }));
    }
    if !pending.is_empty() {
        // Tokens that never made an item: syn says why.
        let stream: TokenStream = pending.into_iter().collect();
        syn::parse2::<Item>(stream)?;
    }
    Ok(nodes)
}

/// If `pending` is `… mod name {…}`, takes it and cuts the module's content.
fn module(
    pending: &mut Vec<TokenTree>,
    path: &mut Vec<String>,
    observe: &mut Observe<'_>,
    dedupe: &mut Dedupe,
) -> syn::Result<Option<Module>> {
    let n = pending.len();
    let (Some(TokenTree::Ident(keyword)), Some(TokenTree::Ident(name)), Some(TokenTree::Group(_))) = (
        n.checked_sub(3).and_then(|i| pending.get(i)),
        n.checked_sub(2).and_then(|i| pending.get(i)),
        pending.last(),
    ) else {
        return Ok(None);
    };
    if keyword != "mod" {
        return Ok(None);
    }
    let name = name.to_string();
    let Some(TokenTree::Group(group)) = pending.pop() else {
        return Ok(None);
    };
    let head: TokenStream = std::mem::take(pending).into_iter().collect();
    let stream = group.stream();
    // The group shares its tokens with `stream`; without it they are moved,
    // not copied, and freed as the items are cut.
    drop(group);
    let mut content: Vec<TokenTree> = stream.into_iter().collect();
    let mut start = 0;
    while is_punct(content.get(start), '#') && is_punct(content.get(start + 1), '!') {
        start += 3;
    }
    let inner: TokenStream = content.drain(..start.min(content.len())).collect();
    path.push(name.clone());
    let body = split_in(content, path, observe, dedupe);
    path.pop();
    Ok(Some(Module {
        name,
        head,
        inner,
        body: body?,
    }))
}

/// What [`render`] asks the passes.
pub struct Passes<'a> {
    /// Rewrites an item `observe` asked for, in the module at the path;
    /// returns items to add right after it.
    pub rewrite: &'a mut dyn FnMut(&[String], &mut Item) -> Vec<Item>,
    /// Items to add at the end of the module at the path.
    pub append: &'a mut dyn FnMut(&[String]) -> Vec<Item>,
}

/// The rendered client, and the repeated items left out (`module::key`).
pub fn render(
    provider: &str,
    cuts: Cuts,
    passes: &mut Passes<'_>,
) -> Result<(String, Vec<String>)> {
    let Cuts { nodes, mut dedupe } = cuts;
    dedupe.keep_repeats();
    let mut out = String::new();
    render_in(nodes, &mut Vec::new(), passes, &mut dedupe, &mut out)
        .map_err(|e| format_error(provider, e))?;
    Ok((out, dedupe.removed))
}

fn render_in(
    nodes: Vec<Node>,
    path: &mut Vec<String>,
    passes: &mut Passes<'_>,
    dedupe: &mut Dedupe,
    out: &mut String,
) -> syn::Result<()> {
    for node in nodes {
        match node {
            Node::Item(cut) => {
                if let Some(key) = &cut.key
                    && dedupe.is_duplicate(path, key, &cut.text)
                {
                    continue;
                }
                match cut.revisit {
                    Some(tokens) => {
                        let mut item: Item = syn::parse2(tokens)?;
                        let after = (passes.rewrite)(path, &mut item);
                        out.push_str(&render_item(path, item));
                        for item in after {
                            out.push_str(&render_item(path, item));
                        }
                    }
                    None => out.push_str(&cut.text),
                }
            }
            Node::Module(m) => {
                // The module's items go straight into `out`, between its
                // rendered head and closing lines.
                let start = out.len();
                let (open, close) = render_module(path, m.head.clone(), m.inner.clone(), false)?;
                out.push_str(&open);
                let items = out.len();
                path.push(m.name);
                render_in(m.body, path, passes, dedupe, out)?;
                for item in (passes.append)(path) {
                    out.push_str(&render_item(path, item));
                }
                path.pop();
                if out.len() == items {
                    // No items: rendered as an empty module is.
                    out.truncate(start);
                    out.push_str(&render_module(path, m.head, m.inner, true)?.0);
                } else {
                    out.push_str(&close);
                }
            }
        }
    }
    Ok(())
}

/// A name no generated item has, to mark where a module's items go.
const PLACEHOLDER: &str = "__CloudClustersItemsGoHere";

/// The module `head { inner … }` as rendered at `path`: the text before its
/// items and the text after them; if `empty`, the whole empty module (and "").
fn render_module(
    path: &[String],
    head: TokenStream,
    inner: TokenStream,
    empty: bool,
) -> syn::Result<(String, String)> {
    let placeholder = format_ident!("{PLACEHOLDER}");
    let items = if empty {
        inner
    } else {
        quote::quote!(#inner struct #placeholder;)
    };
    let mut tokens = head;
    tokens.extend([TokenTree::Group(Group::new(Delimiter::Brace, items))]);
    let module: ItemMod = syn::parse2(tokens)?;
    let text = render_item(path, Item::Mod(module));
    if empty {
        return Ok((text, String::new()));
    }
    let (mut open, mut close) = (String::new(), String::new());
    let mut after = false;
    for line in text.split_inclusive('\n') {
        if line.contains(PLACEHOLDER) {
            after = true;
        } else if after {
            close.push_str(line);
        } else {
            open.push_str(line);
        }
    }
    Ok((open, close))
}

/// `item` rendered inside the modules of `path`, as prettyplease indents it there.
fn render_item(path: &[String], item: Item) -> String {
    let mut item = item;
    for name in path.iter().rev() {
        item = Item::Mod(ItemMod {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            unsafety: None,
            mod_token: Default::default(),
            ident: format_ident!("{name}"),
            content: Some((Default::default(), vec![item])),
            semi: None,
        });
    }
    let text = prettyplease::unparse(&File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![item],
    });
    if path.is_empty() {
        return text;
    }
    // Drop the enclosing `mod name {` lines and their closing `}` lines.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let depth = path.len();
    lines
        .get(depth..lines.len().saturating_sub(depth))
        .map(|l| l.concat())
        .unwrap_or_default()
}

/// Calls `f` on every item of `items` that is not a module with content, in
/// order, with its module path: the walk [`split`] makes, over a parsed file.
#[cfg(test)]
pub(crate) fn for_each_item(items: &[Item], f: &mut dyn FnMut(&[String], &Item)) {
    fn walk(items: &[Item], path: &mut Vec<String>, f: &mut dyn FnMut(&[String], &Item)) {
        for item in items {
            match item {
                Item::Mod(m) if m.content.is_some() => {
                    path.push(m.ident.to_string());
                    if let Some((_, inner)) = &m.content {
                        walk(inner, path, f);
                    }
                    path.pop();
                }
                _ => f(path, item),
            }
        }
    }
    walk(items, &mut Vec::new(), f)
}

/// Like [`for_each_item`], with each item mutable; `f` returning `false` removes it.
#[cfg(test)]
pub(crate) fn retain_items(items: &mut Vec<Item>, f: &mut dyn FnMut(&[String], &mut Item) -> bool) {
    fn walk(
        items: &mut Vec<Item>,
        path: &mut Vec<String>,
        f: &mut dyn FnMut(&[String], &mut Item) -> bool,
    ) {
        items.retain_mut(|item| match item {
            Item::Mod(m) if m.content.is_some() => {
                path.push(m.ident.to_string());
                if let Some((_, inner)) = &mut m.content {
                    walk(inner, path, f);
                }
                path.pop();
                true
            }
            _ => f(path, item),
        });
    }
    walk(items, &mut Vec::new(), f)
}

/// Like [`for_each_item`], with each item mutable; the items `f` returns are
/// inserted right after the item.
#[cfg(test)]
pub(crate) fn expand_items(
    items: &mut Vec<Item>,
    f: &mut dyn FnMut(&[String], &mut Item) -> Vec<Item>,
) {
    fn walk(
        items: &mut Vec<Item>,
        path: &mut Vec<String>,
        f: &mut dyn FnMut(&[String], &mut Item) -> Vec<Item>,
    ) {
        let mut out = Vec::with_capacity(items.len());
        for mut item in items.drain(..) {
            let after = match &mut item {
                Item::Mod(m) if m.content.is_some() => {
                    path.push(m.ident.to_string());
                    if let Some((_, inner)) = &mut m.content {
                        walk(inner, path, f);
                    }
                    path.pop();
                    Vec::new()
                }
                _ => f(path, &mut item),
            };
            out.push(item);
            out.extend(after);
        }
        *items = out;
    }
    walk(items, &mut Vec::new(), f)
}

/// The items of the top-level module `name`, if it has content.
#[cfg(test)]
pub(crate) fn module_items_mut<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn sample() -> TokenStream {
        quote! {
            #[allow(unused_imports)]
            pub use a::{b, c};
            /// Types.
            #[allow(clippy::all)]
            pub mod types {
                #![allow(dead_code)]
                /**Doc

                on lines*/
                #[derive(Clone, Debug)]
                pub struct Info { pub status: Option<Status>, pub a_field_with_a_long_name: ::std::option::Option<::std::string::String> }
                pub struct Unit;
                pub const X: Info = Info { status: None, a_field_with_a_long_name: None };
                impl From<&Info> for Info { fn from(value: &Info) -> Self { value.clone() } }
                pub mod error {
                    pub struct ConversionError(::std::borrow::Cow<'static, str>);
                }
                pub mod empty {}
            }
            pub struct Client { baseurl: String }
            impl Client { pub fn new(baseurl: &str) -> Self { Self { baseurl: baseurl.to_string() } } }
        }
    }

    #[test]
    fn item_by_item_renders_as_the_whole_file_does() {
        let tokens = sample();
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).expect("parses"));
        let mut seen = Vec::new();
        let cuts = split("p", tokens, &mut |path, item| {
            let name = match item {
                Item::Struct(s) => s.ident.to_string(),
                Item::Impl(_) => "impl".into(),
                Item::Use(_) => "use".into(),
                Item::Const(c) => c.ident.to_string(),
                _ => "other".into(),
            };
            seen.push(format!("{}:{name}", path.join("::")));
            false
        })
        .expect("splits");
        assert_eq!(
            seen,
            [
                ":use",
                "types:Info",
                "types:Unit",
                "types:X",
                "types:impl",
                "types::error:ConversionError",
                ":Client",
                ":impl"
            ]
        );
        let (text, removed) = render(
            "p",
            cuts,
            &mut Passes {
                rewrite: &mut |_, _| Vec::new(),
                append: &mut |_| Vec::new(),
            },
        )
        .expect("renders");
        assert_eq!(text, whole);
        assert!(removed.is_empty());
    }

    #[test]
    fn rewritten_repeated_and_appended_items_are_rendered_in_place() {
        let tokens = quote! {
            pub mod types {
                pub struct Unit;
                pub struct Other;
                pub struct Unit;
            }
            pub struct Unit;
            pub struct Client;
        };
        let cuts = split("p", tokens, &mut |path, item| {
            path.is_empty() && matches!(item, Item::Struct(s) if s.ident == "Client")
        })
        .expect("splits");
        let (text, removed) = render(
            "p",
            cuts,
            &mut Passes {
                rewrite: &mut |_, item| {
                    if let Item::Struct(s) = item {
                        s.ident = format_ident!("Renamed");
                    }
                    vec![syn::parse_quote!(
                        impl Renamed {}
                    )]
                },
                append: &mut |path| match path {
                    [one] if one == "types" => vec![syn::parse_quote!(
                        pub struct Appended;
                    )],
                    _ => Vec::new(),
                },
            },
        )
        .expect("renders");
        // Items are compared within their module: the root `Unit` stays.
        assert_eq!(removed, ["crate::types::struct Unit"]);
        let expected: File = syn::parse_quote! {
            pub mod types {
                pub struct Unit;
                pub struct Other;
                pub struct Appended;
            }
            pub struct Unit;
            pub struct Renamed;
            impl Renamed {}
        };
        assert_eq!(text, prettyplease::unparse(&expected));
    }

    #[test]
    fn tokens_that_are_no_item_are_an_error_naming_the_provider() {
        let Err(e) = split("acme", quote!(pub struct A; pub fn), &mut |_, _| false) else {
            panic!("cut tokens that are no item")
        };
        let text = e.to_string();
        assert!(text.contains("acme"), "{text}");
    }

    #[test]
    fn the_whole_file_walk_sees_what_split_sees() {
        let file: File = syn::parse2(sample()).expect("parses");
        let mut walked = Vec::new();
        for_each_item(&file.items, &mut |path, _| walked.push(path.join("::")));
        let mut split_seen = Vec::new();
        split("p", sample(), &mut |path, _| {
            split_seen.push(path.join("::"));
            false
        })
        .expect("splits");
        assert_eq!(walked, split_seen);
    }
}
