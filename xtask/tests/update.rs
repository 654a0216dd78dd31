//! `cargo xtask update`, against httpmock instead of the vendors: on a copy of the
//! workspace, a changed document replaces ours and regenerates exactly the
//! provider's files; a 404, an HTML page, a dead server, a document that is not
//! OpenAPI and an overlay that no longer applies change nothing at all.

mod common;

use std::path::Path;

use common::{changed, snapshot, text, workspace, xtask};
use httpmock::prelude::*;
use serde_json::Value;

/// What `update` reads and writes: the providers file, documents and overlays,
/// the crates (manifests and generated files) and the lock file (generator versions).
fn copy_workspace() -> tempfile::TempDir {
    common::copy_parts(&["Cargo.toml", "Cargo.lock", "specs", "crates"])
}

/// TensorPool's committed document with one new optional request property
/// (`region` on `ClusterCreateRestRequest`), as the vendor would publish it.
fn changed_tensorpool_document() -> String {
    let path = workspace().join("specs/tensorpool/openapi.json");
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(path).expect("document")).expect("json");
    let properties = doc
        .pointer_mut("/components/schemas/ClusterCreateRestRequest/properties")
        .and_then(Value::as_object_mut)
        .expect("the create request has properties");
    properties.insert(
        "region".to_string(),
        serde_json::json!({
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "title": "Region",
            "description": "Region to create the cluster in"
        }),
    );
    serde_json::to_string_pretty(&doc).expect("json") + "\n"
}

#[test]
fn a_changed_document_replaces_ours_and_regenerates_exactly_the_providers_files() {
    let dir = copy_workspace();
    let server = MockServer::start();
    let published = changed_tensorpool_document();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(200)
            .header("content-type", "application/json")
            .body(&published);
    });
    let before = snapshot(dir.path());

    let out = xtask(
        dir.path(),
        &[
            "update",
            "tensorpool",
            "--url",
            &server.url("/openapi.json"),
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    mock.assert();

    // The diff report names the change and the Rust item it adds.
    assert!(stdout.contains("new-optional-request-property"), "{stdout}");
    assert!(stdout.contains("region"), "{stdout}");
    // Progress went to stderr.
    assert!(
        stderr.contains(&format!("downloaded {} bytes", published.len())),
        "{stderr}"
    );

    let after = snapshot(dir.path());
    assert_eq!(
        changed(&before, &after),
        [
            "crates/tensorpool/src/generated.rs",
            "crates/tensorpool/src/generated_mock.rs",
            "specs/tensorpool/openapi.json",
        ],
        "{stderr}"
    );
    // The vendor's bytes, unchanged; the overlay is untouched and still applied.
    assert_eq!(after["specs/tensorpool/openapi.json"], published.as_bytes());
    let client = text(&after["crates/tensorpool/src/generated.rs"]);
    assert!(client.contains("pub region: ::std::option::Option<::std::string::String>"));
    assert!(
        client.contains("pub fn cluster_create(&self)"),
        "the overlay's name"
    );
    let sha = xtask::regen::read::sha256_hex(published.as_bytes());
    assert!(
        client.contains(&sha),
        "the header records the new document's hash"
    );

    // And the tree is what `regen` makes of it.
    let report = xtask::regen::run(&xtask::regen::Options {
        root: dir.path().to_path_buf(),
        check: true,
        ..Default::default()
    })
    .expect("regen --check");
    assert!(report.stale.is_empty(), "{:?}", report.stale);

    // Running it again: up to date, nothing written.
    let again = xtask(
        dir.path(),
        &[
            "update",
            "tensorpool",
            "--url",
            &server.url("/openapi.json"),
        ],
    );
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stderr).contains("up to date"),
        "{}",
        text(&again.stderr)
    );
    assert!(changed(&after, &snapshot(dir.path())).is_empty());
}

#[test]
fn dry_run_prints_the_report_and_changes_nothing() {
    let dir = copy_workspace();
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(200)
            .header("content-type", "application/json")
            .body(changed_tensorpool_document());
    });
    let before = snapshot(dir.path());
    let out = xtask(
        dir.path(),
        &[
            "update",
            "tensorpool",
            "--dry-run",
            "--url",
            &server.url("/openapi.json"),
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("new-optional-request-property"), "{stdout}");
    assert!(stderr.contains("dry run"), "{stderr}");
    assert!(stderr.contains("13 operations"), "{stderr}");
    assert!(changed(&before, &snapshot(dir.path())).is_empty());
}

/// Runs `update tensorpool --url URL` and asserts exit 2, a message containing
/// `expect`, and not one byte changed.
fn fails_and_changes_nothing(dir: &Path, url: &str, expect: &[&str]) {
    let before = snapshot(dir);
    let out = xtask(dir, &["update", "tensorpool", "--url", url]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(
        text(&out.stdout).is_empty(),
        "no report: {}",
        text(&out.stdout)
    );
    assert!(changed(&before, &snapshot(dir)).is_empty());
}

#[test]
fn a_404_changes_nothing() {
    let dir = copy_workspace();
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(404).body("not found");
    });
    fails_and_changes_nothing(
        dir.path(),
        &server.url("/openapi.json"),
        &["HTTP 404 Not Found"],
    );
}

#[test]
fn an_html_page_changes_nothing() {
    let dir = copy_workspace();
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/login");
        then.status(200)
            .header("content-type", "text/html; charset=utf-8")
            .body("<!DOCTYPE html><html><body>Sign in</body></html>");
    });
    // A proxy's error page that claims to be JSON.
    server.mock(|when, then| {
        when.method(GET).path("/proxy");
        then.status(200)
            .header("content-type", "application/json")
            .body("\n  <html><body>502 Bad Gateway</body></html>");
    });
    fails_and_changes_nothing(
        dir.path(),
        &server.url("/login"),
        &["an HTML page", "content-type text/html"],
    );
    fails_and_changes_nothing(
        dir.path(),
        &server.url("/proxy"),
        &["an HTML page", "starts with `<`"],
    );
}

#[test]
fn a_network_failure_changes_nothing() {
    let dir = copy_workspace();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    fails_and_changes_nothing(
        dir.path(),
        &format!("http://127.0.0.1:{port}/openapi.json"),
        &["cannot download"],
    );
}

#[test]
fn an_answer_that_is_not_an_openapi_document_changes_nothing() {
    let dir = copy_workspace();
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/swagger.json");
        then.status(200).body(r#"{"swagger": "2.0", "paths": {}}"#);
    });
    server.mock(|when, then| {
        when.method(GET).path("/truncated.json");
        then.status(200).body(r#"{"openapi": "3.1.0", "paths": {"#);
    });
    fails_and_changes_nothing(dir.path(), &server.url("/swagger.json"), &["Swagger 2.0"]);
    fails_and_changes_nothing(
        dir.path(),
        &server.url("/truncated.json"),
        &["does not parse as JSON"],
    );
}

#[test]
fn an_overlay_action_that_no_longer_matches_is_named_and_changes_nothing() {
    let dir = copy_workspace();
    let path = workspace().join("specs/tensorpool/openapi.json");
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(path).expect("document")).expect("json");
    // The vendor dropped two operations our overlay renames.
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .expect("paths");
    paths.remove("/cluster/list");
    paths.remove("/storage/attach");
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(200).body(doc.to_string());
    });
    fails_and_changes_nothing(
        dir.path(),
        &server.url("/openapi.json"),
        &[
            "the overlay specs/tensorpool/overlay.yaml no longer applies",
            "2 action(s)",
            "action 1 (target $.paths['/cluster/list'].get",
            "$.paths['/storage/attach'].post",
            "matches nothing",
        ],
    );
}

#[test]
fn a_document_that_does_not_generate_changes_nothing() {
    let dir = copy_workspace();
    let path = workspace().join("specs/tensorpool/openapi.json");
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(path).expect("document")).expect("json");
    // OpenAPI 3.1, parses, the overlay applies, but its title is a number: a
    // bad value outside any operation or schema, which fails the document
    // (one inside an operation or schema would only leave that part out).
    *doc.pointer_mut("/info/title").expect("a title") = Value::from(42);
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(200).body(doc.to_string());
    });
    let before = snapshot(dir.path());
    for dry_run in [false, true] {
        let mut args = vec!["update", "tensorpool"];
        if dry_run {
            args.push("--dry-run");
        }
        let url = server.url("/openapi.json");
        args.extend(["--url", &url]);
        let out = xtask(dir.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("/info/title"), "{stderr}");
        assert!(stderr.contains("nothing was changed"), "{stderr}");
        // The report still shows what the vendor changed.
        assert!(
            text(&out.stdout).contains("== tensorpool"),
            "{}",
            text(&out.stdout)
        );
        assert!(changed(&before, &snapshot(dir.path())).is_empty());
    }
}

#[test]
fn providers_without_upstream_are_skipped_with_how_they_are_maintained() {
    let dir = copy_workspace();
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/openapi.json");
        then.status(200).body(changed_tensorpool_document());
    });
    // Point TensorPool's upstream at the mock, so a run over every provider needs no internet.
    let providers = dir.path().join("specs/providers.toml");
    let text_before = std::fs::read_to_string(&providers).expect("providers");
    // Together publishes the same bytes as committed: it is up to date.
    let together = server.mock(|when, then| {
        when.method(GET).path("/together.yaml");
        then.status(200)
            .body(std::fs::read(workspace().join(TOGETHER)).expect("together"));
    });
    let rewritten = text_before
        .replace(
            "https://engine.tensorpool.dev/openapi.json",
            &server.url("/openapi.json"),
        )
        .replace(TOGETHER_UPSTREAM, &server.url("/together.yaml"));
    assert_ne!(rewritten, text_before);
    std::fs::write(&providers, rewritten).expect("write");
    let before = snapshot(dir.path());

    let out = xtask(dir.path(), &["update", "--dry-run"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    mock.assert();
    together.assert();
    assert!(stderr.contains("together: up to date"), "{stderr}");
    for zilliz in ["zilliz-v1", "zilliz-v2"] {
        assert!(
            stderr.contains(&format!(
                "{zilliz}: skipped: no `upstream` in specs/providers.toml: the vendor publishes no machine-readable document"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "hand-authored from Zilliz's markdown docs (specs/{zilliz}/docs/)"
            )),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("together-tcloud: skipped: no `upstream`"),
        "{stderr}"
    );
    assert!(stdout.contains("== tensorpool"), "{stdout}");
    assert!(changed(&before, &snapshot(dir.path())).is_empty());

    // Named alone, a provider without upstream is skipped too, and that is not an error.
    let out = xtask(dir.path(), &["update", "zilliz-v2"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("zilliz-v2: skipped"));
}

const TOGETHER: &str = "specs/together/openapi.yaml";
const TOGETHER_UPSTREAM: &str =
    "https://raw.githubusercontent.com/togethercomputer/openapi/main/openapi.yaml";

/// Together's published document with one change inside the selection (a new
/// optional property on the cluster create request) and one outside it (on the
/// chat request).
fn changed_together_document() -> String {
    let text = std::fs::read_to_string(workspace().join(TOGETHER)).expect("together");
    let mut doc = xtask::regen::read::parse(TOGETHER, text.as_bytes()).expect("parses");
    for (schema, property) in [
        ("GPUClusterCreateRequest", "placement_group"),
        ("ChatCompletionRequest", "reasoning_budget"),
    ] {
        doc.pointer_mut(&format!("/components/schemas/{schema}/properties"))
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{schema} has properties"))
            .insert(property.into(), serde_json::json!({"type": "string"}));
    }
    serde_json::to_string_pretty(&doc).expect("json")
}

#[test]
fn update_of_a_selected_provider_reports_only_inside_its_selection() {
    let dir = copy_workspace();
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/openapi.yaml");
        then.status(200).body(changed_together_document());
    });
    let providers = dir.path().join("specs/providers.toml");
    let text_before = std::fs::read_to_string(&providers).expect("providers");
    // The upstream URL the entry names, served locally.
    assert!(text_before.contains(TOGETHER_UPSTREAM));
    std::fs::write(
        &providers,
        text_before.replace(TOGETHER_UPSTREAM, &server.url("/openapi.yaml")),
    )
    .expect("write");
    let before = snapshot(dir.path());
    let out = xtask(dir.path(), &["update", "together", "--dry-run"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    mock.assert();
    assert!(
        stdout.contains("GPUClusterCreateRequest.placement_group"),
        "{stdout}"
    );
    assert!(!stdout.contains("reasoning_budget"), "{stdout}");
    assert!(stdout.contains("1 change"), "{stdout}");
    assert!(stdout.contains("left out 87 operation(s)"), "{stdout}");
    assert!(stderr.contains("12 operations"), "{stderr}");
    assert!(changed(&before, &snapshot(dir.path())).is_empty());
}

#[test]
fn an_unknown_provider_is_an_error() {
    let dir = copy_workspace();
    let out = xtask(dir.path(), &["update", "acme"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no provider named \"acme\""));
}
