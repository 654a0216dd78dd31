//! The normalization corpus (`xtask/corpus/corpus.toml`): every document
//! normalizes into one progenitor accepts, exercises the pass it is about, and
//! its generated client in `xtask/corpus/src/` is current.
//!
//! The clients themselves are compiled and called by
//! `xtask/corpus/tests/roundtrip.rs` (`cargo test -p cloud-clusters-corpus`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::regen::{Options, Prepared, prepare_selected, run};
use xtask::shared::config::{self, Provider};

const CORPUS: &str = "xtask/corpus/corpus.toml";

/// What each corpus entry is about: the normalization passes its document must
/// trigger. `open-enums` and `mock-fixes` are post-generation steps (reported
/// in `Row::opened_enums` and `Row::mocks_mended`, not by a pass). An empty list means progenitor takes
/// the construct as it is: the document then needs nothing but `openapi-version`.
const EXPECTED: &[(&str, &[&str])] = &[
    ("type-arrays", &["type-arrays"]),
    ("null-branches", &["null-branches"]),
    ("const-values", &["const"]),
    ("schema-examples", &["examples"]),
    ("exclusive-bounds", &["exclusive-bounds"]),
    ("defs", &["defs"]),
    ("webhooks", &["openapi-version"]),
    ("nullable-leftover", &["openapi-version"]),
    ("integer-bounds", &["bounds"]),
    ("operation-ids", &["operation-ids"]),
    ("duplicate-operation-ids", &["operation-ids"]),
    ("success-types", &["success-types"]),
    ("error-types", &["error-types"]),
    ("default-response", &["default-response"]),
    ("media-types", &["request-media", "response-media"]),
    ("multipart-only", &["request-media"]),
    ("raw-bodies", &["request-media"]),
    ("json-without-schema", &["request-media", "response-media"]),
    ("path-item-refs", &["path-item-refs"]),
    ("path-parameters", &[]),
    ("server-variables", &[]),
    ("open-enum", &["open-enums"]),
    ("password-format", &["secrets"]),
    ("string-defaults", &["defaults"]),
    ("refused-schema", &[]),
    ("mock-parameters", &["array-parameters", "mock-fixes"]),
    ("punctuation-enums", &[]),
    ("name-collisions", &[]),
    ("select-tags", &[]),
    ("select-paths", &[]),
    ("select-operations", &[]),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}

fn entries() -> Vec<Provider> {
    config::load_file(&workspace(), CORPUS)
        .expect("the corpus file parses")
        .providers
}

fn expected(name: &str) -> &'static [&'static str] {
    EXPECTED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, passes)| *passes)
        .unwrap_or_else(|| panic!("corpus entry {name:?} is missing from EXPECTED"))
}

fn prepared(entry: &Provider) -> Prepared {
    let root = workspace();
    let document = std::fs::read(root.join(&entry.document)).expect("the document is readable");
    let overlay = entry.overlay.as_ref().map(|file| {
        (
            file.as_str(),
            std::fs::read(root.join(file)).expect("the overlay is readable"),
        )
    });
    let no_files = |name: &str| -> xtask::Result<Vec<u8>> {
        Err(xtask::Error::Config {
            file: name.to_string(),
            message: "corpus documents are single files".to_string(),
        })
    };
    prepare_selected(
        &entry.document,
        &document,
        overlay.as_ref().map(|(f, b)| (*f, b.as_slice())),
        &no_files,
        entry.select.as_ref(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", entry.name))
}

#[test]
fn every_entry_is_declared_and_every_document_is_an_entry() {
    let entries = entries();
    let names: BTreeSet<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let declared: BTreeSet<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names, declared,
        "corpus.toml and EXPECTED list different entries"
    );
    let documents: BTreeSet<String> = entries.iter().map(|e| e.document.clone()).collect();
    for file in std::fs::read_dir(workspace().join("xtask/corpus/specs")).expect("specs dir") {
        let file = format!(
            "xtask/corpus/specs/{}",
            file.expect("entry").file_name().to_string_lossy()
        );
        assert!(documents.contains(&file), "{file} is not in {CORPUS}");
    }
    for e in &entries {
        let module = e
            .module
            .as_deref()
            .expect("corpus entries generate into a module");
        assert_eq!(e.package, "cloud-clusters-corpus");
        assert_eq!(e.dir, "xtask/corpus");
        assert_eq!(module.replace('_', "-"), e.name);
        assert!(
            e.document
                .starts_with(&format!("xtask/corpus/specs/{module}.")),
            "{}",
            e.document
        );
    }
}

#[test]
fn every_document_normalizes_validates_and_exercises_its_pass() {
    for entry in entries() {
        let Prepared {
            value, normalized, ..
        } = prepared(&entry);
        let passes: BTreeSet<&str> = normalized.iter().map(|c| c.pass).collect();
        xtask::regen::validate::validate(&entry.document, value).unwrap_or_else(|e| {
            panic!(
                "{}: the normalized document does not validate: {e}",
                entry.name
            )
        });
        let wanted = expected(&entry.name);
        for pass in wanted
            .iter()
            .filter(|p| !matches!(**p, "open-enums" | "mock-fixes"))
        {
            assert!(
                passes.contains(pass),
                "{}: --explain does not list `{pass}` (it lists {passes:?})",
                entry.name
            );
        }
        if wanted.iter().all(|p| *p == "mock-fixes") {
            assert_eq!(
                passes,
                BTreeSet::from(["openapi-version"]),
                "{}: progenitor takes this construct as is; only the version should change",
                entry.name
            );
        }
    }
}

#[test]
fn each_selector_keeps_its_operations_and_what_they_reach() {
    let selected = |name: &str| {
        let entry = entries()
            .into_iter()
            .find(|e| e.name == name)
            .expect("entry");
        let prepared = prepared(&entry);
        let mut schemas: Vec<String> = prepared.value["components"]["schemas"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        schemas.sort();
        (prepared.selected.expect("a selection applied"), schemas)
    };
    // By tag: the schema shared with the left-out operation stays.
    let (s, schemas) = selected("select-tags");
    assert_eq!(s.kept_operations, 1);
    assert_eq!(
        s.left_out_operations,
        ["POST /chat/completions (chatCompletions)"]
    );
    assert_eq!(s.left_out_components, ["schemas/ChatRequest"]);
    assert_eq!(schemas, ["Cluster", "Usage"]);
    // By path prefix (segment boundary), minus one operation by id.
    let (s, schemas) = selected("select-paths");
    assert_eq!(s.kept_operations, 2);
    assert_eq!(
        s.left_out_operations,
        [
            "DELETE /compute/volumes/{id} (deleteVolume)",
            "GET /compute/volumes-legacy (listLegacyVolumes)"
        ]
    );
    assert_eq!(schemas, ["Volume"]);
    // By operationId.
    let (s, schemas) = selected("select-operations");
    assert_eq!(s.left_out_operations, ["GET /models (listModels)"]);
    assert_eq!(schemas, ["Regions"]);
}

#[test]
fn changes_name_what_they_did() {
    let messages = |name: &str| -> Vec<String> {
        let entry = entries()
            .into_iter()
            .find(|e| e.name == name)
            .expect("entry");
        prepared(&entry)
            .normalized
            .iter()
            .map(|c| format!("{} {}: {}", c.pass, c.pointer, c.message))
            .collect()
    };
    let has = |name: &str, needle: &str| {
        let all = messages(name);
        assert!(
            all.iter().any(|m| m.contains(needle)),
            "{name}: no change mentions {needle:?}: {all:#?}"
        );
    };
    has("webhooks", "openapi-version /webhooks: removed `webhooks`");
    has(
        "multipart-only",
        "removed POST /datasets: its request body is only multipart/form-data",
    );
    has("operation-ids", "no operationId → \"get_clusters\"");
    has(
        "duplicate-operation-ids",
        "duplicate operationId \"listNodes\" → \"listNodes_2\"",
    );
    has(
        "integer-bounds",
        "maximum: 18446744073709551615 cannot be held: dropped",
    );
    has("defs", "$defs entry → #/components/schemas/Pipeline_Cron");
    has("success-types", "left 204 to UnexpectedResponse");
    has("error-types", "left 5XX to UnexpectedResponse");
    has(
        "default-response",
        "`default` beside explicit successes → 4XX and 5XX",
    );
    has("media-types", "application/problem+json → application/json");
    has(
        "string-defaults",
        "defaults /components/schemas/GenerateRequest/properties/max_new_tokens: default: \"100\" (a string) → 100",
    );
    has(
        "string-defaults",
        "GenerateRequest/properties/mode: default: \"beam\" does not fit the schema: dropped",
    );
}

#[test]
fn generated_corpus_is_current_and_complete() {
    let report = run(&Options {
        root: workspace(),
        provider: None,
        check: true,
        strict: false,
        providers_file: Some(CORPUS.into()),
    })
    .expect("regen --check on the corpus");
    assert!(
        report.stale.is_empty(),
        "stale: {:?} (run `cargo xtask regen --providers {CORPUS}`)\n{}",
        report.stale,
        report.diffs.join("\n")
    );
    assert_eq!(report.rows.len(), EXPECTED.len());
    for row in &report.rows {
        let skipped: &[&str] = if row.provider == "refused-schema" {
            &[
                "#/components/schemas/Settings (schema): type error value does not conform to the given schema",
                "#/components/schemas/Thing (schema): refers to #/components/schemas/Settings",
                "GET /things (listThings): uses #/components/schemas/Settings, which cannot be generated: type error value does not conform to the given schema",
            ]
        } else {
            &[]
        };
        assert_eq!(row.skipped, skipped, "{}: what was left out", row.provider);
        assert!(
            row.operations > 0,
            "{}: no operation generated",
            row.provider
        );
        if expected(&row.provider).contains(&"mock-fixes") {
            assert!(
                !row.mocks_mended.is_empty(),
                "{}: no httpmock helper was mended",
                row.provider
            );
        }
        if expected(&row.provider).contains(&"open-enums") {
            assert!(
                !row.opened_enums.is_empty(),
                "{}: no response enum was opened",
                row.provider
            );
        }
    }
    let open = report
        .rows
        .iter()
        .find(|r| r.provider == "open-enum")
        .expect("open-enum row");
    assert_eq!(
        open.opened_enums,
        ["ClusterStatus"],
        "Tier is in a request too and stays strict"
    );
}

#[test]
fn a_strict_run_names_the_refused_schema() {
    let entry = entries()
        .into_iter()
        .find(|e| e.name == "refused-schema")
        .expect("entry");
    let prepared = prepared(&entry);
    let error = match xtask::regen::build_prepared(
        &entry,
        prepared,
        "test",
        true,
        std::time::Instant::now(),
        None,
    ) {
        Ok(_) => panic!("a strict run generates nothing it would leave out"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.contains(
            "in #/components/schemas/Settings (schema): type error value does not conform"
        ),
        "{error}"
    );
}
