//! The passes over progenitor's output, before it is formatted.
//!
//! The client goes through [`item_stream`] item by item, seen by [`dedupe`],
//! [`open_enums`] and [`envelopes`] (which share [`derives`]); the httpmock
//! helpers are parsed whole and mended by [`mock_fixes`].

pub mod dedupe;
pub mod derives;
pub mod envelopes;
pub mod item_stream;
pub mod mock_fixes;
pub mod open_enums;

use std::collections::HashSet;

use proc_macro2::TokenStream;

use crate::shared::config::{self, Provider};
use crate::shared::error::{Error, Result};

/// The client after the passes: its rendered text (no header yet) and what
/// the passes changed.
pub struct Client {
    /// The rendered items, in their modules.
    pub body: String,
    /// Items typify generated twice, removed.
    pub duplicates_removed: Vec<String>,
    /// Response-only enums that accept unlisted values.
    pub opened_enums: Vec<String>,
    /// Response unions that implement `Envelope`.
    pub envelopes: Vec<String>,
    /// The types of the `types` module that implement `Display` (for [`mocks`]).
    pub displayed: HashSet<String>,
}

/// Cuts the client into items, lets every pass observe each one, then renders
/// them with the rewrites the passes asked for. `observe` is called with
/// [`super::BUILD_STAGES`]`[2]` once every item has been seen.
pub fn client(
    provider: &Provider,
    tokens: TokenStream,
    observe: &mut dyn FnMut(&'static str),
) -> Result<Client> {
    let mut enum_facts = open_enums::Facts::default();
    let mut envelope_facts = envelopes::Facts::new(provider.envelope.is_some());
    let mut displayed = HashSet::new();
    let cuts = item_stream::split(&provider.name, tokens, &mut |path, item| {
        if let [only] = path
            && only == "types"
            && let Some(name) = display_impl(item)
        {
            displayed.insert(name);
        }
        let envelope = envelope_facts.observe(path, item);
        enum_facts.observe(path, item) | envelope
    })?;
    let opener = enum_facts.finish();
    let mut unions = match &provider.envelope {
        Some(config) => {
            let unions = envelope_facts.finish(config);
            if unions.covered.is_empty() {
                return Err(Error::Config {
                    file: config::PROVIDERS_FILE.to_string(),
                    message: format!(
                        "{}: `envelope` is set, but no response of {} is a union of a `{{code, data}}` schema and {}",
                        provider.name, provider.document, config.error
                    ),
                });
            }
            Some(unions)
        }
        None => None,
    };
    observe(super::BUILD_STAGES[2]);
    let mut envelope_impls = unions
        .as_mut()
        .map(|u| std::mem::take(&mut u.impls))
        .unwrap_or_default();
    let (body, duplicates_removed) = item_stream::render(
        &provider.name,
        cuts,
        &mut item_stream::Passes {
            rewrite: &mut |path, item| {
                if let Some(unions) = &unions {
                    unions.rewrite(path, item);
                }
                opener.rewrite(path, item)
            },
            append: &mut |path| match path {
                [only] if only == "types" => std::mem::take(&mut envelope_impls),
                _ => Vec::new(),
            },
        },
    )?;
    Ok(Client {
        body,
        duplicates_removed,
        opened_enums: opener.names(),
        envelopes: unions.map(|u| u.covered).unwrap_or_default(),
        displayed,
    })
}

/// `X` for an `impl Display for X` (any path to `Display`).
fn display_impl(item: &syn::Item) -> Option<String> {
    let syn::Item::Impl(i) = item else {
        return None;
    };
    let (path, _) = i.trait_.as_ref()?;
    if path.segments.last()?.ident != "Display" {
        return None;
    }
    match &*i.self_ty {
        syn::Type::Path(p) => Some(p.path.segments.last()?.ident.to_string()),
        _ => None,
    }
}

/// Parses the httpmock helpers and mends what progenitor gets wrong in them;
/// `displayed` is [`Client::displayed`].
pub fn mocks(
    provider: &Provider,
    tokens: TokenStream,
    displayed: &HashSet<String>,
) -> Result<(syn::File, mock_fixes::Mended)> {
    let mut file = super::format::parse(&provider.name, tokens)?;
    let mended = mock_fixes::mend(&mut file, displayed);
    Ok((file, mended))
}
