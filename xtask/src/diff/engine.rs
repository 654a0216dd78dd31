//! The comparison: operations matched across the two documents, then their
//! parameters, bodies and responses, then the schemas in them ([`super::schema`]).
//!
//! Linear-ish: operations are matched through hash maps, and each pair of
//! schemas reached through a `$ref` is compared once per direction (memoized);
//! later operations that reach the same pair only add themselves to the changes
//! found there. Recursive references stop at the pair being compared.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use super::model::{Change, Compiles, Level, Operation, Rust, Side};
use super::names;
use super::operations::{self, Op, Operations, Param, is_success, normalized_path};
use super::reach;

/// Whether a schema is read from requests or responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Sent by the client.
    Request,
    /// Received by the client.
    Response,
}

/// What a schema is the schema of (rule ids start with it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A parameter, with its location (`query`, `path`, `header`, `cookie`).
    Parameter(String),
    /// A request or response body (or its items).
    Body,
    /// A property, at any depth.
    Property,
}

/// The Rust type a schema would be generated as. Names are derived (with heck)
/// only when a change needs them, not for every schema compared.
#[derive(Clone, Debug)]
pub enum Ty {
    /// No named type is known (an inline schema inside an unnamed one).
    Unknown,
    /// An inline parameter schema: (operationId, parameter).
    Parameter(Rc<str>, Rc<str>),
    /// An inline request body schema of an operation.
    Body(Rc<str>),
    /// An inline response body schema of an operation.
    Response(Rc<str>),
    /// A name typify sanitizes: a component schema, an inline schema's `title`.
    Schema(Rc<str>),
    /// The inline schema of a property of a type.
    Property(Rc<Ty>, Rc<str>),
    /// The items of an array of a type.
    Item(Rc<Ty>),
    /// The values of a map of a type.
    Value(Rc<Ty>),
}

impl Ty {
    /// Whether [`Ty::name`] gives a name.
    pub fn known(&self) -> bool {
        match self {
            Ty::Unknown => false,
            Ty::Parameter(..) | Ty::Body(_) | Ty::Response(_) | Ty::Schema(_) => true,
            Ty::Property(parent, _) | Ty::Item(parent) | Ty::Value(parent) => parent.known(),
        }
    }

    /// The type's name in the generated `types` module.
    pub fn name(&self) -> Option<String> {
        match self {
            Ty::Unknown => None,
            Ty::Parameter(id, name) => Some(names::parameter_type(id, name)),
            Ty::Body(id) => Some(names::body_type(id)),
            Ty::Response(id) => Some(names::response_type(id)),
            Ty::Schema(raw) => Some(names::type_name(raw)),
            Ty::Property(parent, property) => {
                parent.name().map(|p| names::property_type(&p, property))
            }
            Ty::Item(parent) => parent.name().map(|p| names::item_type(&p)),
            Ty::Value(parent) => parent.name().map(|p| names::value_type(&p)),
        }
    }

    /// `Ty::Item(self)` (or unknown).
    pub fn child(&self, make: impl FnOnce(Rc<Ty>) -> Ty) -> Ty {
        if self.known() {
            make(Rc::new(self.clone()))
        } else {
            Ty::Unknown
        }
    }
}

/// A generated item, rendered only when a change names it.
#[derive(Clone, Debug)]
pub enum Holder {
    /// An operation's method: `Client::x`.
    Method(Rc<str>),
    /// A parameter's builder setter: `builder::X::param`.
    Setter(Rc<str>, Rc<str>),
    /// The request body's builder setter: `builder::X::body`.
    Body(Rc<str>),
    /// A type: `types::X`.
    Type(Rc<Ty>),
    /// A struct field: `types::X::field`.
    Field(Rc<Ty>, Rc<str>),
}

impl Holder {
    /// The item's path.
    pub fn render(&self) -> String {
        match self {
            Holder::Method(id) => format!("Client::{}", names::method_name(id)),
            Holder::Setter(id, name) => format!(
                "builder::{}::{}",
                names::builder_name(id),
                names::setter_name(name)
            ),
            Holder::Body(id) => format!("builder::{}::body", names::builder_name(id)),
            Holder::Type(ty) => format!("types::{}", ty.name().unwrap_or_default()),
            Holder::Field(ty, property) => format!(
                "types::{}::{}",
                ty.name().unwrap_or_default(),
                names::field_name(property)
            ),
        }
    }
}

/// Where in the Rust and in the document a schema being compared is.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// Request or response.
    pub dir: Dir,
    /// Parameter, body or property.
    pub subject: Subject,
    /// How messages name it: `GPUClusterCreateRequest.cuda_version`, `limit`; empty for a body.
    pub label: String,
    /// The status of the response it is in, while it is known.
    pub status: Option<Rc<str>>,
    /// The Rust type the schema would be generated as, when it gets a named type.
    pub ty: Ty,
    /// The Rust item that holds it (struct field, builder setter), if any.
    pub field: Option<Holder>,
    /// The nearest Rust item, for changes nothing more precise names.
    pub item: Holder,
    /// The nearest component schema around it in the old document.
    pub old_owner: Option<Rc<str>>,
    /// For a property: whether it is required in the old and in the new document.
    pub required: Option<(bool, bool)>,
    /// Nesting depth (a guard against pathological documents).
    pub depth: usize,
}

impl Ctx {
    /// The start of the rule ids of changes to this schema.
    pub fn prefix(&self) -> &'static str {
        match (&self.subject, self.dir) {
            (Subject::Parameter(_), _) => "request-parameter",
            (Subject::Body, Dir::Request) => "request-body",
            (Subject::Body, Dir::Response) => "response-body",
            (Subject::Property, Dir::Request) => "request-property",
            (Subject::Property, Dir::Response) => "response-property",
        }
    }

    /// How a message names the schema: "request property `A.b`", "query parameter `limit`".
    pub fn phrase(&self) -> String {
        match &self.subject {
            Subject::Parameter(location) => format!("{location} parameter `{}`", self.label),
            Subject::Body => {
                let what = match (self.dir, &self.status) {
                    (Dir::Request, _) => "request body".to_string(),
                    (Dir::Response, Some(status)) => format!("`{status}` response body"),
                    (Dir::Response, None) => "response body".to_string(),
                };
                if self.label.is_empty() {
                    what
                } else {
                    format!("{what} `{}`", self.label)
                }
            }
            Subject::Property => {
                let dir = match self.dir {
                    Dir::Request => "request",
                    Dir::Response => "response",
                };
                format!("{dir} property `{}`", self.label)
            }
        }
    }

    /// The generated item a change to the schema itself touches: the field or
    /// setter holding it, else its type, else the nearest item.
    pub fn holder(&self) -> Holder {
        match &self.field {
            Some(field) => field.clone(),
            None if self.ty.known() => Holder::Type(Rc::new(self.ty.clone())),
            None => self.item.clone(),
        }
    }

    /// [`Ctx::holder`], rendered.
    pub fn items(&self) -> Vec<String> {
        vec![self.holder().render()]
    }
}

struct Pending {
    change: Change,
    ops: BTreeSet<usize>,
}

#[derive(Default)]
struct Entry {
    changes: Vec<usize>,
    children: Vec<usize>,
    done: bool,
    /// Whether any change may be found under it (set when done; a child still
    /// being compared, a recursive reference, counts as maybe).
    tainted: bool,
}

type MemoKey = (String, String, Dir, Subject);

/// The state of one comparison.
pub struct Differ<'a> {
    /// The old document, normalized.
    pub old: &'a Value,
    /// The new document, normalized.
    pub new: &'a Value,
    /// Component schemas requests reach in the old document (which response
    /// enums are open), computed when first needed.
    requests_old: Option<HashSet<String>>,
    ops: Vec<Operation>,
    current: Option<usize>,
    pending: Vec<Pending>,
    memo: HashMap<MemoKey, usize>,
    entries: Vec<Entry>,
    stack: Vec<usize>,
    marks: Vec<u32>,
    generation: u32,
}

/// Compares two normalized documents; returns every change, unsorted.
pub fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut d = Differ {
        old,
        new,
        requests_old: None,
        ops: Vec::new(),
        current: None,
        pending: Vec::new(),
        memo: HashMap::new(),
        entries: Vec::new(),
        stack: Vec::new(),
        marks: Vec::new(),
        generation: 0,
    };
    d.run();
    d.finish()
}

impl<'a> Differ<'a> {
    /// Whether the old document's requests reach the component schema `name`.
    pub fn request_reaches(&mut self, name: &str) -> bool {
        self.requests_old
            .get_or_insert_with(|| reach::from_requests(self.old))
            .contains(name)
    }

    /// Records a change found while comparing the current operation.
    pub fn emit(
        &mut self,
        rule: String,
        level: Level,
        (pointer, side): (&str, Side),
        message: String,
        rust: Rust,
    ) {
        let index = self.pending.len();
        self.pending.push(Pending {
            change: Change {
                rule,
                level,
                operations: Vec::new(),
                pointer: pointer.to_string(),
                side,
                message,
                rust,
            },
            ops: self.current.into_iter().collect(),
        });
        if let Some(&top) = self.stack.last() {
            self.entries[top].changes.push(index);
        }
    }

    /// Compares a pair once per key: `true` when the caller should compare it now
    /// (and call [`Differ::leave`] after), `false` when it was compared before or
    /// is being compared further up (a recursive reference).
    pub fn enter(&mut self, key: MemoKey) -> bool {
        if let Some(&entry) = self.memo.get(&key) {
            if let Some(&top) = self.stack.last() {
                self.entries[top].children.push(entry);
            }
            if self.entries[entry].done {
                self.attribute(entry);
            }
            return false;
        }
        let entry = self.entries.len();
        self.entries.push(Entry::default());
        self.memo.insert(key, entry);
        if let Some(&top) = self.stack.last() {
            self.entries[top].children.push(entry);
        }
        self.stack.push(entry);
        true
    }

    /// Ends the comparison [`Differ::enter`] started.
    pub fn leave(&mut self) {
        if let Some(entry) = self.stack.pop() {
            let tainted = !self.entries[entry].changes.is_empty()
                || self.entries[entry]
                    .children
                    .iter()
                    .any(|&c| !self.entries[c].done || self.entries[c].tainted);
            self.entries[entry].done = true;
            self.entries[entry].tainted = tainted;
        }
    }

    /// Adds the current operation to every change found under `entry`.
    fn attribute(&mut self, entry: usize) {
        let Some(op) = self.current else { return };
        if !self.entries[entry].tainted {
            return;
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.generation = 1;
        }
        self.marks.resize(self.entries.len(), 0);
        let mut stack = vec![entry];
        while let Some(e) = stack.pop() {
            if self.marks[e] == self.generation {
                continue;
            }
            self.marks[e] = self.generation;
            for &c in &self.entries[e].changes {
                self.pending[c].ops.insert(op);
            }
            let entries = &self.entries;
            stack.extend(
                entries[e]
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| !entries[c].done || entries[c].tainted),
            );
        }
    }

    fn run(&mut self) {
        let old_ops = Operations::of(self.old);
        let new_ops = Operations::of(self.new);
        let pairs = match_operations(&old_ops.list, &new_ops.list);
        let new_paths: HashSet<String> = new_ops
            .list
            .iter()
            .map(|op| normalized_path(op.path))
            .collect();
        for (o, n) in pairs {
            let shown = match (o, n) {
                (_, Some(n)) => &new_ops.list[n],
                (Some(o), None) => &old_ops.list[o],
                (None, None) => continue,
            };
            self.ops.push(Operation {
                method: shown.method.to_ascii_uppercase(),
                path: shown.path.to_string(),
                operation_id: shown.operation_id().to_string(),
            });
            self.current = Some(self.ops.len() - 1);
            match (o, n) {
                (Some(o), Some(n)) => {
                    let (o, n) = (&old_ops.list[o], &new_ops.list[n]);
                    if o.method != n.method || normalized_path(o.path) != normalized_path(n.path) {
                        self.moved_operation(o, n);
                    }
                    self.operation(o, n);
                }
                (Some(o), None) => {
                    let path_gone = !new_paths.contains(&normalized_path(old_ops.list[o].path));
                    self.removed_operation(&old_ops.list[o], path_gone);
                }
                (None, Some(n)) => self.added_operation(&new_ops.list[n]),
                (None, None) => {}
            }
        }
        self.current = None;
        self.unused_schemas();
        self.servers();
    }

    /// The first server URL: where a client built from the document sends calls
    /// unless told otherwise.
    fn servers(&mut self) {
        let first = |doc: &Value| {
            doc.pointer("/servers/0/url")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let (old, new) = (first(self.old), first(self.new));
        if old == new {
            return;
        }
        let show = |url: &Option<String>| url.clone().unwrap_or_else(|| "(none)".into());
        self.emit(
            "server-url-changed".into(),
            Level::Warn,
            ("/servers", Side::Head),
            format!("the base URL changed from `{}` to `{}`", show(&old), show(&new)),
            Rust {
                items: vec!["DEFAULT_BASE_URL".into(), "BASE_URLS".into()],
                compiles: Compiles::Yes,
                note: "the constants come from `default_base_url` and `base_urls` in specs/providers.toml: update them; code that passes a base URL to `Client::with_api_key` passes the new one".into(),
            },
        );
    }

    fn finish(self) -> Vec<Change> {
        let mut out: Vec<Change> = Vec::new();
        let mut seen: HashMap<(String, Side, String, String), usize> = HashMap::new();
        for p in self.pending {
            let mut change = p.change;
            change.operations = p.ops.iter().map(|&i| self.ops[i].clone()).collect();
            let key = (
                change.rule.clone(),
                change.side,
                change.pointer.clone(),
                change.message.clone(),
            );
            match seen.get(&key) {
                Some(&i) => {
                    let existing: &mut Change = &mut out[i];
                    for op in change.operations {
                        if !existing.operations.contains(&op) {
                            existing.operations.push(op);
                        }
                    }
                    for item in change.rust.items {
                        if !existing.rust.items.contains(&item) {
                            existing.rust.items.push(item);
                        }
                    }
                    existing.level = existing.level.max(change.level);
                    existing.rust.compiles = existing.rust.compiles.max(change.rust.compiles);
                }
                None => {
                    seen.insert(key, out.len());
                    out.push(change);
                }
            }
        }
        out
    }

    fn added_operation(&mut self, n: &Op<'a>) {
        let id = n.operation_id();
        self.emit(
            "endpoint-added".into(),
            Level::Info,
            (&n.pointer, Side::Head),
            format!(
                "added `{} {}` (operationId `{id}`)",
                n.method.to_ascii_uppercase(),
                n.path
            ),
            Rust {
                items: vec![format!("Client::{}", names::method_name(id))],
                compiles: Compiles::Yes,
                note: "a new method; nothing existing changes".into(),
            },
        );
    }

    /// The same operationId under another method or path: one change, not a
    /// removal and an addition.
    fn moved_operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let id = n.operation_id();
        let method = names::method_name(id);
        self.emit(
            "api-operation-moved".into(),
            Level::Err,
            (&n.pointer, Side::Head),
            format!(
                "`{} {}` moved to `{} {}` (operationId `{id}` kept)",
                o.method.to_ascii_uppercase(),
                o.path,
                n.method.to_ascii_uppercase(),
                n.path
            ),
            Rust {
                items: vec![format!("Client::{method}")],
                compiles: Compiles::Yes,
                note: format!(
                    "`{method}` keeps its name: calls compile after regen and go to the new path; a client built from the old document calls the old one, which stops answering"
                ),
            },
        );
    }

    fn removed_operation(&mut self, o: &Op<'a>, path_gone: bool) {
        let id = o.operation_id();
        let deprecated = o.deprecated();
        let (rule, level) = match (path_gone, deprecated) {
            (true, false) => ("api-path-removed-without-deprecation", Level::Err),
            (true, true) => ("api-path-removed-with-deprecation", Level::Warn),
            (false, false) => ("api-removed-without-deprecation", Level::Err),
            (false, true) => ("api-removed-with-deprecation", Level::Warn),
        };
        let what = if path_gone {
            format!(
                "removed the path `{}` and its `{}`",
                o.path,
                o.method.to_ascii_uppercase()
            )
        } else {
            format!("removed `{} {}`", o.method.to_ascii_uppercase(), o.path)
        };
        let how = if deprecated {
            "(it was deprecated)"
        } else {
            "without deprecating it first"
        };
        self.emit(
            rule.into(),
            level,
            (&o.pointer, Side::Base),
            format!("{what} {how}"),
            Rust {
                items: vec![
                    format!("Client::{}", names::method_name(id)),
                    format!("builder::{}", names::builder_name(id)),
                ],
                compiles: Compiles::No,
                note: "the method and its builder disappear: every call stops compiling".into(),
            },
        );
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let (old_id, new_id) = (o.operation_id(), n.operation_id());
        if old_id != new_id {
            let (old_method, new_method) = (names::method_name(old_id), names::method_name(new_id));
            let renamed = old_method != new_method;
            self.emit(
                "api-operation-id-removed".into(),
                if renamed { Level::Err } else { Level::Info },
                (&format!("{}/operationId", n.pointer), Side::Head),
                format!("operationId `{old_id}` replaced with `{new_id}`"),
                if renamed {
                    Rust {
                        items: vec![
                            format!("Client::{old_method}"),
                            format!("Client::{new_method}"),
                        ],
                        compiles: Compiles::No,
                        note: format!(
                            "the method is renamed `{old_method}` → `{new_method}` (and its builder, and inline types named after the operation)"
                        ),
                    }
                } else {
                    Rust {
                        items: vec![format!("Client::{new_method}")],
                        compiles: Compiles::Yes,
                        note: "the generated names are the same".into(),
                    }
                },
            );
        }
        let unchanged = Rust {
            items: vec![format!("Client::{}", names::method_name(new_id))],
            compiles: Compiles::Yes,
            note: "nothing changes in the generated code".into(),
        };
        match (o.deprecated(), n.deprecated()) {
            (false, true) => self.emit(
                "endpoint-deprecated".into(),
                Level::Info,
                (&format!("{}/deprecated", n.pointer), Side::Head),
                "endpoint deprecated".into(),
                unchanged,
            ),
            (true, false) => self.emit(
                "endpoint-reactivated".into(),
                Level::Info,
                (&n.pointer, Side::Head),
                "endpoint no longer deprecated".into(),
                unchanged,
            ),
            _ => {}
        }
        self.parameters(o, n);
        self.request_body(o, n);
        self.responses(o, n);
    }

    fn parameters(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let old_params = operations::parameters(self.old, o);
        let new_params = operations::parameters(self.new, n);
        let id: Rc<str> = n.operation_id().into();
        let setter_of = |name: &str| Holder::Setter(id.clone(), name.into());
        let key = |p: &Param<'_>| {
            let name = if p.location == "header" {
                p.name.to_ascii_lowercase()
            } else {
                p.name.to_string()
            };
            (p.location.to_string(), name)
        };
        let new_index: HashMap<(String, String), usize> = new_params
            .iter()
            .enumerate()
            .map(|(i, p)| (key(p), i))
            .collect();
        let mut matched = vec![false; new_params.len()];
        for op in &old_params {
            let Some(&i) = new_index.get(&key(op)) else {
                let setter = setter_of(op.name).render();
                self.emit(
                    "request-parameter-removed".into(),
                    Level::Warn,
                    (&op.pointer, Side::Base),
                    format!("removed the {} parameter `{}`", op.location, op.name),
                    Rust {
                        items: vec![setter],
                        compiles: Compiles::No,
                        note: "the builder setter disappears: calls to it stop compiling".into(),
                    },
                );
                continue;
            };
            matched[i] = true;
            let np = &new_params[i];
            let holder = setter_of(np.name);
            let setter = || holder.render();
            match (op.required, np.required) {
                (false, true) => self.emit(
                    "request-parameter-became-required".into(),
                    Level::Err,
                    (&np.pointer, Side::Head),
                    format!("the {} parameter `{}` became required", np.location, np.name),
                    Rust {
                        items: vec![setter()],
                        compiles: Compiles::Yes,
                        note: format!(
                            "compiles; `send()` fails (\"{} was not initialized\") where the setter is not called",
                            names::setter_name(np.name)
                        ),
                    },
                ),
                (true, false) => self.emit(
                    "request-parameter-became-optional".into(),
                    Level::Info,
                    (&np.pointer, Side::Head),
                    format!("the {} parameter `{}` became optional", np.location, np.name),
                    Rust {
                        items: vec![setter()],
                        compiles: Compiles::Yes,
                        note: "the setter keeps its signature".into(),
                    },
                ),
                _ => {}
            }
            match (op.deprecated, np.deprecated) {
                (false, true) => self.emit(
                    "request-parameter-deprecated".into(),
                    Level::Info,
                    (&np.pointer, Side::Head),
                    format!("the {} parameter `{}` was deprecated", np.location, np.name),
                    Rust {
                        items: vec![setter()],
                        compiles: Compiles::Yes,
                        note: "nothing changes in the generated code".into(),
                    },
                ),
                (true, false) => self.emit(
                    "request-parameter-reactivated".into(),
                    Level::Info,
                    (&np.pointer, Side::Head),
                    format!(
                        "the {} parameter `{}` is no longer deprecated",
                        np.location, np.name
                    ),
                    Rust {
                        items: vec![setter()],
                        compiles: Compiles::Yes,
                        note: "nothing changes in the generated code".into(),
                    },
                ),
                _ => {}
            }
            if let (Some((os, optr)), Some((ns, nptr))) = (&op.schema, &np.schema) {
                let ctx = Ctx {
                    dir: Dir::Request,
                    subject: Subject::Parameter(np.location.to_string()),
                    label: np.name.to_string(),
                    status: None,
                    ty: Ty::Parameter(id.clone(), np.name.into()),
                    field: Some(holder.clone()),
                    item: holder.clone(),
                    old_owner: None,
                    required: None,
                    depth: 0,
                };
                self.schema(os, optr.clone(), ns, nptr.clone(), &ctx);
            }
        }
        for (np, _) in new_params.iter().zip(&matched).filter(|(_, m)| !**m) {
            let setter = setter_of(np.name).render();
            if np.required {
                self.emit(
                    "new-required-request-parameter".into(),
                    Level::Err,
                    (&np.pointer, Side::Head),
                    format!("added the required {} parameter `{}`", np.location, np.name),
                    Rust {
                        items: vec![setter],
                        compiles: Compiles::Yes,
                        note: format!(
                            "compiles; `send()` fails (\"{} was not initialized\") until callers set it",
                            names::setter_name(np.name)
                        ),
                    },
                );
            } else {
                self.emit(
                    "new-optional-request-parameter".into(),
                    Level::Info,
                    (&np.pointer, Side::Head),
                    format!("added the optional {} parameter `{}`", np.location, np.name),
                    Rust {
                        items: vec![setter],
                        compiles: Compiles::Yes,
                        note: "a new builder setter; nothing existing changes".into(),
                    },
                );
            }
        }
    }

    fn request_body(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let id: Rc<str> = n.operation_id().into();
        let holder = Holder::Body(id.clone());
        let setter = || holder.render();
        let old_body =
            o.op.get("requestBody")
                .map(|b| operations::body(self.old, b, format!("{}/requestBody", o.pointer)));
        let new_body =
            n.op.get("requestBody")
                .map(|b| operations::body(self.new, b, format!("{}/requestBody", n.pointer)));
        let (ob, nb) = match (old_body, new_body) {
            (None, None) => return,
            (None, Some(nb)) => {
                let (rule, level, note) = if nb.required {
                    (
                        "request-body-added-required",
                        Level::Err,
                        "compiles; `send()` fails until callers set `.body(..)`",
                    )
                } else {
                    (
                        "request-body-added-optional",
                        Level::Info,
                        "a new `body` setter; nothing existing changes",
                    )
                };
                let what = if nb.required { "required" } else { "optional" };
                self.emit(
                    rule.into(),
                    level,
                    (&nb.pointer, Side::Head),
                    format!("added a {what} request body"),
                    Rust {
                        items: vec![setter()],
                        compiles: Compiles::Yes,
                        note: note.into(),
                    },
                );
                return;
            }
            (Some(ob), None) => {
                self.emit(
                    "request-body-removed".into(),
                    Level::Warn,
                    (&ob.pointer, Side::Base),
                    "removed the request body".into(),
                    Rust {
                        items: vec![setter(), format!("{}_map", setter())],
                        compiles: Compiles::No,
                        note: "the `body` and `body_map` setters disappear".into(),
                    },
                );
                return;
            }
            (Some(ob), Some(nb)) => (ob, nb),
        };
        match (ob.required, nb.required) {
            (false, true) => self.emit(
                "request-body-became-required".into(),
                Level::Err,
                (&nb.pointer, Side::Head),
                "the request body became required".into(),
                Rust {
                    items: vec![setter()],
                    compiles: Compiles::Yes,
                    note: "compiles; requests without a body are refused".into(),
                },
            ),
            (true, false) => self.emit(
                "request-body-became-optional".into(),
                Level::Info,
                (&nb.pointer, Side::Head),
                "the request body became optional".into(),
                Rust {
                    items: vec![setter()],
                    compiles: Compiles::Yes,
                    note: "nothing changes for existing callers".into(),
                },
            ),
            _ => {}
        }
        self.media_types(&ob, &nb, Dir::Request, None, &holder);
        for (media, old_schema) in &ob.content {
            let Some((_, new_schema)) = nb.content.iter().find(|(m, _)| m == media) else {
                continue;
            };
            if let (Some((os, optr)), Some((ns, nptr))) = (old_schema, new_schema) {
                let ctx = Ctx {
                    dir: Dir::Request,
                    subject: Subject::Body,
                    label: String::new(),
                    status: None,
                    ty: Ty::Body(id.clone()),
                    field: None,
                    item: holder.clone(),
                    old_owner: None,
                    required: None,
                    depth: 0,
                };
                self.schema(os, optr.clone(), ns, nptr.clone(), &ctx);
            }
        }
    }

    fn media_types(
        &mut self,
        ob: &operations::Body<'a>,
        nb: &operations::Body<'a>,
        dir: Dir,
        status: Option<&str>,
        item: &Holder,
    ) {
        let old: HashSet<&str> = ob.content.iter().map(|(m, _)| m.as_str()).collect();
        let new: HashSet<&str> = nb.content.iter().map(|(m, _)| m.as_str()).collect();
        let (prefix, whose) = match (dir, status) {
            (Dir::Request, _) => ("request-body", "the request body".to_string()),
            (Dir::Response, Some(s)) => ("response", format!("the `{s}` response")),
            (Dir::Response, None) => ("response", "the response".to_string()),
        };
        for (media, _) in &ob.content {
            if !new.contains(media.as_str()) {
                self.emit(
                    format!("{prefix}-media-type-removed"),
                    Level::Err,
                    (&ob.pointer, Side::Base),
                    format!("removed the media type `{media}` from {whose}"),
                    Rust {
                        items: vec![item.render()],
                        compiles: if is_json(media) {
                            Compiles::Maybe
                        } else {
                            Compiles::Yes
                        },
                        note: if is_json(media) {
                            "the generated client only speaks JSON: its body type may change".into()
                        } else {
                            "the generated client uses JSON; no change".into()
                        },
                    },
                );
            }
        }
        for (media, _) in &nb.content {
            if !old.contains(media.as_str()) {
                self.emit(
                    format!("{prefix}-media-type-added"),
                    Level::Info,
                    (&nb.pointer, Side::Head),
                    format!("added the media type `{media}` to {whose}"),
                    Rust {
                        items: vec![item.render()],
                        compiles: if is_json(media) {
                            Compiles::Maybe
                        } else {
                            Compiles::Yes
                        },
                        note: if is_json(media) {
                            "the generated client only speaks JSON: its body type may change".into()
                        } else {
                            "the generated client uses JSON; no change".into()
                        },
                    },
                );
            }
        }
    }

    fn responses(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let id: Rc<str> = n.operation_id().into();
        let holder = Holder::Method(id.clone());
        let method = || holder.render();
        let old_responses = operations::responses(o);
        let new_responses = operations::responses(n);
        let new_index: HashMap<String, usize> = new_responses
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.to_ascii_uppercase(), i))
            .collect();
        let old_index: HashSet<String> = old_responses
            .iter()
            .map(|(s, _)| s.to_ascii_uppercase())
            .collect();
        let responses_pointer = |op: &Op<'_>, status: &str| {
            super::flat::pointer_push(&format!("{}/responses", op.pointer), status)
        };
        for (status, old_raw) in &old_responses {
            let Some(&i) = new_index.get(&status.to_ascii_uppercase()) else {
                let (rule, level, what) = if is_success(status) {
                    ("response-success-status-removed", Level::Err, "success")
                } else {
                    (
                        "response-non-success-status-removed",
                        Level::Info,
                        "non-success",
                    )
                };
                self.emit(
                    rule.into(),
                    level,
                    (&responses_pointer(o, status), Side::Base),
                    format!("removed the {what} response `{status}`"),
                    Rust {
                        items: vec![method()],
                        compiles: Compiles::Maybe,
                        note: format!(
                            "`send()`'s {} type may change",
                            if is_success(status) {
                                "success"
                            } else {
                                "error"
                            }
                        ),
                    },
                );
                continue;
            };
            let (new_status, new_raw) = new_responses[i];
            let ob = operations::body(self.old, old_raw, responses_pointer(o, status));
            let nb = operations::body(self.new, new_raw, responses_pointer(n, new_status));
            self.media_types(&ob, &nb, Dir::Response, Some(new_status), &holder);
            for (media, old_schema) in &ob.content {
                let Some((_, new_schema)) = nb.content.iter().find(|(m, _)| m == media) else {
                    continue;
                };
                if let (Some((os, optr)), Some((ns, nptr))) = (old_schema, new_schema) {
                    let ctx = Ctx {
                        dir: Dir::Response,
                        subject: Subject::Body,
                        label: String::new(),
                        status: Some(new_status.into()),
                        ty: Ty::Response(id.clone()),
                        field: None,
                        item: holder.clone(),
                        old_owner: None,
                        required: None,
                        depth: 0,
                    };
                    self.schema(os, optr.clone(), ns, nptr.clone(), &ctx);
                }
            }
        }
        for (status, _) in &new_responses {
            if old_index.contains(&status.to_ascii_uppercase()) {
                continue;
            }
            let (rule, what, note) = if is_success(status) {
                (
                    "response-success-status-added",
                    "success",
                    "`send()`'s success type may change; old clients return `Error::UnexpectedResponse` for it",
                )
            } else {
                (
                    "response-non-success-status-added",
                    "non-success",
                    "`send()`'s error type may change",
                )
            };
            self.emit(
                rule.into(),
                Level::Info,
                (&responses_pointer(n, status), Side::Head),
                format!("added the {what} response `{status}`"),
                Rust {
                    items: vec![method()],
                    compiles: Compiles::Maybe,
                    note: note.into(),
                },
            );
        }
    }

    /// Component schemas removed that no operation used: the API is the same, but
    /// `types::X` disappears. (Used ones show up where they were used.)
    fn unused_schemas(&mut self) {
        let schemas = |doc: &'a Value| {
            doc.get("components")
                .and_then(|c| c.get("schemas"))
                .and_then(Value::as_object)
        };
        let Some(old) = schemas(self.old) else { return };
        let new = schemas(self.new);
        if old
            .keys()
            .all(|name| new.is_some_and(|n| n.contains_key(name)))
        {
            return;
        }
        let used = reach::from_operations(self.old);
        let removed: Vec<String> = old
            .keys()
            .filter(|name| new.is_none_or(|n| !n.contains_key(*name)))
            .filter(|name| !used.contains(*name))
            .cloned()
            .collect();
        for name in removed {
            let ty = names::type_name(&name);
            self.emit(
                "api-schema-removed".into(),
                Level::Info,
                (
                    &super::flat::pointer_push("/components/schemas", &name),
                    Side::Base,
                ),
                format!("removed the schema `{name}`, which no operation used"),
                Rust {
                    items: vec![format!("types::{ty}")],
                    compiles: Compiles::No,
                    note: format!("`types::{ty}` disappears: code naming it stops compiling"),
                },
            );
        }
    }
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim();
    m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
}

/// Pairs old and new operations: same method and path first, then same method
/// and path up to parameter names (`/a/{id}` ~ `/a/{cluster_id}`) when that is
/// unambiguous. Old order first (with removed ones), then added ones.
fn match_operations(old: &[Op<'_>], new: &[Op<'_>]) -> Vec<(Option<usize>, Option<usize>)> {
    let exact: HashMap<(&str, &str), usize> = new
        .iter()
        .enumerate()
        .map(|(i, op)| ((op.method, op.path), i))
        .collect();
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = old
        .iter()
        .map(|op| {
            let found = exact.get(&(op.method, op.path)).copied();
            if let Some(i) = found {
                taken[i] = true;
            }
            (None, found)
        })
        .collect();
    for (i, pair) in pairs.iter_mut().enumerate() {
        pair.0 = Some(i);
    }
    let mut loose: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, op) in new.iter().enumerate() {
        if !taken[i] {
            loose
                .entry((op.method, normalized_path(op.path)))
                .or_default()
                .push(i);
        }
    }
    let mut unmatched_old: HashMap<(&str, String), usize> = HashMap::new();
    for (i, pair) in pairs.iter().enumerate() {
        if pair.1.is_none() {
            *unmatched_old
                .entry((old[i].method, normalized_path(old[i].path)))
                .or_default() += 1;
        }
    }
    for (i, pair) in pairs.iter_mut().enumerate() {
        if pair.1.is_some() {
            continue;
        }
        let key = (old[i].method, normalized_path(old[i].path));
        if unmatched_old.get(&key) == Some(&1)
            && let Some(candidates) = loose.get(&key)
            && candidates.len() == 1
        {
            pair.1 = Some(candidates[0]);
            taken[candidates[0]] = true;
        }
    }
    // Then by operationId, when it names one unmatched operation on each side:
    // the operation moved to another path or method.
    let unmatched_new: HashMap<&str, Vec<usize>> = new
        .iter()
        .enumerate()
        .filter(|(i, op)| !taken[*i] && !op.operation_id().is_empty())
        .fold(HashMap::new(), |mut map, (i, op)| {
            map.entry(op.operation_id()).or_default().push(i);
            map
        });
    let mut old_ids: HashMap<&str, usize> = HashMap::new();
    for (i, pair) in pairs.iter().enumerate() {
        if pair.1.is_none() && !old[i].operation_id().is_empty() {
            *old_ids.entry(old[i].operation_id()).or_default() += 1;
        }
    }
    for (i, pair) in pairs.iter_mut().enumerate() {
        let id = old[i].operation_id();
        if pair.1.is_some() || old_ids.get(id) != Some(&1) {
            continue;
        }
        if let Some(candidates) = unmatched_new.get(id)
            && candidates.len() == 1
            && !taken[candidates[0]]
        {
            pair.1 = Some(candidates[0]);
            taken[candidates[0]] = true;
        }
    }
    pairs.extend(
        taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(i, _)| (None, Some(i))),
    );
    pairs
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operations_match_by_path_then_by_path_shape() {
        let old = json!({"paths": {
            "/a/{id}": {"get": {}, "delete": {}},
            "/b": {"get": {}}
        }});
        let new = json!({"paths": {
            "/a/{cluster_id}": {"get": {}},
            "/c": {"get": {}},
            "/b": {"get": {}}
        }});
        let (o, n) = (Operations::of(&old), Operations::of(&new));
        let pairs = match_operations(&o.list, &n.list);
        let show = |(a, b): &(Option<usize>, Option<usize>)| {
            (
                a.map(|i| format!("{} {}", o.list[i].method, o.list[i].path)),
                b.map(|i| format!("{} {}", n.list[i].method, n.list[i].path)),
            )
        };
        let shown: Vec<_> = pairs.iter().map(show).collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            shown,
            [
                (s("get /a/{id}"), s("get /a/{cluster_id}")),
                (s("delete /a/{id}"), None),
                (s("get /b"), s("get /b")),
                (None, s("get /c")),
            ]
        );
    }

    #[test]
    fn types_are_named_lazily_and_like_typify() {
        let parent = Rc::new(Ty::Schema("GPUClusterCreateRequest".into()));
        let gpu_type = Ty::Property(parent.clone(), "gpu_type".into());
        assert_eq!(
            gpu_type.name().as_deref(),
            Some("GpuClusterCreateRequestGpuType")
        );
        assert_eq!(
            Holder::Field(parent, "cuda_version".into()).render(),
            "types::GpuClusterCreateRequest::cuda_version"
        );
        assert!(!Ty::Unknown.child(Ty::Item).known());
        assert_eq!(
            Holder::Setter("GPUClusterService_Get".into(), "cluster_id".into()).render(),
            "builder::GpuClusterServiceGet::cluster_id"
        );
        assert_eq!(
            Ty::Parameter("Things_List".into(), "kind".into())
                .name()
                .as_deref(),
            Some("ThingsListKind")
        );
    }
}
