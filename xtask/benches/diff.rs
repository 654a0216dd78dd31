//! Diff benchmark: `cargo xtask diff OLD NEW` on two versions of a 4 MB document.
//!
//! The base is the synthetic document of [`xtask::bench_support::synthetic`] grown until its
//! pretty-printed JSON passes 4 MB; the head is the same document with three
//! breaking changes (a new required request property, a request enum value
//! removed, an operation removed). Each pair is given as JSON and as YAML.
//!
//! - `diff/<format>/parse`: the baseline, parsing both documents and nothing else;
//! - `diff/<format>/diff`: [`diff::diff_bytes`], what the command does once the
//!   files are read: parse, normalize and compare both sides, build the report.
//!
//! Target: under 1 s for the 4 MB pair. `scripts/bench.sh`
//! reads criterion's estimates and prints the ratio of the diff to the parse.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use serde_json::{Value, json};
use xtask::bench_support::synthetic;
use xtask::diff;
use xtask::regen::read;

/// The size the base document must reach, in bytes of pretty-printed JSON.
const TARGET_BYTES: usize = 4 << 20;

/// The smallest synthetic document (in steps of 50 operations) of at least 4 MB.
fn base_document() -> Value {
    let mut operations = 500;
    loop {
        let doc = synthetic::document(operations);
        let size = serde_json::to_vec_pretty(&doc).map_or(0, |b| b.len());
        if size >= TARGET_BYTES {
            return doc;
        }
        operations += 50;
    }
}

/// The base with three breaking changes, found by shape rather than by name.
fn head_document(base: &Value) -> Value {
    let mut head = base.clone();
    let schemas = head["components"]["schemas"]
        .as_object_mut()
        .expect("the synthetic document has schemas");
    // A new required property on the first create request.
    if let Some((_, request)) = schemas
        .iter_mut()
        .find(|(name, _)| name.ends_with("CreateRequest"))
    {
        request["properties"]["cuda_version"] = json!({"type": "string"});
        match request["required"].as_array_mut() {
            Some(required) => required.push(json!("cuda_version")),
            None => request["required"] = json!(["cuda_version"]),
        }
    }
    // The last value of the first string enum with more than one value.
    if let Some(values) = schemas
        .values_mut()
        .filter_map(|s| s.get_mut("enum").and_then(Value::as_array_mut))
        .find(|v| v.len() > 1)
    {
        values.pop();
    }
    // The last path item's delete operation.
    let paths = head["paths"]
        .as_object_mut()
        .expect("the synthetic document has paths");
    if let Some(item) = paths
        .values_mut()
        .rev()
        .find_map(|item| item.as_object_mut().filter(|i| i.contains_key("delete")))
    {
        item.remove("delete");
    }
    head
}

fn benches(c: &mut Criterion) {
    let base = base_document();
    let head = head_document(&base);
    let json = (
        serde_json::to_vec_pretty(&base).expect("serializes"),
        serde_json::to_vec_pretty(&head).expect("serializes"),
    );
    let yaml = (
        serde_saphyr::to_string(&base)
            .expect("serializes")
            .into_bytes(),
        serde_saphyr::to_string(&head)
            .expect("serializes")
            .into_bytes(),
    );
    eprintln!(
        "diff benchmark: {} operations; JSON {} and {} bytes, YAML {} and {} bytes",
        synthetic::counts(&base).0,
        json.0.len(),
        json.1.len(),
        yaml.0.len(),
        yaml.1.len(),
    );
    // The report must hold the three changes, or the benchmark measures nothing.
    let report = diff::diff_bytes("old.json", &json.0, "new.json", &json.1).expect("diffs");
    assert!(
        report.changes.len() >= 3,
        "expected the three changes, got {}",
        report.changes.len()
    );

    let mut group = c.benchmark_group("diff");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (format, (old, new)) in [("json", &json), ("yaml", &yaml)] {
        let (old_name, new_name) = (format!("old.{format}"), format!("new.{format}"));
        group.bench_function(format!("{format}/parse"), |b| {
            b.iter(|| {
                let a = read::parse(&old_name, old).expect("parses");
                let b = read::parse(&new_name, new).expect("parses");
                black_box((a, b))
            })
        });
        group.bench_function(format!("{format}/diff"), |b| {
            b.iter(|| black_box(diff::diff_bytes(&old_name, old, &new_name, new).expect("diffs")))
        });
    }
    group.finish();
}

criterion::criterion_group!(diff_benches, benches);
criterion::criterion_main!(diff_benches);
