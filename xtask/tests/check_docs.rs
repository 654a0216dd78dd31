//! `cargo xtask check-docs`, run as a command: the committed pages agree with the
//! committed documents; a page changed the ways Zilliz changes pages (a new field, a
//! type changed, a required flag flipped, a new error code, a field removed) reports
//! exactly those lines; unreadable or malformed pages, and a page whose operation is
//! not in the document, exit 2 naming the file.
//!
//! Fixtures (`tests/check_docs/`) are variants of the committed v1 page; each test runs
//! on a copy of `specs/` with one page replaced.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::workspace;

const V1_PAGE: &str = "specs/zilliz-v1/docs/create-serverless-cluster.md";
const V2_PAGE: &str = "specs/zilliz-v2/docs/create-serverless-cluster.md";
const V1_DOC: &str = "specs/zilliz-v1/openapi.yaml";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/check_docs")
            .join(name),
    )
    .expect("fixture")
}

fn check_docs(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(root)
        .arg("check-docs")
        .args(args)
        .output()
        .expect("run xtask")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The disagreement lines of `page` (not the notes, the header or the summary).
fn disagreements(o: &Output, page: &str) -> Vec<String> {
    stdout(o)
        .lines()
        .filter(|l| l.starts_with(&format!("{page}:")))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_committed_pages_agree_with_the_committed_documents() {
    let o = check_docs(&workspace(), &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(&o),
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "checking {V1_PAGE}: POST /v1/clusters/createServerless (createServerless)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "checking {V2_PAGE}: POST /v2/clusters/createServerless (createServerless)"
        )),
        "{out}"
    );
    assert!(out.contains("0 disagreement(s)"), "{out}");
    // Deliberate deviations are visible, with their reasons.
    assert!(
        out.contains(&format!(
            "note: {V1_PAGE}:65: request.plan: field: docs say (absent), document says string (accepted: "
        )),
        "{out}"
    );
    assert!(
        out.contains("response.data.password: type: docs say string, document says string (format password) (accepted: "),
        "{out}"
    );
    // What the v2 page leaves unsaid is noted, not guessed.
    assert!(out.contains("required flags are not compared"), "{out}");
    assert!(out.contains("the page lists no error codes"), "{out}");
}

#[test]
fn a_provider_can_be_named_either_way() {
    for args in [&["zilliz-v2"][..], &["--provider", "zilliz-v2"][..]] {
        let o = check_docs(&workspace(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(V2_PAGE), "{out}");
        assert!(!out.contains(V1_PAGE), "{out}");
    }
}

#[test]
fn a_changed_page_reports_exactly_what_changed() {
    let ws = common::copy_parts(&["specs"]);
    std::fs::write(ws.path().join(V1_PAGE), fixture("drift.md")).expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(1), "{}\n{}", stdout(&o), stderr(&o));
    let ops = "/paths/~1v1~1clusters~1createServerless/post";
    assert_eq!(
        disagreements(&o, V1_PAGE),
        [
            // A required flag flipped.
            format!(
                "{V1_PAGE}:68: request.projectId: required: docs say optional, document says required \
                 ({V1_DOC}#/components/schemas/CreateServerlessRequest/properties/projectId)"
            ),
            // A new field.
            format!(
                "{V1_PAGE}:69: request.region: field: docs say string, document says (absent) \
                 ({V1_DOC}#/components/schemas/CreateServerlessRequest/properties)"
            ),
            // A type changed.
            format!(
                "{V1_PAGE}:109: response.data.username: type: docs say integer, document says string \
                 ({V1_DOC}#/components/schemas/CreateClusterData/properties/username)"
            ),
            // A field removed.
            format!(
                "{V1_PAGE}:104: response.data.prompt: field: docs say (absent), document says string \
                 ({V1_DOC}#/components/schemas/CreateClusterData/properties/prompt)"
            ),
            // A new error code: missing from the operation's list and from the catalog.
            format!(
                "{V1_PAGE}:119: errors.80030: code: docs say \"The number of clusters exceeds the limit.\", \
                 document says (absent) ({V1_DOC}#{ops}/x-error-codes)"
            ),
            format!(
                "{V1_PAGE}:119: errors.80030: catalog: docs say \"The number of clusters exceeds the limit.\", \
                 document says (absent) ({V1_DOC}#/x-error-codes)"
            ),
        ]
    );
    let out = stdout(&o);
    // The page's own 10 acceptances still hold; the other v1 pages add theirs.
    assert!(out.contains(" 6 disagreement(s), "), "{out}");
    assert!(out.contains(" accepted deviation(s), 0 stale"), "{out}");
    assert!(out.contains("hint: "), "{out}");
    // The other provider is not affected.
    assert!(!out.contains(V2_PAGE), "{out}");
}

#[test]
fn json_output_carries_the_same_disagreements() {
    let ws = common::copy_parts(&["specs"]);
    std::fs::write(ws.path().join(V1_PAGE), fixture("drift.md")).expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["exit"], 1);
    let page = v["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .find(|p| p["file"] == V1_PAGE)
        .expect("the changed page");
    assert_eq!(page["file"], V1_PAGE);
    assert_eq!(page["operationId"], "createServerless");
    let d = page["disagreements"].as_array().expect("list");
    assert_eq!(d.len(), 6);
    assert_eq!(d[0]["path"], "request.projectId");
    assert_eq!(d[0]["aspect"], "required");
    assert_eq!(d[0]["docs"], "optional");
    assert_eq!(d[0]["document"], "required");
    assert_eq!(d[0]["line"], 68);
    assert_eq!(page["accepted"].as_array().expect("list").len(), 10);
}

#[test]
fn marking_one_field_required_compares_all_flags_of_that_table() {
    // The v2 page marks nothing today; once it marks one field, the others read as optional.
    let ws = common::copy_parts(&["specs"]);
    let path = ws.path().join(V2_PAGE);
    let page = std::fs::read_to_string(&path).expect("read");
    let changed = page.replacen(
        "| __clusterName__ | __string__  <br/>",
        "| __clusterName__ | __string__(required)  <br/>",
        1,
    );
    assert_ne!(page, changed);
    std::fs::write(&path, changed).expect("write");
    let o = check_docs(ws.path(), &["zilliz-v2"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let lines = disagreements(&o, V2_PAGE);
    let keys: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once(": ").map_or("", |(_, k)| k))
        .map(|k| k.split(" (specs/").next().unwrap_or(k))
        .collect();
    assert_eq!(
        keys,
        [
            "request.projectId: required: docs say optional, document says required",
            "request.regionId: required: docs say optional, document says required",
        ]
    );
}

#[test]
fn an_accepted_deviation_that_no_longer_occurs_fails() {
    // The docs now document plan: the acceptance of its absence is stale.
    let ws = common::copy_parts(&["specs"]);
    let path = ws.path().join(V1_PAGE);
    let page = std::fs::read_to_string(&path).expect("read");
    let row = "| `projectId`  | **string**(required)<br/>The ID of the project where the cluster is to be created.|\n";
    let changed = page.replacen(
        row,
        &format!(
            "{row}| `plan`  | **string**<br/>The plan. Valid values: `Free` and `Serverless`.|\n"
        ),
        1,
    );
    assert_ne!(page, changed);
    std::fs::write(&path, changed).expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(disagreements(&o, V1_PAGE), Vec::<String>::new());
    let out = stdout(&o);
    assert!(
        out.contains(
            "specs/zilliz-v1/docs/deviations.toml: create-serverless-cluster.md: accepted deviation no longer found \
             (remove it, or restore what it accepted): request.plan: field: docs say (absent), document says string"
        ),
        "{out}"
    );
}

/// Runs check-docs on a copy whose v1 page is `bytes`; expects exit 2 and returns stderr.
fn fails_with(bytes: &[u8]) -> String {
    let ws = common::copy_parts(&["specs"]);
    std::fs::write(ws.path().join(V1_PAGE), bytes).expect("write");
    let o = check_docs(ws.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}\n{}", stdout(&o), stderr(&o));
    // The other provider is still checked.
    assert!(
        stdout(&o).contains(&format!("checking {V2_PAGE}")),
        "{}",
        stdout(&o)
    );
    stderr(&o)
}

#[test]
fn a_page_that_is_not_utf8_is_an_error_naming_it() {
    let mut bytes = fixture("drift.md");
    // After "---\n": line 2, column 1.
    bytes.splice(4..4, [0xff, 0xfe]);
    let err = fails_with(&bytes);
    assert!(
        err.contains(&format!("error: {V1_PAGE}:2:1: not valid UTF-8")),
        "{err}"
    );
}

#[test]
fn a_page_without_endpoint_is_an_error_naming_it() {
    let err = fails_with(&fixture("no-endpoint.md"));
    assert!(
        err.contains(&format!("error: {V1_PAGE}: no endpoint")),
        "{err}"
    );
}

#[test]
fn a_page_whose_operation_is_not_in_the_document_is_an_error() {
    let err = fails_with(&fixture("unknown-endpoint.md"));
    assert!(
        err.contains(&format!(
            "error: {V1_PAGE}:12: the page documents POST /v1/clusters/createWhatever, which is not an operation of {V1_DOC}"
        )),
        "{err}"
    );
}

#[test]
fn a_row_without_type_is_an_error_naming_its_line() {
    let err = fails_with(&fixture("no-type.md"));
    assert!(
        err.contains(&format!("error: {V1_PAGE}:68: field `projectId`: no type")),
        "{err}"
    );
}

#[test]
fn a_broken_deviations_file_is_an_error() {
    let ws = common::copy_parts(&["specs"]);
    let file = ws.path().join("specs/zilliz-v1/docs/deviations.toml");
    std::fs::write(
        &file,
        "[[accepted]]\npage = \"create-serverless-cluster.md\"\nreason = \n",
    )
    .expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: specs/zilliz-v1/docs/deviations.toml:3:"),
        "{}",
        stderr(&o)
    );

    std::fs::write(
        &file,
        "[[accepted]]\npage = \"gone.md\"\nreason = \"r\"\nlines = [\"x\"]\n",
    )
    .expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("names page \"gone.md\", which is not in specs/zilliz-v1/docs"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_provider_without_docs_is_an_error_when_named() {
    let o = check_docs(&workspace(), &["tensorpool"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("tensorpool has no docs folder (specs/tensorpool/docs)"),
        "{}",
        stderr(&o)
    );
    let unknown = check_docs(&workspace(), &["nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("no provider named \"nope\""),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn deviations_may_be_split_into_one_file_per_group() {
    // The v1 acceptances moved into deviations/create.toml: the same pages pass.
    let ws = common::copy_parts(&["specs"]);
    let docs = ws.path().join("specs/zilliz-v1/docs");
    let text = std::fs::read_to_string(docs.join("deviations.toml")).expect("read");
    std::fs::create_dir_all(docs.join("deviations")).expect("mkdir");
    std::fs::write(docs.join("deviations/create.toml"), &text).expect("write");
    std::fs::remove_file(docs.join("deviations.toml")).expect("remove");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));

    // The same line accepted in two files is an error naming both.
    std::fs::write(docs.join("deviations/again.toml"), &text).expect("write");
    let o = check_docs(ws.path(), &["zilliz-v1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("specs/zilliz-v1/docs/deviations/create.toml")
            && err.contains("specs/zilliz-v1/docs/deviations/again.toml"),
        "{err}"
    );
}
