#!/usr/bin/env bash
# Every performance figure in one table: value, baseline, ratio,
# target, pass/fail. Timings are noisy on a shared machine, so each ratio
# compares figures taken in the same run (the client ones in the same process).
#
#   scripts/bench.sh [--quick] [--compile]
#
#   client overhead  cargo bench -p cloud-clusters-tests --bench client_overhead
#   regen            cargo bench -p xtask --bench regen
#   diff             cargo bench -p xtask --bench diff (two versions of a 4 MB document)
#   regen memory     the regen bench binary with REGEN_PEAK_OPS=1000 and 2000, and
#                    the xtask binary on the committed specs, under /usr/bin/time
#   cargo xtask      `cargo xtask regen --check`, xtask built: wall time
#   --compile        scripts/bench_compile.sh too (clean builds; slow)
#   --quick          1 s of criterion measurement per client benchmark
#
# Figures land in target/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}
export BENCH_RESULTS=$target/bench-results
mkdir -p "$BENCH_RESULTS"
quick=() compile=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=(--warm-up-time 0.5 --measurement-time 1) ;;
        --compile) compile=1 ;;
        *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done
run() { # run LOG COMMAND...: the command's output to LOG, its tail on failure
    "${@:2}" > "$BENCH_RESULTS/$1" 2>&1 || { tail -30 "$BENCH_RESULTS/$1" >&2; exit 1; }
}
timed() { # timed NAME COMMAND...: max RSS and wall time to NAME.time
    /usr/bin/time -o "$BENCH_RESULTS/$1.time" -f "%M %e" "${@:2}" > "$BENCH_RESULTS/$1.log" 2>&1
}

echo "== client overhead" >&2
run client_overhead.log cargo bench -q --locked -p cloud-clusters-tests --bench client_overhead -- "${quick[@]}"
echo "== regen" >&2
run regen.log cargo bench -q --locked -p xtask --bench regen
echo "== diff" >&2
run diff.log cargo bench -q --locked -p xtask --bench diff
echo "== regen peak memory, cargo xtask regen --check" >&2
regen_bench=$(cargo bench -q --locked -p xtask --bench regen --no-run --message-format=json \
    | python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("target", {}).get("name") == "regen" and m.get("executable")][0])')
for ops in 1000 2000; do
    REGEN_PEAK_OPS=$ops timed "peak_$ops" "$regen_bench"
done
cargo build -q --locked -p xtask
timed peak_committed "$target/debug/xtask" regen --check || true
timed xtask_regen cargo xtask regen --check || true # the time counts whether or not the files are current
if [ "$compile" = 1 ]; then
    echo "== compile" >&2
    bash scripts/bench_compile.sh >&2
fi
python3 scripts/bench_table.py "$BENCH_RESULTS" "$target/criterion"
