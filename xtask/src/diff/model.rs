//! What a diff reports: changes, their levels, and what they do to the generated Rust.

use std::fmt;

/// How much a change matters to clients (oasdiff's levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Non-breaking.
    Info,
    /// May break clients; cannot be confirmed mechanically.
    Warn,
    /// Breaks clients.
    Err,
}

impl Level {
    /// `ERR`, `WARN` or `INFO`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Err => "ERR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
        }
    }

    /// All levels, most severe first.
    pub const ALL: [Level; 3] = [Level::Err, Level::Warn, Level::Info];
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether user code that compiles against today's generated crate still compiles
/// after regenerating from the new document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compiles {
    /// Nothing that compiles today stops compiling.
    Yes,
    /// Some code stops compiling (e.g. struct literals, exhaustive `match`es).
    Maybe,
    /// Code that uses the touched items stops compiling.
    No,
}

impl Compiles {
    /// `yes`, `maybe` or `no`.
    pub fn as_str(self) -> &'static str {
        match self {
            Compiles::Yes => "yes",
            Compiles::Maybe => "maybe",
            Compiles::No => "no",
        }
    }
}

/// Which document a change's pointer points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The old document (for things that were removed).
    Base,
    /// The new document.
    Head,
}

impl Side {
    /// `base` or `head`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::Head => "head",
        }
    }
}

/// One operation, as a change's location names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The operationId (after normalization, which fills in missing ones).
    pub operation_id: String,
}

impl Operation {
    /// `POST /api/v1/gpu_cluster`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What a change does to the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rust {
    /// Generated items it touches, e.g. `types::GpuClusterCreateRequest::cuda_version`,
    /// `Client::gpu_cluster_service_create`.
    pub items: Vec<String>,
    /// Whether code that compiles today still compiles.
    pub compiles: Compiles,
    /// One line on what happens to user code (at build time and at run time).
    pub note: String,
}

/// One classified change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Stable rule id, oasdiff's where oasdiff has one (`new-required-request-property`).
    pub rule: String,
    /// ERR, WARN or INFO.
    pub level: Level,
    /// The operations it affects, in document order (empty for document-level changes).
    pub operations: Vec<Operation>,
    /// JSON pointer (RFC 6901) to the changed node.
    pub pointer: String,
    /// Which document `pointer` points into.
    pub side: Side,
    /// One line saying what changed.
    pub message: String,
    /// What it does to the generated Rust.
    pub rust: Rust,
}

/// The outcome of comparing two documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// What the old document is (`HEAD:specs/together/openapi.yaml`, a file name).
    pub base: String,
    /// What the new document is.
    pub head: String,
    /// Every change, most severe first, then by path, method and pointer.
    pub changes: Vec<Change>,
    /// When a selection applied: what it is and how much of each side it left
    /// out (nothing outside it is compared).
    pub selection: Option<String>,
}

impl Report {
    /// How many changes have `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// The most severe level present, if any change is.
    pub fn max_level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }
}
