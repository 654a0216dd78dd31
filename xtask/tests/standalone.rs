//! `cargo xtask regen --spec PATH --out DIR`: a standalone crate from a document
//! split over three files (OpenAPI 3.1, an operation without operationId), that builds.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::standalone::{Standalone, run};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("root")
        .to_path_buf()
}

#[test]
fn a_split_31_document_becomes_a_crate_that_builds() {
    let out = tempfile::tempdir().expect("tempdir");
    let options = Standalone {
        root: workspace(),
        spec: workspace().join("xtask/tests/standalone/openapi.yaml"),
        out: out.path().to_path_buf(),
        name: Some("acme".to_string()),
        select: None,
    };
    let row = run(&options).expect("generates");
    assert_eq!(row.operations, 2);
    assert!(row.skipped.is_empty(), "{:?}", row.skipped);
    assert!(row.normalized.iter().any(|c| c.pass == "bundle"));
    assert!(row.normalized.iter().any(|c| c.pass == "operation-ids"));

    let manifest = std::fs::read_to_string(out.path().join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"acme\""), "{manifest}");
    assert!(manifest.contains("[workspace]"), "{manifest}");
    let client = std::fs::read_to_string(out.path().join("src/generated.rs")).expect("client");
    assert!(client.contains("pub fn list_nodes(&self)"));
    assert!(client.contains("pub fn get_nodes_by_id(&self)"));
    assert!(client.contains("pub struct Owner"));
    assert!(client.contains("pub const DEFAULT_BASE_URL: &str = \"https://api.acme.example\";"));

    // It builds, with its mocks, against the versions this workspace locks
    // (a target folder of its own, reused between runs).
    let status = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--features", "mock"])
        .current_dir(out.path())
        .env("CARGO_TARGET_DIR", workspace().join("target/standalone"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the standalone crate does not build");
}

#[test]
fn a_missing_document_is_an_error_and_writes_nothing() {
    let out = tempfile::tempdir().expect("tempdir");
    let options = Standalone {
        root: workspace(),
        spec: workspace().join("xtask/tests/standalone/nope.yaml"),
        out: out.path().join("crate"),
        name: None,
        select: None,
    };
    let err = run(&options).expect_err("no document");
    assert!(err.to_string().contains("nope.yaml"), "{err}");
    assert!(!out.path().join("crate").exists());
}
