//! `cargo xtask add`, on a copy of the workspace: a small document (a file, or a
//! URL served by httpmock) becomes a crate, a `specs/providers.toml` entry, a
//! workspace member and a facade feature; the crate builds and its uniform-names
//! test passes; `regen --check` finds nothing stale; and every refusal (the name
//! exists, a bad name, a bad document, a failed download) changes nothing.
//!
//! The crate is compiled with `CARGO_TARGET_DIR=<workspace>/target/standalone`
//! and `--offline`, like `tests/standalone.rs`: dependencies compile once and are
//! reused by every later run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{changed, snapshot, text, workspace, xtask};
use httpmock::prelude::*;

/// The workspace without `target/` and `.git/` (about 3 MB): cargo needs every
/// member to load the workspace, `add` edits the root manifest, the facade and
/// `specs/`, and `regen --check` reads `Cargo.lock`.
fn copy_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_dir(&workspace(), dir.path());
    dir
}

fn fixture() -> PathBuf {
    workspace().join("xtask/tests/add/acme.yaml")
}

/// Every folder under `root` (an empty folder left behind shows here, not in [`snapshot`]).
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.push(path.clone());
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs cargo in the copy, with the shared target folder of the standalone tests.
fn cargo(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", workspace().join("target/standalone"))
        .output()
        .expect("cargo runs")
}

/// The fixture split in two: the document, whose `Cluster` is `schemas.yaml#/Cluster`,
/// and `schemas.yaml`.
fn split_document() -> (String, String) {
    let fixture = std::fs::read_to_string(fixture()).expect("fixture");
    let at = fixture
        .find("    Cluster:\n")
        .expect("the Cluster schema comes last");
    let document =
        fixture[..at].replace("'#/components/schemas/Cluster'", "'schemas.yaml#/Cluster'");
    let schemas: String = fixture[at..]
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    (document, schemas)
}

fn toml_file(root: &Path, file: &str) -> toml::Table {
    std::fs::read_to_string(root.join(file))
        .expect("read")
        .parse()
        .expect("toml")
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    value
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The lines `old` → `new` removed (an edit that only adds lines removes none).
fn removed_lines(old: &[u8], new: &[u8]) -> Vec<String> {
    let (old, new) = (text(old), text(new));
    similar::TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().trim_end().to_string())
        .collect()
}

/// What `add acme` writes.
const ADDED: [&str; 10] = [
    "Cargo.toml",
    "crates/acme/Cargo.toml",
    "crates/acme/src/generated.rs",
    "crates/acme/src/generated_mock.rs",
    "crates/acme/src/lib.rs",
    "crates/acme/tests/uniform.rs",
    "crates/cloud-clusters/Cargo.toml",
    "crates/cloud-clusters/src/lib.rs",
    "specs/acme/openapi.yaml",
    "specs/providers.toml",
];

/// Runs `xtask args` and asserts exit 2, `expect` in stderr, and not one byte
/// (nor one folder) changed.
fn refused(root: &Path, args: &[&str], expect: &str) {
    let (before, dirs) = (snapshot(root), folders(root));
    let out = xtask(root, args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(expect),
        "{args:?}: expected {expect:?} in:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{args:?}: {stderr}");
    assert!(
        changed(&before, &snapshot(root)).is_empty(),
        "{args:?} changed files"
    );
    assert_eq!(dirs, folders(root), "{args:?} left folders behind");
}

#[test]
fn a_provider_added_from_a_file_builds_and_passes_its_tests() {
    let dir = copy_workspace();
    let root = dir.path();
    let before = snapshot(root);

    let out = xtask(
        root,
        &["add", "acme", "--spec", "xtask/tests/add/acme.yaml"],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("added acme: 3 operations (0 skipped)"),
        "{stdout}"
    );
    let after = snapshot(root);
    assert_eq!(changed(&before, &after), ADDED, "{stdout}");

    // The document, byte for byte.
    assert_eq!(
        after["specs/acme/openapi.yaml"],
        std::fs::read(fixture()).expect("fixture")
    );

    // The providers.toml entry: defaults from the document.
    let providers = xtask::shared::config::load(root).expect("providers.toml");
    let acme = providers
        .providers
        .iter()
        .find(|p| p.name == "acme")
        .expect("an acme entry");
    assert_eq!(acme.package, "cloud-clusters-acme");
    assert_eq!(acme.dir, "crates/acme");
    assert_eq!(acme.document, "specs/acme/openapi.yaml");
    assert_eq!(acme.api_key_env, "ACME_API_KEY");
    // The first server, its {site} variable at its default.
    assert_eq!(acme.default_base_url, "https://api.eu.acme.example/v2");
    assert!(
        acme.base_urls
            .iter()
            .any(|b| b.url == "https://api.acme-cn.example/v2")
    );
    assert_eq!(acme.upstream, None);
    assert_eq!(acme.overlay, None);
    assert_eq!(
        providers.providers.last().map(|p| p.name.as_str()),
        Some("acme")
    );

    // The workspace member, the facade's feature, dependency and module.
    let workspace = toml_file(root, "Cargo.toml");
    assert!(
        strings(workspace.get("workspace").and_then(|w| w.get("members")))
            .contains(&"crates/acme".to_string())
    );
    let facade = toml_file(root, "crates/cloud-clusters/Cargo.toml");
    let features = facade.get("features").expect("features");
    assert_eq!(strings(features.get("acme")), ["dep:cloud-clusters-acme"]);
    assert!(strings(features.get("default")).contains(&"acme".to_string()));
    assert!(strings(features.get("mock")).contains(&"cloud-clusters-acme?/mock".to_string()));
    let dependency = facade
        .get("dependencies")
        .and_then(|d| d.get("cloud-clusters-acme"))
        .expect("the facade depends on the crate");
    assert_eq!(
        dependency.get("path").and_then(|p| p.as_str()),
        Some("../acme")
    );
    assert_eq!(
        dependency.get("optional").and_then(|o| o.as_bool()),
        Some(true)
    );
    let facade_lib = text(&after["crates/cloud-clusters/src/lib.rs"]);
    assert!(
        facade_lib.contains(
            "#[cfg(feature = \"acme\")]\npub mod acme {\n    pub use cloud_clusters_acme::*;\n}\n"
        ),
        "{facade_lib}"
    );
    assert!(facade_lib.contains("//! | [`acme`] | Acme Cloud GPU API | `ACME_API_KEY` |"));

    // The existing files only gained lines (but the facade's one-line `default = [...]`).
    for file in [
        "Cargo.toml",
        "specs/providers.toml",
        "crates/cloud-clusters/src/lib.rs",
    ] {
        assert_eq!(
            removed_lines(&before[file], &after[file]),
            Vec::<String>::new(),
            "{file}"
        );
    }
    let facade_removed = removed_lines(
        &before["crates/cloud-clusters/Cargo.toml"],
        &after["crates/cloud-clusters/Cargo.toml"],
    );
    assert_eq!(facade_removed.len(), 1, "{facade_removed:?}");
    assert!(
        facade_removed[0].starts_with("default = ["),
        "{facade_removed:?}"
    );

    // The hand-written lib.rs has the shape of the other provider crates.
    let lib = text(&after["crates/acme/src/lib.rs"]);
    for expected in [
        "cloud_clusters_core::provider_client!();",
        "mod generated;\npub use generated::*;",
        "#[cfg(feature = \"mock\")]",
        "#[path = \"generated_mock.rs\"]\npub mod mock;",
        "pub use cloud_clusters_core::{ApiKey, ClientOptions, ConfigError, RequestSecret, SecretString};",
        "pub type ApiError = cloud_clusters_core::ApiError<()>;",
    ] {
        assert!(lib.contains(expected), "{expected:?} in:\n{lib}");
    }
    let manifest = text(&after["crates/acme/Cargo.toml"]);
    assert!(
        manifest.contains("name = \"cloud-clusters-acme\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("mock = [\"dep:httpmock\", \"dep:regex\"]"),
        "{manifest}"
    );
    // `createdAt` is a date-time: the generated code uses chrono.
    assert!(manifest.contains("chrono.workspace = true"), "{manifest}");
    let client = text(&after["crates/acme/src/generated.rs"]);
    for expected in [
        "pub const API_KEY_ENV: &str = \"ACME_API_KEY\";",
        "pub const DEFAULT_BASE_URL: &str = \"https://api.eu.acme.example/v2\";",
        "pub fn list_clusters(&self)",
        "pub fn create_cluster(&self)",
        "pub fn get_cluster(&self)",
    ] {
        assert!(client.contains(expected), "{expected:?} in generated.rs");
    }

    // The generated files are what `regen` makes of the document.
    let check = xtask(root, &["regen", "--check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}\n{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    assert!(text(&check.stdout).contains("generated files are up to date"));

    // Refusals change nothing (bad documents live outside the copy).
    let bad = tempfile::tempdir().expect("tempdir");
    let swagger = bad.path().join("swagger.json");
    std::fs::write(&swagger, r#"{"swagger": "2.0", "paths": {}}"#).expect("write");
    let no_servers = bad.path().join("no-servers.yaml");
    let fixture_text = std::fs::read_to_string(fixture()).expect("fixture");
    let without_servers = {
        let start = fixture_text.find("servers:").expect("servers");
        let end = fixture_text.find("security:").expect("security");
        format!("{}{}", &fixture_text[..start], &fixture_text[end..])
    };
    std::fs::write(&no_servers, without_servers).expect("write");
    let html = bad.path().join("page.yaml");
    std::fs::write(&html, "<!DOCTYPE html><html><body>Sign in</body></html>\n").expect("write");
    // Split documents: a referenced file that is missing, one outside the folder.
    let split = bad.path().join("split.yaml");
    std::fs::write(&split, split_document().0).expect("write");
    let escaping = bad.path().join("escaping.yaml");
    std::fs::write(
        &escaping,
        split_document()
            .0
            .replace("'schemas.yaml#", "'../schemas.yaml#"),
    )
    .expect("write");
    let path = |p: &Path| p.to_string_lossy().into_owned();
    let spec = path(&fixture());
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["acme".into(), spec.clone()],
            "a provider named \"acme\" exists",
        ),
        (vec!["Acme".into(), spec.clone()], "is not a provider name"),
        (
            vec!["9lives".into(), spec.clone()],
            "is not a provider name",
        ),
        (vec!["a--b".into(), spec.clone()], "is not a provider name"),
        (vec!["type".into(), spec.clone()], "`type` is reserved"),
        (vec!["tensorpool".into(), spec.clone()], "exists"),
        // The package of the workspace member `tests` is cloud-clusters-tests.
        (
            vec!["tests".into(), spec.clone()],
            "already the package cloud-clusters-tests",
        ),
        (
            vec!["beta".into(), path(&bad.path().join("nope.yaml"))],
            "nope.yaml",
        ),
        (vec!["beta".into(), path(&swagger)], "Swagger 2.0"),
        (vec!["beta".into(), path(&html)], "not an OpenAPI document"),
        (vec!["beta".into(), path(&no_servers)], "pass --base-url"),
        (
            vec!["beta".into(), path(&split)],
            "schemas.yaml: No such file",
        ),
        (
            vec!["beta".into(), path(&escaping)],
            "refers to a file outside its folder",
        ),
    ];
    for (args, expect) in &cases {
        refused(root, &["add", &args[0], "--spec", &args[1]], expect);
    }
    refused(
        root,
        &[
            "add",
            "beta",
            "--spec",
            &spec,
            "--base-url",
            "ftp://acme.example",
        ],
        "is not an http(s) URL",
    );
    refused(
        root,
        &["add", "beta", "--spec", &spec, "--api-key-env", "beta-key"],
        "upper-case letters",
    );

    // The crate builds, with its mocks, and its uniform-names test (and doc test) pass.
    let test = cargo(
        root,
        &[
            "test",
            "--offline",
            "-p",
            "cloud-clusters-acme",
            "--all-features",
        ],
    );
    let (stdout, stderr) = (text(&test.stdout), text(&test.stderr));
    assert!(test.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("test offers_the_uniform_names ... ok"),
        "{stdout}"
    );
    // The facade's module compiles (alone, with its mocks).
    let facade = cargo(
        root,
        &[
            "build",
            "--offline",
            "-p",
            "cloud-clusters",
            "--no-default-features",
            "--features",
            "acme,mock",
        ],
    );
    assert!(facade.status.success(), "{}", text(&facade.stderr));
}

#[test]
fn a_provider_added_from_a_url_follows_it_as_upstream() {
    let dir = copy_workspace();
    let root = dir.path();
    let yaml = std::fs::read_to_string(fixture()).expect("fixture");
    let json = {
        let value: serde_json::Value = serde_saphyr::from_str(&yaml).expect("yaml");
        serde_json::to_string_pretty(&value).expect("json") + "\n"
    };
    let server = MockServer::start();
    let published = server.mock(|when, then| {
        when.method(GET).path("/openapi.yaml");
        then.status(200)
            .header("content-type", "application/yaml")
            .body(&yaml);
    });
    // No extension: JSON, recognized by its first byte.
    server.mock(|when, then| {
        when.method(GET).path("/v2/spec");
        then.status(200)
            .header("content-type", "application/json")
            .body(&json);
    });
    server.mock(|when, then| {
        when.method(GET).path("/split.yaml");
        then.status(200).body(split_document().0);
    });
    server.mock(|when, then| {
        when.method(GET).path("/gone.yaml");
        then.status(404).body("not found");
    });
    server.mock(|when, then| {
        when.method(GET).path("/login");
        then.status(200)
            .header("content-type", "text/html")
            .body("<html><body>Sign in</body></html>");
    });

    // A failed download changes nothing.
    refused(
        root,
        &["add", "acme", "--spec", &server.url("/gone.yaml")],
        "HTTP 404 Not Found",
    );
    refused(
        root,
        &["add", "acme", "--spec", &server.url("/login")],
        "an HTML page",
    );
    refused(
        root,
        &["add", "acme", "--spec", &server.url("/split.yaml")],
        "download them beside it",
    );

    let before = snapshot(root);
    let url = server.url("/openapi.yaml");
    let out = xtask(root, &["add", "acme", "--spec", &url]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    published.assert();
    assert!(
        stderr.contains(&format!("downloaded {} bytes", yaml.len())),
        "{stderr}"
    );
    let after = snapshot(root);
    assert_eq!(changed(&before, &after), ADDED);
    assert_eq!(after["specs/acme/openapi.yaml"], yaml.as_bytes());

    let out = xtask(
        root,
        &[
            "add",
            "acme-json",
            "--spec",
            &server.url("/v2/spec"),
            "--base-url",
            "https://eu.acme.example/",
            "--api-key-env",
            "ACME_TOKEN",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(root.join("specs/acme-json/openapi.json")).expect("json document"),
        json.as_bytes()
    );
    let lib = std::fs::read_to_string(root.join("crates/cloud-clusters/src/lib.rs")).expect("lib");
    assert!(lib.contains("pub mod acme_json {\n    pub use cloud_clusters_acme_json::*;"));

    // A document split over two files: both are copied, as they were laid out.
    let files = tempfile::tempdir().expect("tempdir");
    let (document, schemas) = split_document();
    std::fs::write(files.path().join("openapi.yaml"), &document).expect("write");
    std::fs::write(files.path().join("schemas.yaml"), &schemas).expect("write");
    let spec = files.path().join("openapi.yaml");
    let out = xtask(
        root,
        &["add", "acme-split", "--spec", &spec.to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(root.join("specs/acme-split/openapi.yaml")).expect("document"),
        document
    );
    assert_eq!(
        std::fs::read_to_string(root.join("specs/acme-split/schemas.yaml")).expect("schemas"),
        schemas
    );
    let client =
        std::fs::read_to_string(root.join("crates/acme-split/src/generated.rs")).expect("client");
    assert!(
        client.contains("pub struct Cluster {"),
        "the bundled schema"
    );

    let providers = xtask::shared::config::load(root).expect("providers.toml");
    let acme = providers.select(Some("acme")).expect("acme")[0];
    assert_eq!(acme.upstream.as_deref(), Some(url.as_str()));
    let acme_json = providers.select(Some("acme-json")).expect("acme-json")[0];
    assert_eq!(acme_json.document, "specs/acme-json/openapi.json");
    assert_eq!(acme_json.default_base_url, "https://eu.acme.example");
    assert_eq!(acme_json.api_key_env, "ACME_TOKEN");
    assert_eq!(
        acme_json.upstream.as_deref(),
        Some(server.url("/v2/spec").as_str())
    );

    // All three are current, and `update` follows the upstream: nothing new there.
    let report = xtask::regen::run(&xtask::regen::Options {
        root: root.to_path_buf(),
        check: true,
        ..Default::default()
    })
    .expect("regen --check");
    assert!(report.stale.is_empty(), "{:?}", report.stale);
    let before = snapshot(root);
    let update = xtask(root, &["update", "acme"]);
    assert_eq!(update.status.code(), Some(0), "{}", text(&update.stderr));
    assert!(
        text(&update.stderr).contains("acme: up to date"),
        "{}",
        text(&update.stderr)
    );
    assert!(changed(&before, &snapshot(root)).is_empty());
}
