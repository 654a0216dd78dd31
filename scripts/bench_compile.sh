#!/usr/bin/env bash
# Compile cost: which providers a build pulls in, and clean build times.
#
#   scripts/bench_compile.sh [BUILD ...]
#
# BUILD is a package, `PACKAGE+all-features`, or `PACKAGE:FEATURES` (built with
# `--no-default-features --features FEATURES`, e.g. `cloud-clusters-zilliz-v2:native-tls`
# to time another TLS stack); default: the provider crates and the facade with all
# features. Each is a clean
# `cargo build --timings` (dev profile) in its own CARGO_TARGET_DIR under
# /tmp, deleted afterwards. From cargo's timing data (bench_compile_timings.py):
# the wall time and the part of it spent compiling the provider crates, which
# are generated code (generated.rs, generated_mock.rs) beside a lib.rs of about
# a hundred lines. Also checks with `cargo tree` that no provider crate depends
# on another and that each facade feature pulls in only its provider.
#
# Writes $BENCH_RESULTS/compile.json (default target/bench-results) and prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=${BENCH_RESULTS:-$root/target/bench-results}
base=${BENCH_COMPILE_DIR:-/tmp/cloud-clusters-bench-compile}
mkdir -p "$results" "$base"
providers=(zilliz-v1 zilliz-v2 tensorpool together together-tcloud)
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=("${providers[@]/#/cloud-clusters-}" cloud-clusters+all-features)

# Workspace crates in a dependency tree, core left out.
providers_in() { cargo tree -q --locked -e normal --prefix none "$@" | awk '$1 ~ /^cloud-clusters-/ && $1 != "cloud-clusters-core" {print $1}' | sort -u | xargs; }
independent=true
selective=true
for p in "${providers[@]}"; do
    alone=$(providers_in -p "cloud-clusters-$p")
    facade=$(providers_in -p cloud-clusters --no-default-features --features "$p")
    echo "cloud-clusters-$p depends on: $alone; facade --features $p pulls in: $facade" >&2
    [ "$alone" = "cloud-clusters-$p" ] || independent=false
    [ "$facade" = "cloud-clusters-$p" ] || selective=false
done

rows=()
for build in "${builds[@]}"; do
    crate=${build%%[+:]*}
    flags=()
    case "$build" in
        *+all-features) flags=(--all-features) ;;
        *:*) flags=(--no-default-features --features "${build#*:}") ;;
    esac
    dir="$base/$(echo "$build" | tr '+:,' '---')"
    rm -rf "$dir"
    echo "== clean build of $build in $dir" >&2
    start=$(date +%s.%N)
    CARGO_TARGET_DIR=$dir cargo build -q --locked -p "$crate" "${flags[@]}" --timings
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    rows+=("$(python3 scripts/bench_compile_timings.py "$dir"/cargo-timings/cargo-timing.html "$build" "$wall")")
    rm -rf "$dir"
done

printf '%s\n' "${rows[@]}" > "$results/compile.rows"
python3 - "$independent" "$selective" "$results" <<'PY'
import json, sys
independent, selective, results = sys.argv[1:]
rows = [json.loads(l) for l in open(f"{results}/compile.rows")]
out = {"providers_independent": independent == "true", "features_select_providers": selective == "true", "builds": rows}
json.dump(out, open(f"{results}/compile.json", "w"), indent=2)
print(f"{'clean build (dev)':<30} {'wall s':>7} {'generated s':>12} {'share':>6}  units")
for r in rows:
    print(f"{r['build']:<30} {r['wall_s']:>7.1f} {r['generated_s']:>12.1f} {r['generated_share']:>6.0%}  {r['units']}")
print("no provider depends on another:", out["providers_independent"], "| facade features pull in only their provider:", out["features_select_providers"])
PY
