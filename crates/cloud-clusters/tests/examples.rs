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
        "inventory",
    ] {
        let (code, stdout, stderr) = run(name, &[]);
        assert_eq!(code, Some(0), "{name}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("using a local mock server"),
            "{name}: {stdout}"
        );
    }
}

/// Runs the inventory example with `args`, without any API key and with stdin empty.
fn inventory(args: &[&str]) -> (Option<i32>, String, String) {
    let mut command = Command::new(example("inventory"));
    for var in KEYS {
        command.env_remove(var);
    }
    let out = command
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the example runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_inventory_lists_every_provider_at_once_and_deletes_after_confirmation() {
    let (code, stdout, stderr) = inventory(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    for row in [
        "zilliz-v2    in01-xxxxxxxxxxxxxxx     Dedicated-01           running        RUNNING",
        "zilliz-v2    in05-xxxxxxxxxxxxxxx     Serverless-01          suspended      STOPPED",
        "tensorpool   tp-7f3a                  train-8xh100           running        RUNNING",
        "together     cluster-8c1f0a           my-gpu-cluster         provisioning   WaitingForDataPlaneNodes",
    ] {
        assert!(stdout.contains(row), "{row:?} in:\n{stdout}");
    }

    // Without confirmation (stdin is empty), nothing is deleted.
    let (code, stdout, _) = inventory(&["--delete", "together", "cluster-8c1f0a"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("not deleted"), "{stdout}");
    // With --yes it is.
    let (code, stdout, _) = inventory(&["--delete", "together", "cluster-8c1f0a", "--yes"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("deleted cluster-8c1f0a at together"),
        "{stdout}"
    );
    // An unknown provider is a sentence naming the configured ones.
    let (code, _, stderr) = inventory(&["--delete", "nimbus", "x", "--yes"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: no configured provider named \"nimbus\": the configured ones are zilliz-v2, tensorpool, together\n"
    );
}

/// An example, the variables it runs with, and what it must print on stderr.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

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
