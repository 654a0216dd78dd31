//! Stage 5: progenitor 0.15 turns the normalized document into a client and httpmock helpers.
//!
//! progenitor panics (`todo!`, `assert!`, `unimplemented!`) on some inputs. Every
//! call into it is made under `catch_unwind`; when it panics or refuses, the
//! parts responsible are found and left out (or, with `--strict`, named in the
//! error), so the rest of the document still generates:
//!
//! 1. progenitor turns every component schema into a type, used or not, so one
//!    schema typify refuses fails every operation. When the schemas alone fail,
//!    each is generated with the schemas it refers to; the ones that fail while
//!    all they refer to succeed are the culprits, and they, the schemas that
//!    refer to them and the operations that reach them are left out.
//! 2. Then the operations that fail are found by bisection (see `blame`).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{
    CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle,
};
use quote::quote;
use serde_json::Value;

use crate::shared::config::Provider;
use crate::shared::error::{Error, Result};
use crate::shared::refs;

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
            super::normalize::secrets::SECRET_CRATE,
            CrateVers::Any,
            None,
        );
    s
}

/// Generates client and mocks for `provider` from `spec`.
///
/// When progenitor panics or refuses, the schemas and operations responsible
/// are found (see the module's doc). With `strict`, that is an error naming
/// them; otherwise
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
    let failure = match attempt(spec, crate_path) {
        Ok(generated) => return Ok(output(provider, spec, facts, generated, Vec::new())),
        Err(e) => e,
    };
    let error = |operations: Vec<String>, message: String| Error::Generate {
        provider: provider.name.clone(),
        operations,
        message,
    };

    // 1. Component schemas typify refuses.
    let mut working = spec.clone();
    let mut skipped = Vec::new();
    if attempt(&schemas_only(spec, None), crate_path).is_err() {
        // The document as JSON, to follow its references.
        let doc = serde_json::to_value(spec).unwrap_or(Value::Null);
        let bad = blame_schemas(spec, &doc, crate_path);
        if strict || bad.is_empty() {
            let named: Vec<String> = bad.iter().map(|(n, r)| schema_culprit(n, r)).collect();
            let message = if named.is_empty() {
                failure
            } else {
                format!("{failure}; in {}", named.join(", "))
            };
            return Err(error(Vec::new(), message));
        }
        skipped = without_schemas(&mut working, &doc, &bad);
        if let Ok(generated) = attempt(&working, crate_path) {
            return Ok(output(provider, &working, facts, generated, skipped));
        }
    }

    // 2. Operations progenitor refuses or panics on: first each set generated
    // with the schemas it reaches, then, if what is left still fails, with
    // every schema (an operation can clash with a schema it does not use).
    let mut last = failure.clone();
    for scope in [Scope::Reached, Scope::All] {
        let culprits = blame(&working, crate_path, scope);
        skipped.extend(culprits.iter().map(|c| c.to_string()));
        if strict && !culprits.is_empty() {
            return Err(error(skipped, failure));
        }
        for c in &culprits {
            remove_operation(&mut working, &c.path, &c.method);
        }
        match attempt(&working, crate_path) {
            Ok(generated) => return Ok(output(provider, &working, facts, generated, skipped)),
            Err(e) => last = e,
        }
    }
    if skipped.is_empty() {
        return Err(error(skipped, failure));
    }
    Err(error(
        skipped,
        format!("{failure}; without those operations: {last}"),
    ))
}

/// One generation under [`guarded`]: progenitor's error or panic as text.
fn attempt(
    spec: &OpenAPI,
    crate_path: &str,
) -> std::result::Result<(TokenStream, TokenStream, usize), String> {
    match guarded(|| generate_unguarded(spec, crate_path)) {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(e)) => Err(one_line(&e.to_string())),
        Err(panic) => Err(one_line(&format!("panicked: {panic}"))),
    }
}

/// A reason on one line (typify puts whole schemas, pretty-printed, in some
/// of its messages), at most 400 characters: it is read in a table and in the
/// generated file's header.
fn one_line(reason: &str) -> String {
    let joined = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(400) {
        Some((at, _)) => format!("{}…", &joined[..at]),
        None => joined,
    }
}

fn schema_culprit(name: &str, reason: &str) -> String {
    format!("#/components/schemas/{name} (schema): {reason}")
}

/// `spec` without paths, with only the component schemas in `keep` (all if `None`).
fn schemas_only(spec: &OpenAPI, keep: Option<&HashSet<String>>) -> OpenAPI {
    let mut bare = spec.clone();
    bare.paths.paths.clear();
    if let (Some(keep), Some(components)) = (keep, bare.components.as_mut()) {
        components.schemas.retain(|name, _| keep.contains(name));
    }
    bare
}

/// The component schemas typify refuses, with why: each schema is generated with
/// the schemas it reaches; a culprit fails while none of those others fails
/// alone. In a cycle of failing schemas, every member is a culprit.
fn blame_schemas(spec: &OpenAPI, doc: &Value, crate_path: &str) -> Vec<(String, String)> {
    let names: Vec<String> = spec
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut failing: BTreeMap<String, (String, HashSet<String>)> = BTreeMap::new();
    for name in &names {
        let Some(schema) = doc.pointer(&format!(
            "/components/schemas/{}",
            crate::shared::error::escape_pointer_token(name)
        )) else {
            continue;
        };
        let mut closure = refs::reachable_schemas(doc, vec![schema]);
        closure.insert(name.clone());
        if let Err(reason) = attempt(&schemas_only(spec, Some(&closure)), crate_path) {
            closure.remove(name);
            failing.insert(name.clone(), (reason, closure));
        }
    }
    let minimal: Vec<(String, String)> = failing
        .iter()
        .filter(|(_, (_, reaches))| !reaches.iter().any(|other| failing.contains_key(other)))
        .map(|(name, (reason, _))| (name.clone(), reason.clone()))
        .collect();
    if minimal.is_empty() {
        failing
            .into_iter()
            .map(|(name, (reason, _))| (name, reason))
            .collect()
    } else {
        minimal
    }
}

/// Removes the schemas in `bad`, every schema that reaches one of them, and every
/// operation that does; returns what was left out, with the reason. `doc` is
/// `spec` as JSON.
fn without_schemas(spec: &mut OpenAPI, doc: &Value, bad: &[(String, String)]) -> Vec<String> {
    let reason: BTreeMap<&str, &str> = bad.iter().map(|(n, r)| (n.as_str(), r.as_str())).collect();
    // The first culprit `roots` reach, if any.
    let culprit = |roots: Vec<&Value>| {
        let reached = refs::reachable_schemas(doc, roots);
        reason.keys().find(|name| reached.contains(**name)).copied()
    };
    let mut skipped: Vec<String> = bad.iter().map(|(n, r)| schema_culprit(n, r)).collect();
    let mut removed: HashSet<String> = bad.iter().map(|(n, _)| n.clone()).collect();
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, schema) in schemas {
            if !removed.contains(name)
                && let Some(c) = culprit(vec![schema])
            {
                skipped.push(format!(
                    "#/components/schemas/{name} (schema): refers to #/components/schemas/{c}"
                ));
                removed.insert(name.clone());
            }
        }
    }
    if let Some(components) = spec.components.as_mut() {
        components.schemas.retain(|name, _| !removed.contains(name));
    }
    for (path, method, id) in operations(spec) {
        let item = doc.get("paths").and_then(|p| p.get(&path));
        let op = item.and_then(|i| i.get(&method));
        let shared = item.and_then(|i| i.get("parameters"));
        let roots: Vec<&Value> = op.into_iter().chain(shared).collect();
        if let Some(c) = culprit(roots) {
            skipped.push(
                Culprit {
                    reason: format!(
                        "uses #/components/schemas/{c}, which cannot be generated: {}",
                        reason[c]
                    ),
                    path: path.clone(),
                    method: method.clone(),
                    id,
                }
                .to_string(),
            );
            remove_operation(spec, &path, &method);
        }
    }
    skipped
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
        clear_method(item, method);
    }
}

fn clear_method(item: &mut openapiv3::PathItem, method: &str) {
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

/// `(path, method, operationId)` of an operation.
type Operation = (String, String, String);

/// The operations that make progenitor fail, found by bisection: a set that
/// fails is halved, and the halves that fail are halved again, down to single
/// operations. Each set is generated with only the component schemas it
/// reaches, so a generation costs what its operations cost. When the first
/// half passes, the second is taken as failing without generating it (its
/// own halves are generated; a single operation always is), so one culprit
/// among n operations costs about n operations' worth of generation. An
/// operation that fails only beside others (each alone passes) is not blamed.
fn blame(spec: &OpenAPI, crate_path: &str, scope: Scope) -> Vec<Culprit> {
    let doc = serde_json::to_value(spec).unwrap_or(Value::Null);
    let ops = operations(spec);
    let mut culprits = Vec::new();
    let mut run = Bisection {
        spec,
        doc: &doc,
        crate_path,
        scope,
        culprits: &mut culprits,
    };
    // The whole set has already failed.
    run.bisect(&ops, true);
    culprits
}

/// Which component schemas a set of operations is generated with while blaming.
#[derive(Clone, Copy)]
enum Scope {
    /// Only those the operations reach: each generation costs what they cost.
    Reached,
    /// All of them.
    All,
}

/// One search for culprits ([`blame`]).
struct Bisection<'a> {
    spec: &'a OpenAPI,
    doc: &'a Value,
    crate_path: &'a str,
    scope: Scope,
    culprits: &'a mut Vec<Culprit>,
}

impl Bisection<'_> {
    /// Finds the culprits in `ops`; `presumed`: the set is known or taken to
    /// fail. Returns whether it failed.
    fn bisect(&mut self, ops: &[Operation], presumed: bool) -> bool {
        if let [(path, method, id)] = ops {
            return match self.attempt(ops) {
                Ok(()) => false,
                Err(reason) => {
                    self.culprits.push(Culprit {
                        path: path.clone(),
                        method: method.clone(),
                        id: id.clone(),
                        reason,
                    });
                    true
                }
            };
        }
        if ops.is_empty() || !presumed && self.attempt(ops).is_ok() {
            return false;
        }
        let (first, second) = ops.split_at(ops.len() / 2);
        let first_failed = self.bisect(first, false);
        let second_failed = self.bisect(second, !first_failed);
        first_failed || second_failed
    }

    fn attempt(&self, ops: &[Operation]) -> std::result::Result<(), String> {
        let subset = with_operations(self.spec, self.doc, ops, self.scope);
        attempt(&subset, self.crate_path).map(|_| ())
    }
}

/// `spec` with only `ops`, and the component schemas `scope` says (`doc` is
/// `spec` as JSON).
fn with_operations(spec: &OpenAPI, doc: &Value, ops: &[Operation], scope: Scope) -> OpenAPI {
    let keep: HashSet<(&str, &str)> = ops
        .iter()
        .map(|(path, method, _)| (path.as_str(), method.as_str()))
        .collect();
    let reached = match scope {
        Scope::Reached => {
            let mut roots = Vec::new();
            for (path, method, _) in ops {
                let item = doc.get("paths").and_then(|p| p.get(path));
                roots.extend(item.and_then(|i| i.get(method)));
                roots.extend(item.and_then(|i| i.get("parameters")));
            }
            Some(refs::reachable_schemas(doc, roots))
        }
        Scope::All => None,
    };
    let paths: HashSet<&str> = ops.iter().map(|(path, _, _)| path.as_str()).collect();
    let mut subset = schemas_only(spec, reached.as_ref());
    for (path, item) in &spec.paths.paths {
        if !paths.contains(path.as_str()) {
            continue;
        }
        let mut item = item.clone();
        if let openapiv3::ReferenceOr::Item(inner) = &mut item {
            for m in super::normalize::walk::methods() {
                if !keep.contains(&(path.as_str(), *m)) {
                    clear_method(inner, m);
                }
            }
        }
        subset.paths.paths.insert(path.clone(), item);
    }
    subset
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

    /// `spec` generated strictly, for the synthetic provider.
    fn generated(spec: &OpenAPI) -> Output {
        let facts = SpecFacts {
            path: "t.json",
            openapi: "3.0.3",
            sha256: "0",
        };
        generate(
            &crate::bench_support::synthetic::provider(),
            spec,
            &facts,
            true,
        )
        .expect("generates")
    }

    #[test]
    fn guarded_turns_a_panic_into_its_message() {
        let r: std::result::Result<(), String> = guarded(|| panic!("boom {}", 1));
        let message = r.unwrap_err();
        assert!(message.starts_with("boom 1 (at "), "{message}");
        assert_eq!(guarded(|| 7), Ok(7));
    }

    #[test]
    fn statuses_without_a_reason_phrase_and_options_requests_generate() {
        let spec: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/items": {"options": {
                "operationId": "itemOptions",
                "responses": {"204": {"description": "allowed methods"}}
            }, "get": {
                "operationId": "listItems",
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}},
                    "480": {"description": "vendor-specific", "content": {"application/json": {"schema": {"type": "string"}}}}
                }
            }}}
        }))
        .expect("a valid document");
        let output = generated(&spec);
        assert!(output.skipped.is_empty(), "{:?}", output.skipped);
        assert!(output.mock.to_string().contains("fn status_480"));
        // reqwest's client has no `options()`.
        assert!(
            output
                .client
                .to_string()
                .contains("request (:: reqwest :: Method :: OPTIONS , url)")
        );
    }

    #[test]
    fn parameters_with_one_rust_name_get_numbered_names() {
        let spec: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/messages": {"post": {
                "operationId": "listMessages",
                "parameters": [
                    {"name": "DateSent", "in": "query", "schema": {"type": "string"}},
                    {"name": "DateSent<", "in": "query", "schema": {"type": "string"}},
                    {"name": "DateSent>", "in": "query", "schema": {"type": "string"}},
                    {"name": "body", "in": "query", "schema": {"type": "string"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"204": {"description": "ok"}}
            }}}
        }))
        .expect("a valid document");
        let output = generated(&spec);
        let client = output.client.to_string();
        for name in [
            "fn date_sent <",
            "fn date_sent_2 <",
            "fn date_sent_3 <",
            "fn body_2 <",
        ] {
            assert!(client.contains(name), "{name} missing");
        }
        assert!(client.contains("\"DateSent<\""));
    }

    #[test]
    fn reasons_are_one_line_of_at_most_400_characters() {
        assert_eq!(
            one_line("invalid schema:\n{\n  \"type\": \"object\"\n}"),
            "invalid schema: { \"type\": \"object\" }"
        );
        let long = one_line(&"x ".repeat(500));
        assert_eq!(long.chars().count(), 401);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn short_file_keeps_the_crate_and_file() {
        assert_eq!(
            short_file("/x/registry/src/index/progenitor-impl-0.15.1/src/method.rs"),
            "progenitor-impl-0.15.1/src/method.rs"
        );
    }
}
