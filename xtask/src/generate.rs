//! Stage 5: progenitor 0.15 turns the normalized document into a client and httpmock helpers.
//!
//! progenitor panics (`todo!`, `assert!`, `unimplemented!`) on some inputs. Every
//! call into it is made under `catch_unwind`; when it panics or refuses, each
//! operation is generated alone to find the ones responsible, so the error names
//! the provider and the operations rather than a line of progenitor.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle,
};
use quote::quote;

use crate::config::Provider;
use crate::error::{Error, Result};

/// What progenitor made of one document.
pub struct Output {
    /// Operations left out because progenitor cannot generate them: `METHOD /path (id): reason`.
    pub skipped: Vec<String>,
    /// The client: `Client`, its methods and builders, and `types`.
    pub client: TokenStream,
    /// The httpmock helpers (`MockServerExt` and the `operations` module).
    pub mock: TokenStream,
    /// Operations in the document.
    pub operations: usize,
    /// Types in the generated `types` module.
    pub types: usize,
}

/// Facts about the source document the generated constants record.
pub struct SpecFacts<'a> {
    /// The document's path relative to the workspace root.
    pub path: &'a str,
    /// `openapi` as the document declares it, before normalization.
    pub openapi: &'a str,
    /// SHA-256 of the document's bytes.
    pub sha256: &'a str,
}

fn settings() -> GenerationSettings {
    let mut s = GenerationSettings::new();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_inner_type(quote!(::cloud_clusters_core::Runtime))
        .with_hooks(HooksMode::Expected)
        .with_crate(
            crate::normalize::secrets::SECRET_CRATE,
            CrateVers::Any,
            None,
        );
    s
}

/// Generates client and mocks for `provider` from `spec`.
///
/// When progenitor panics or refuses, each operation is generated alone to find
/// the ones responsible. With `strict`, that is an error naming them; otherwise
/// they are left out, the rest is generated, and [`Output::skipped`] says which
/// and why.
pub fn generate(
    provider: &Provider,
    spec: &OpenAPI,
    facts: &SpecFacts<'_>,
    strict: bool,
) -> Result<Output> {
    // The mocks `use` the client's items: the crate root, or the module it is generated into.
    let crate_path = match &provider.module {
        Some(module) => format!("crate::{module}"),
        None => "crate".to_string(),
    };
    let crate_path = crate_path.as_str();
    let failure = match guarded(|| generate_unguarded(spec, crate_path)) {
        Ok(Ok(generated)) => return Ok(output(provider, spec, facts, generated, Vec::new())),
        Ok(Err(e)) => e.to_string(),
        Err(panic) => format!("panicked: {panic}"),
    };
    let culprits = blame(spec, crate_path);
    let names: Vec<String> = culprits.iter().map(|c| c.to_string()).collect();
    let error = |message: String| Error::Generate {
        provider: provider.name.clone(),
        operations: names.clone(),
        message,
    };
    if strict || culprits.is_empty() {
        return Err(error(failure));
    }
    let mut reduced = spec.clone();
    for c in &culprits {
        remove_operation(&mut reduced, &c.path, &c.method);
    }
    match guarded(|| generate_unguarded(&reduced, crate_path)) {
        Ok(Ok(generated)) => Ok(output(provider, &reduced, facts, generated, names)),
        Ok(Err(e)) => Err(error(format!("{failure}; without those operations: {e}"))),
        Err(panic) => Err(error(format!(
            "{failure}; without those operations: panicked: {panic}"
        ))),
    }
}

fn output(
    provider: &Provider,
    spec: &OpenAPI,
    facts: &SpecFacts<'_>,
    (client, mock, types): (TokenStream, TokenStream, usize),
    skipped: Vec<String>,
) -> Output {
    let meta = constants(provider, spec, facts);
    Output {
        skipped,
        client: quote! { #client #meta },
        mock,
        operations: operations(spec).len(),
        types,
    }
}

/// An operation progenitor cannot generate, and why.
struct Culprit {
    path: String,
    method: String,
    id: String,
    reason: String,
}

impl std::fmt::Display for Culprit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} ({}): {}",
            self.method.to_uppercase(),
            self.path,
            self.id,
            self.reason
        )
    }
}

fn remove_operation(spec: &mut OpenAPI, path: &str, method: &str) {
    if let Some(openapiv3::ReferenceOr::Item(item)) = spec.paths.paths.get_mut(path) {
        match method {
            "get" => item.get = None,
            "put" => item.put = None,
            "post" => item.post = None,
            "delete" => item.delete = None,
            "options" => item.options = None,
            "head" => item.head = None,
            "patch" => item.patch = None,
            _ => item.trace = None,
        }
    }
}

fn generate_unguarded(
    spec: &OpenAPI,
    crate_path: &str,
) -> progenitor_impl::Result<(TokenStream, TokenStream, usize)> {
    let settings = settings();
    let mut generator = Generator::new(&settings);
    let client = generator.generate_tokens(spec)?;
    let types = generator.get_type_space().iter_types().count();
    let mut mock_generator = Generator::new(&settings);
    let mock = mock_generator.httpmock(spec, crate_path)?;
    Ok((client, mock, types))
}

/// `(path, method, operationId)` of every operation, in document order.
pub fn operations(spec: &OpenAPI) -> Vec<(String, String, String)> {
    spec.paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| {
            item.iter().map(move |(method, op)| {
                (
                    path.clone(),
                    method.to_string(),
                    op.operation_id.clone().unwrap_or_default(),
                )
            })
        })
        .collect()
}

/// Generates each operation alone to find which ones make progenitor fail.
fn blame(spec: &OpenAPI, crate_path: &str) -> Vec<Culprit> {
    let mut culprits = Vec::new();
    for (path, method, id) in operations(spec) {
        let mut single = spec.clone();
        single.paths.paths.retain(|p, _| *p == path);
        for m in crate::normalize::walk::methods() {
            if *m != method {
                remove_operation(&mut single, &path, m);
            }
        }
        let failed = match guarded(|| generate_unguarded(&single, crate_path)) {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(panic) => Some(format!("panicked: {panic}")),
        };
        if let Some(reason) = failed {
            culprits.push(Culprit {
                path,
                method,
                id,
                reason,
            });
        }
    }
    culprits
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Runs `f`, turning a panic into `Err(message)` without printing it.
pub fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                let at = info
                    .location()
                    .map(|l| format!(" (at {}:{})", short_file(l.file()), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{at}")));
            } else {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// `…/registry/src/…/progenitor-impl-0.15.1/src/method.rs` → `progenitor-impl-0.15.1/src/method.rs`.
fn short_file(file: &str) -> String {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    match parts.iter().rposition(|p| *p == "src") {
        Some(i) if i > 0 => parts[i - 1..].join("/"),
        _ => parts.last().copied().unwrap_or(file).to_string(),
    }
}

fn constants(provider: &Provider, spec: &OpenAPI, facts: &SpecFacts<'_>) -> TokenStream {
    let name = &provider.name;
    let path = facts.path;
    let title = &spec.info.title;
    let version = &spec.info.version;
    let openapi = facts.openapi;
    let sha256 = facts.sha256;
    let default_url = &provider.default_base_url;
    let env = &provider.api_key_env;
    let url_names = provider.base_urls.iter().map(|b| &b.name);
    let url_values = provider.base_urls.iter().map(|b| &b.url);
    let spec_doc = format!(
        "The document this client was generated from: `{path}`, {title:?} version {version}."
    );
    let env_doc = format!("The environment variable that holds the API key: `{env}`.");
    let url_doc = format!("The base URL a client uses unless told otherwise: `{default_url}`.");
    quote! {
        #[doc = #spec_doc]
        pub const SPEC: ::cloud_clusters_core::SpecInfo = ::cloud_clusters_core::SpecInfo {
            provider: #name,
            path: #path,
            title: #title,
            version: #version,
            openapi: #openapi,
            sha256: #sha256,
        };
        #[doc = #url_doc]
        pub const DEFAULT_BASE_URL: &str = #default_url;
        /// Every base URL the provider documents (sites, regional templates).
        pub const BASE_URLS: &[::cloud_clusters_core::BaseUrl] = &[
            #( ::cloud_clusters_core::BaseUrl { name: #url_names, url: #url_values }, )*
        ];
        #[doc = #env_doc]
        pub const API_KEY_ENV: &str = #env;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_turns_a_panic_into_its_message() {
        let r: std::result::Result<(), String> = guarded(|| panic!("boom {}", 1));
        let message = r.unwrap_err();
        assert!(message.starts_with("boom 1 (at "), "{message}");
        assert_eq!(guarded(|| 7), Ok(7));
    }

    #[test]
    fn short_file_keeps_the_crate_and_file() {
        assert_eq!(
            short_file("/x/registry/src/index/progenitor-impl-0.15.1/src/method.rs"),
            "progenitor-impl-0.15.1/src/method.rs"
        );
    }
}
