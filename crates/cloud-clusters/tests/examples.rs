//! The examples as users run them: against a local mock when no API key is set
//! (exit 0), and, when a setting is missing or wrong, one sentence on stderr
//! naming the variable and what to set it to (exit 1), never a `Debug` dump.

use std::path::PathBuf;
use std::process::Command;

/// The example binary `name`, built beside this test by `cargo test`.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    // target/<profile>/deps/<test> → target/<profile>/examples/<name>
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    profile.join("examples").join(name)
}

const KEYS: [&str; 3] = ["ZILLIZ_API_KEY", "TENSORPOOL_KEY", "TOGETHER_API_KEY"];
const SETTINGS: [&str; 6] = [
    "ZILLIZ_PROJECT_ID",
    "ZILLIZ_REGION_ID",
    "ZILLIZ_CLUSTER_ID",
    "TENSORPOOL_INSTANCE_TYPE",
    "TOGETHER_REGION",
    "NO_COLOR",
];

/// Runs example `name` with only `env` set among the variables the examples read.
fn run(name: &str, env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let path = example(name);
    assert!(
        path.exists(),
        "{} is not built (cargo test builds the examples)",
        path.display()
    );
    let mut command = Command::new(&path);
    for var in KEYS.iter().chain(SETTINGS.iter()) {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    let out = command.output().expect("the example runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_example_runs_against_the_local_mock_without_a_key() {
    for name in [
        "zilliz_v1",
        "zilliz_v2",
        "zilliz_v2_backup",
        "tensorpool",
        "together",
        "together_tcloud",
    ] {
        let (code, stdout, stderr) = run(name, &[]);
        assert_eq!(code, Some(0), "{name}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("using a local mock server"),
            "{name}: {stdout}"
        );
    }
}

/// An example, the variables it runs with, and what it must print on stderr.
type Case = (&'static str, &'static [(&'static str, &'static str)], &'static str);

#[test]
fn a_missing_setting_is_one_sentence_naming_the_variable() {
    let cases: [Case; 6] = [
        (
            "zilliz_v2",
            &[("ZILLIZ_API_KEY", "k")],
            "error: ZILLIZ_PROJECT_ID is not set: set it to the project to create the cluster in (proj-...)\n",
        ),
        (
            "zilliz_v1",
            &[("ZILLIZ_API_KEY", "k")],
            "error: ZILLIZ_REGION_ID is not set: set it to the region of your project, such as gcp-us-west1\n",
        ),
        (
            "zilliz_v2_backup",
            &[("ZILLIZ_API_KEY", "k")],
            "error: ZILLIZ_CLUSTER_ID is not set: set it to the dedicated cluster to back up (in01-...)\n",
        ),
        (
            "together",
            &[("TOGETHER_API_KEY", "k")],
            "error: TOGETHER_REGION is not set: set it to a region from GET /compute/regions, such as us-central-8\n",
        ),
        (
            "together_tcloud",
            &[("TOGETHER_API_KEY", "k"), ("TOGETHER_REGION", " ")],
            "error: TOGETHER_REGION is empty: set it to a region from GET /api/v1/regions, such as us-central-8\n",
        ),
        (
            "tensorpool",
            &[("TENSORPOOL_KEY", "")],
            "error: the API key from TENSORPOOL_KEY is empty: set it to your API key\n",
        ),
    ];
    for (name, env, expected) in cases {
        let (code, _, stderr) = run(name, env);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert_eq!(stderr, expected, "{name}");
    }
}
