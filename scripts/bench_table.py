#!/usr/bin/env python3
"""Prints scripts/bench.sh's table from what the benchmarks left in RESULTS_DIR.

    bench_table.py RESULTS_DIR CRITERION_DIR [--markdown]

--markdown prints the same rows as a Markdown table (the README's).
"""

import json
import os
import sys
import time

results, criterion = sys.argv[1], sys.argv[2]
markdown = "--markdown" in sys.argv[3:]
rows = []


def row(name, value, baseline=None, target=None, ok=None, ratio=None):
    if ratio is None and isinstance(value, float) and baseline:
        ratio = value / baseline
    rows.append((name, value, baseline, ratio, target or "report", ok))


def load(name):
    try:
        with open(os.path.join(results, name), encoding="utf-8") as f:
            return json.load(f) if name.endswith(".json") else f.read().split()
    except (OSError, ValueError):
        return None


def median_s(*parts):
    try:
        with open(os.path.join(criterion, *parts, "new", "estimates.json"), encoding="utf-8") as f:
            return json.load(f)["median"]["point_estimate"] / 1e9
    except (OSError, KeyError, ValueError):
        return None


for c in load("client_overhead.json") or []:
    # `…-no-retries` is a diagnostic (retries off), not one of the target's calls.
    diagnostic = c["name"].endswith("-no-retries")
    row(f"client {c['name']} (µs/call; baseline hand-written)", c["generated_us"], c["hand_us"],
        "report" if diagnostic else "≤ 1.05×", None if diagnostic else c["ratio"] <= 1.05, ratio=c["ratio"])

for case, what in (("describe", "describe body"), ("status", "1,000 statuses")):
    parts = (f"decode_zilliz-v1_{case}",)
    ours, derived, hand = (median_s(*parts, side) for side in ("generated", "serde_untagged", "hand_written"))
    if ours and hand:
        row(f"decode zilliz-v1 {what}, generated (µs; baseline hand-written)", ours * 1e6, hand * 1e6)
    if ours and derived:
        row(f"decode zilliz-v1 {what}, serde's untagged derive (µs; baseline generated)", derived * 1e6, ours * 1e6)

committed, s1000, s2000 = (median_s("regen", *p) for p in (["committed_specs"], ["synthetic", "1000"], ["synthetic", "2000"]))
if committed:
    row("regen committed specs, in process (s)", committed, None, "< 1 s", committed < 1)
if s1000:
    row("regen synthetic 1000 ops / 2000 schemas (s)", s1000, None, "< 10 s", s1000 < 10)
if s1000 and s2000:
    row("regen synthetic 2000 ops (s; baseline 1000 ops)", s2000, s1000, "≤ 2.2×", s2000 / s1000 <= 2.2)
refused = median_s("regen", "one-refused", "1000")
if s1000 and refused:
    row("regen 1000 ops, one refused and left out (s; baseline: none refused)", refused, s1000, "≤ 3×", refused / s1000 <= 3)
for fmt_name in ("json", "yaml"):
    parse, diffed = median_s("diff", f"{fmt_name}_parse"), median_s("diff", f"{fmt_name}_diff")
    if diffed:
        row(f"diff 4 MB pair, {fmt_name} (s; baseline: parsing both)", diffed, parse, "< 1 s", diffed < 1)
xtask = load("xtask_regen.time")
if xtask:
    wall = float(xtask[-1])
    row("cargo xtask regen --check, committed, wall (s)", wall, None, "< 1 s", wall < 1)

peaks = {name: float(load(f"peak_{name}.time")[-2]) / 1024 for name in ("committed", "1000", "2000") if load(f"peak_{name}.time")}
for name, mib in peaks.items():
    base = peaks.get("1000") if name == "2000" else None
    label = "committed specs (xtask binary)" if name == "committed" else f"synthetic {name} ops"
    row(f"regen peak RSS, {label} (MiB)", mib, base, "< 1024", mib < 1024)

compiled = load("compile.json")
if compiled:
    when = time.strftime("%m-%d %H:%M", time.localtime(os.path.getmtime(os.path.join(results, "compile.json"))))
    for b in compiled["builds"]:
        row(f"clean build {b['build']} (s, {when}; share: generated code)", b["wall_s"], None, "report", None,
            ratio=b["generated_share"])
    row("no provider crate depends on another", "yes" if compiled["providers_independent"] else "no", None, "yes",
        compiled["providers_independent"])
    row("facade features pull in only their provider", "yes" if compiled["features_select_providers"] else "no",
        None, "yes", compiled["features_select_providers"])


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"


table = [("measurement", "value", "baseline", "ratio", "target", "pass/fail")]
table += [(n, fmt(v), fmt(b), fmt(r), t, "-" if ok is None else ("pass" if ok else "FAIL")) for n, v, b, r, t, ok in rows]
if markdown:
    for i, r in enumerate(table):
        print("| " + " | ".join(r) + " |")
        if i == 0:
            print("|---|" + "---:|" * 3 + "---|---|")
    sys.exit(0)
widths = [max(len(r[i]) for r in table) for i in range(6)]
print(f"\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
for i, r in enumerate(table):
    print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
    if i == 0:
        print("  ".join("-" * w for w in widths))
