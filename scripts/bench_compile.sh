#!/usr/bin/env bash
# Compile cost of the provider crates and the facade (issue 6, "Compile").
#
#   scripts/bench_compile.sh [--release] [CRATE ...]
#
# For each crate (default: the four provider crates, the facade with its default
# features — all four providers — and the facade with --all-features), a clean
# `cargo build -p CRATE --timings` in its own CARGO_TARGET_DIR under /tmp (the
# shared target/ is left alone), then from cargo's timing data: the wall time,
# the time of the crate's own units (a provider crate is its generated.rs plus a
# short lib.rs), and their share of the wall time. Also checks that no provider
# crate depends on another and that each facade feature pulls in only its provider.
#
# Writes target/bench-results/compile.json (read by scripts/bench.sh) and prints a table.
# Environment: BENCH_COMPILE_DIR (default /tmp/cloud-clusters-bench-compile),
# BENCH_RESULTS (default target/bench-results), BENCH_COMPILE_KEEP=1 keeps the target dirs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

profile_flag=()
profile=dev
crates=()
for arg in "$@"; do
    case "$arg" in
        --release) profile_flag=(--release); profile=release ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) crates+=("$arg") ;;
    esac
done
providers=(cloud-clusters-zilliz-v1 cloud-clusters-zilliz-v2 cloud-clusters-tensorpool cloud-clusters-together)
if [ ${#crates[@]} -eq 0 ]; then
    crates=("${providers[@]}" cloud-clusters cloud-clusters+all-features)
fi

base=${BENCH_COMPILE_DIR:-/tmp/cloud-clusters-bench-compile}
results=${BENCH_RESULTS:-$root/target/bench-results}
mkdir -p "$base" "$results"
rows="$results/compile.rows"
: > "$rows"

echo "== dependency checks" >&2
deps_ok=1
for p in "${providers[@]}"; do
    others=$(cargo tree -q -p "$p" -e normal --prefix none --locked 2>/dev/null \
        | awk '{print $1}' | grep '^cloud-clusters-' | grep -v "^$p\$" | grep -v '^cloud-clusters-core$' | sort -u || true)
    if [ -n "$others" ]; then
        echo "FAIL $p depends on: $others" >&2
        deps_ok=0
    else
        echo "ok   $p depends on no other provider" >&2
    fi
done
features_ok=1
for p in "${providers[@]}"; do
    feature=${p#cloud-clusters-}
    pulled=$(cargo tree -q -p cloud-clusters --no-default-features --features "$feature" -e normal --prefix none --locked 2>/dev/null \
        | awk '{print $1}' | grep '^cloud-clusters-' | grep -v '^cloud-clusters-core$' | sort -u | tr '\n' ' ')
    if [ "$pulled" = "$p " ]; then
        echo "ok   facade --features $feature pulls in only $p" >&2
    else
        echo "FAIL facade --features $feature pulls in: $pulled" >&2
        features_ok=0
    fi
done

for spec in "${crates[@]}"; do
    crate=${spec%%+*}
    flags=()
    case "$spec" in
        *+all-features) flags=(--all-features) ;;
    esac
    dir="$base/${spec//+/-}"
    rm -rf "$dir"
    echo "== clean build of $spec ($profile) in $dir" >&2
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$dir" cargo build -q --locked -p "$crate" "${flags[@]}" "${profile_flag[@]}" --timings >&2
    end=$(date +%s.%N)
    timing=$(ls -t "$dir"/cargo-timings/cargo-timing-*.html | head -1)
    python3 "$root/scripts/bench_compile_timings.py" "$timing" "$spec" "$(echo "$end - $start" | bc)" >> "$rows"
    if [ "${BENCH_COMPILE_KEEP:-0}" != 1 ]; then
        rm -rf "$dir"
    fi
done

python3 - "$rows" "$results/compile.json" "$deps_ok" "$features_ok" "$profile" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
out = {"profile": sys.argv[5], "providers_independent": sys.argv[3] == "1",
       "features_select_providers": sys.argv[4] == "1", "builds": rows}
json.dump(out, open(sys.argv[2], "w"), indent=2)
print(f"{'build':<34} {'wall s':>8} {'units':>6} {'own s':>8} {'own %':>6}")
for r in rows:
    print(f"{r['build']:<34} {r['wall_s']:>8.1f} {r['units']:>6} {r['own_s']:>8.1f} {100*r['own_share']:>5.0f}%")
print(f"providers independent: {out['providers_independent']}; facade features select providers: {out['features_select_providers']}")
EOF
rm -f "$rows"
