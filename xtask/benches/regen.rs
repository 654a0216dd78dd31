//! Regen benchmark: the pipeline of `cargo xtask regen`, timed by criterion.
//!
//! - `regen/committed_specs`: [`regen::run`] with `--check` on the committed
//!   providers: read, bundle, overlay, normalize, validate, generate, format and
//!   compare with the committed files, nothing written; what `cargo xtask regen
//!   --check` does once the process has started;
//! - `regen/synthetic/1000`: [`regen::prepare`] + [`regen::build_prepared`] of a
//!   synthetic document ([`xtask::bench_support::synthetic`]) of 1,000 operations and 2,000
//!   schemas, given as bytes;
//! - `regen/synthetic/2000`: the same with 2,000 operations and 4,000 schemas;
//! - `regen/one-refused/1000`: the 1,000-operation document with one operation
//!   progenitor refuses, which generation finds (by bisection) and leaves out.
//!
//! Targets: committed < 1 s, synthetic 1000 < 10 s,
//! 2000 / 1000 ≤ 2.2×, one-refused/1000 ≤ 3× synthetic/1000. `scripts/bench.sh` reads criterion's estimates.
//!
//! `REGEN_PEAK_OPS=N` runs one regen of the N-operation synthetic document
//! instead, and prints each stage's time and the memory after it, for
//! `/usr/bin/time -v` to report the peak (max RSS) of a process that does
//! nothing else.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use xtask::bench_support::synthetic;
use xtask::regen::{self, Options};

/// What the generated headers name as generators.
const GENERATORS: &str = "benchmark";

/// `cargo xtask regen --check` without the process: the generated sizes.
fn regen_committed(options: &Options) -> usize {
    let report = regen::run(options).expect("the committed specs regenerate");
    report.rows.iter().map(|r| r.lines).sum()
}

/// Regen of a document held in memory, calling `observe` after each stage.
fn regen_synthetic(document: &[u8], observe: &mut dyn FnMut(&'static str)) -> regen::Built {
    let provider = synthetic::provider();
    let prepared = regen::prepare(synthetic::DOCUMENT, document, None).expect("prepares");
    observe("read, bundle, overlay, normalize");
    regen::build_prepared_observed(
        &provider,
        prepared,
        GENERATORS,
        false,
        Instant::now(),
        None,
        observe,
    )
    .expect("the synthetic document generates")
}

fn benches(c: &mut Criterion) {
    let options = Options {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        check: true,
        ..Options::default()
    };
    let mut group = c.benchmark_group("regen");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("committed_specs", |b| {
        b.iter(|| black_box(regen_committed(&options)))
    });
    // Seconds per run: one warm-up run, then criterion's minimum of ten samples.
    group
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    for operations in [1000, 2000] {
        let document = synthetic::document_bytes(operations);
        group.bench_with_input(
            BenchmarkId::new("synthetic", operations),
            &document,
            |b, document| b.iter(|| black_box(regen_synthetic(document, &mut |_| {}))),
        );
    }
    let document = serde_json::to_vec_pretty(&synthetic::document_with_one_refused_operation(1000))
        .expect("serializes");
    group.bench_with_input(
        BenchmarkId::new("one-refused", 1000),
        &document,
        |b, document| b.iter(|| black_box(regen_synthetic(document, &mut |_| {}))),
    );
    group.finish();
}

/// `VmRSS` and `VmHWM` (the peak) of this process, in MiB (Linux).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// `REGEN_PEAK_OPS=N`: one regen of the N-operation synthetic document, stage by stage.
fn peak(operations: usize) {
    let document = synthetic::document_bytes(operations);
    let (ops, schemas) = synthetic::counts(&synthetic::document(operations));
    let start = Instant::now();
    let mut last = start;
    let mut stages = Vec::new();
    let built = regen_synthetic(&document, &mut |stage| {
        let (rss, peak) = memory_mib();
        stages.push((stage, last.elapsed().as_secs_f64(), rss, peak));
        last = Instant::now();
    });
    println!(
        "synthetic document: {ops} operations, {schemas} schemas, {} KiB of JSON; \
         generated {} lines ({} types, {} operations skipped) in {:.2} s",
        document.len() / 1024,
        built.row.lines,
        built.row.types,
        built.row.skipped.len(),
        start.elapsed().as_secs_f64(),
    );
    println!(
        "{:<36} {:>7} {:>8} {:>9}",
        "stage", "s", "RSS MiB", "peak MiB"
    );
    for (stage, secs, rss, peak) in stages {
        println!("{stage:<36} {secs:>7.2} {rss:>8.0} {peak:>9.0}");
    }
}

fn main() {
    if let Some(n) = std::env::var("REGEN_PEAK_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return peak(n);
    }
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
