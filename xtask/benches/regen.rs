//! Regen benchmarks: the whole in-memory pipeline (read → overlay → normalize →
//! validate → generate → open enums → envelopes → format; nothing written) of
//!
//! - `regen/committed_specs`: the four committed provider documents, one after the other;
//! - `regen/synthetic/1000`: a synthetic document of 1,000 operations and 2,000 schemas;
//! - `regen/synthetic/2000`: 2,000 operations and 4,000 schemas (the doubling).
//!
//! Targets (issue 6): committed < 1 s, 1000/2000 < 10 s, 2000/1000 ≤ 2.2×.
//! `scripts/bench.sh` reads criterion's estimates and prints them in its table.
//!
//! `cargo bench -p xtask --bench regen` runs them. With `REGEN_PEAK_OPS=N` the
//! binary instead regenerates one synthetic document of N operations once and
//! exits, so `/usr/bin/time -v` can report its peak memory (max RSS); it prints
//! each stage's time and memory, and with `REGEN_PEAK_OUT=DIR` writes the
//! generated files there.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use xtask::config::{self, Provider};
use xtask::synthetic;

/// What the generated headers name as generators (the benchmark does not read Cargo.lock).
const GENERATORS: &str = "benchmark";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}

/// A provider's document and overlay, read once (outside the timed part).
struct Input {
    provider: Provider,
    document: Vec<u8>,
    overlay: Option<(String, Vec<u8>)>,
}

fn committed() -> Vec<Input> {
    let root = root();
    let providers = config::load(&root).expect("specs/providers.toml loads");
    providers
        .providers
        .into_iter()
        .map(|provider| {
            let read = |file: &str| {
                std::fs::read(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
            };
            let document = read(&provider.document);
            let overlay = provider.overlay.as_ref().map(|f| (f.clone(), read(f)));
            Input {
                provider,
                document,
                overlay,
            }
        })
        .collect()
}

fn regen(input: &Input) -> usize {
    let generated = synthetic::regen_in_memory(
        &input.provider,
        &input.document,
        input
            .overlay
            .as_ref()
            .map(|(f, b)| (f.as_str(), b.as_slice())),
        GENERATORS,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", input.provider.name));
    generated.client.len() + generated.mock.len()
}

fn synthetic_input(operations: usize) -> Input {
    Input {
        provider: synthetic::provider(),
        document: synthetic::document_bytes(operations),
        overlay: None,
    }
}

fn benches(c: &mut Criterion) {
    let inputs = committed();
    let mut group = c.benchmark_group("regen");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat);
    group.bench_function("committed_specs", |b| {
        b.iter(|| black_box(inputs.iter().map(regen).sum::<usize>()))
    });
    for operations in [1000, 2000] {
        let input = synthetic_input(operations);
        // One run per sample: each takes seconds.
        group.warm_up_time(Duration::from_millis(1));
        group.measurement_time(Duration::from_secs(1));
        group.bench_with_input(
            BenchmarkId::new("synthetic", operations),
            &input,
            |b, input| b.iter(|| black_box(regen(input))),
        );
    }
    group.finish();
}

/// `VmRSS` and `VmHWM` (peak) of this process, in MiB (Linux; zeros elsewhere).
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

/// `REGEN_PEAK_OPS=N`: one regen of a synthetic document of N operations, for
/// `/usr/bin/time -v`; prints each stage's time and the memory after it.
fn peak(operations: usize) {
    let input = synthetic_input(operations);
    let (ops, schemas) = synthetic::counts(&synthetic::document(operations));
    let start = Instant::now();
    let mut last = start;
    let mut stages = Vec::new();
    let generated = synthetic::regen_observed(
        &input.provider,
        &input.document,
        None,
        GENERATORS,
        &mut |stage| {
            let now = Instant::now();
            let (rss, hwm) = memory_mib();
            stages.push((stage, (now - last).as_secs_f64(), rss, hwm));
            last = now;
        },
    )
    .expect("the synthetic document generates");
    let total = start.elapsed().as_secs_f64();
    println!(
        "regen of a synthetic document ({ops} operations, {schemas} schemas, {} KiB of JSON): \
         client {} KiB / {} lines, mocks {} KiB / {} lines, {} operations skipped, {total:.2} s",
        input.document.len() / 1024,
        generated.client.len() / 1024,
        generated.client.lines().count(),
        generated.mock.len() / 1024,
        generated.mock.lines().count(),
        generated.skipped.len(),
    );
    if let Some(dir) = std::env::var_os("REGEN_PEAK_OUT") {
        // For looking at what was generated (composition, size).
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("REGEN_PEAK_OUT is a folder");
        std::fs::write(dir.join("generated.rs"), &generated.client).expect("write");
        std::fs::write(dir.join("generated_mock.rs"), &generated.mock).expect("write");
    }
    println!(
        "{:<30} {:>8} {:>10} {:>10}",
        "stage", "s", "RSS MiB", "peak MiB"
    );
    for (stage, secs, rss, hwm) in stages {
        println!("{stage:<30} {secs:>8.2} {rss:>10.0} {hwm:>10.0}");
    }
}

fn main() {
    if let Some(n) = std::env::var("REGEN_PEAK_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        peak(n);
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
