//! End-to-end tests of `cargo xtask regen` on copies of the workspace's own specs.

mod common;

use std::path::Path;

use common::{snapshot, workspace};
use xtask::Error;
use xtask::regen::{Options, run};

/// Copies `specs/`, `Cargo.lock` and every crate's generated files into a temporary root.
fn copy_workspace() -> tempfile::TempDir {
    let dir = common::copy_parts(&["specs", "Cargo.lock"]);
    for entry in std::fs::read_dir(workspace().join("crates")).expect("crates") {
        let entry = entry.expect("entry");
        for name in ["generated.rs", "generated_mock.rs"] {
            let from = entry.path().join("src").join(name);
            if from.exists() {
                let to = dir
                    .path()
                    .join("crates")
                    .join(entry.file_name())
                    .join("src");
                std::fs::create_dir_all(&to).expect("mkdir");
                std::fs::copy(&from, to.join(name)).expect("copy");
            }
        }
    }
    dir
}

fn options(root: &Path, check: bool) -> Options {
    Options {
        root: root.to_path_buf(),
        provider: None,
        check,
        strict: false,
        providers_file: None,
    }
}

#[test]
fn committed_generated_files_are_current() {
    let report = run(&options(&workspace(), true)).expect("regen --check");
    assert!(
        report.stale.is_empty(),
        "stale: {:?}\n{}",
        report.stale,
        report.diffs.join("\n")
    );
    assert_eq!(report.rows.len(), 5);
    assert!(
        report
            .rows
            .iter()
            .all(|r| r.operations > 0 && r.types > 0 && !r.changed)
    );
}

#[test]
fn two_runs_write_identical_bytes() {
    let a = copy_workspace();
    let b = copy_workspace();
    for dir in [&a, &b] {
        // Start from nothing generated, so every file is written by this run.
        std::fs::remove_dir_all(dir.path().join("crates")).expect("rm");
        run(&options(dir.path(), false)).expect("regen");
    }
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    assert!(sa == sb, "two runs differ");
    // And both equal what is committed.
    let report = run(&options(&workspace(), true)).expect("check");
    assert!(report.stale.is_empty());
    for (rel, bytes) in &sa {
        if rel.starts_with("crates") {
            assert_eq!(
                &std::fs::read(workspace().join(rel)).expect("committed"),
                bytes,
                "{rel}"
            );
        }
    }
}

#[test]
fn a_broken_provider_leaves_the_whole_tree_as_it_was() {
    let dir = copy_workspace();
    // A change that would rewrite together's files if anything were written...
    let together = dir.path().join("specs/together-tcloud/openapi.yaml");
    let text = std::fs::read_to_string(&together).expect("read");
    std::fs::write(
        &together,
        text.replace("List all GPU clusters.", "List every GPU cluster."),
    )
    .expect("write");
    // ...and a provider listed after it whose document is malformed.
    let broken = dir.path().join("specs/tensorpool/openapi.json");
    let text = std::fs::read_to_string(&broken).expect("read");
    std::fs::write(&broken, text.replacen("\"paths\": {", "\"paths\": {,", 1)).expect("write");
    let before = snapshot(dir.path());

    let err = run(&options(dir.path(), false)).expect_err("must fail");
    match &err {
        Error::Parse { file, line, .. } => {
            assert_eq!(file, "specs/tensorpool/openapi.json");
            assert!(*line > 1);
        }
        other => panic!("expected a parse error, got {other}"),
    }
    assert!(before == snapshot(dir.path()), "the tree changed");
}

#[test]
fn check_reports_a_hand_edited_file_and_changes_nothing() {
    let dir = copy_workspace();
    let file = dir.path().join("crates/together-tcloud/src/generated.rs");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replacen("pub struct Client", "pub struct Client /* edited */", 1),
    )
    .expect("write");
    let before = snapshot(dir.path());
    let report = run(&options(dir.path(), true)).expect("check runs");
    assert_eq!(report.stale, ["crates/together-tcloud/src/generated.rs"]);
    assert!(
        report.diffs[0].contains("-pub struct Client /* edited */"),
        "{}",
        report.diffs[0]
    );
    assert!(before == snapshot(dir.path()));
}

/// Adds a cookie parameter (progenitor 0.15 refuses those) to Together's `RegionService_List`.
fn break_one_operation(root: &Path) {
    let together = root.join("specs/together-tcloud/openapi.yaml");
    let text = std::fs::read_to_string(&together).expect("read");
    let marker = "      operationId: RegionService_List\n";
    assert!(text.contains(marker));
    let cookie = "      parameters:\n        - name: session\n          in: cookie\n          required: true\n          schema:\n            type: string\n";
    std::fs::write(
        &together,
        text.replace(marker, &format!("{marker}{cookie}")),
    )
    .expect("write");
}

#[test]
fn an_operation_progenitor_refuses_fails_a_strict_run_naming_it() {
    let dir = copy_workspace();
    break_one_operation(dir.path());
    let before = snapshot(dir.path());
    let strict = Options {
        strict: true,
        ..options(dir.path(), false)
    };
    match run(&strict).expect_err("must fail") {
        Error::Generate {
            provider,
            operations,
            message,
        } => {
            assert_eq!(provider, "together-tcloud");
            assert_eq!(operations.len(), 1, "{operations:?}");
            assert!(
                operations[0].starts_with("GET /api/v1/regions (RegionService_List): "),
                "{}",
                operations[0]
            );
            assert!(!message.is_empty());
        }
        other => panic!("expected a generation error, got {other}"),
    }
    assert!(before == snapshot(dir.path()));
}

#[test]
fn an_operation_progenitor_refuses_is_skipped_and_reported_by_default() {
    let dir = copy_workspace();
    break_one_operation(dir.path());
    let report = run(&options(dir.path(), false)).expect("the rest generates");
    let together = report
        .rows
        .iter()
        .find(|r| r.provider == "together-tcloud")
        .expect("row");
    assert_eq!(together.skipped.len(), 1, "{:?}", together.skipped);
    assert!(together.skipped[0].starts_with("GET /api/v1/regions (RegionService_List)"));
    assert_eq!(together.operations, 10);
    let generated =
        std::fs::read_to_string(dir.path().join("crates/together-tcloud/src/generated.rs"))
            .expect("read");
    assert!(generated.contains(
        "// Skipped (progenitor cannot generate it): GET /api/v1/regions (RegionService_List)"
    ));
    assert!(!generated.contains("pub fn region_service_list"));
    assert!(generated.contains("pub fn gpu_cluster_service_create"));
}

#[test]
fn a_bad_value_in_a_document_leaves_out_its_operation_and_a_strict_run_names_file_and_pointer() {
    let dir = copy_workspace();
    let together = dir.path().join("specs/together-tcloud/openapi.yaml");
    let text = std::fs::read_to_string(&together).expect("read");
    let text = text.replacen(
        "          description: OK\n",
        "          description: [1, 2]\n",
        1,
    );
    std::fs::write(&together, text).expect("write");
    let before = snapshot(dir.path());
    let strict = Options {
        strict: true,
        ..options(dir.path(), false)
    };
    let err = run(&strict).expect_err("a strict run must fail");
    match &err {
        Error::Invalid { file, pointer, .. } => {
            assert_eq!(file, "specs/together-tcloud/openapi.yaml");
            assert_eq!(
                pointer,
                "/paths/~1api~1v1~1gpu_cluster/put/responses/200/description"
            );
        }
        other => panic!("expected an invalid-document error, got {other}"),
    }
    assert!(
        before == snapshot(dir.path()),
        "a failed run changed the tree"
    );

    let report = run(&options(dir.path(), false)).expect("the rest generates");
    let row = report
        .rows
        .iter()
        .find(|r| r.provider == "together-tcloud")
        .expect("row");
    assert_eq!(row.skipped.len(), 1, "{:?}", row.skipped);
    assert!(
        row.skipped[0].starts_with(
            "PUT /api/v1/gpu_cluster (GPUClusterService_Update): openapiv3 cannot read /paths/~1api~1v1~1gpu_cluster/put/responses/200/description"
        ),
        "{}",
        row.skipped[0]
    );
    assert_eq!(row.operations, 10);
}

#[test]
fn the_binary_acts_on_the_checkout_it_runs_in() {
    // Another checkout, as a second clone sharing this one's target folder
    // would be: the same binary, run from inside it, without --root.
    let dir = copy_workspace();
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("manifest");
    break_one_operation(dir.path());
    let from_inside = dir.path().join("specs/together-tcloud");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--check"])
        .current_dir(&from_inside)
        .output()
        .expect("xtask runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // This checkout's generated files are current; the copy's are not, since
    // its document changed: the run looked at the copy.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stale: crates/together-tcloud/src/generated.rs"),
        "{stderr}"
    );
}
