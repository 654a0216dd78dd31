#!/usr/bin/env python3
"""Reads a `cargo build --timings` HTML report; prints one JSON line for scripts/bench_compile.sh.

    bench_compile_timings.py REPORT.html BUILD WALL_SECONDS

The crate's own units are the workspace's units: their names start with
`cloud-clusters` (the provider crates, the facade, and `cloud-clusters-core`
reported apart as `core_s`). For a provider crate almost all of its own unit is
generated code (src/generated.rs, beside a lib.rs of about a hundred lines).
"""

import json
import re
import sys


def units(html: str) -> list[dict]:
    match = re.search(r"const UNIT_DATA = (\[.*?\]);\s*\n", html, re.S)
    if not match:
        raise SystemExit("no UNIT_DATA in the timing report")
    return json.loads(match.group(1))


def main() -> None:
    report, build, wall = sys.argv[1], sys.argv[2], float(sys.argv[3])
    data = units(open(report, encoding="utf-8").read())
    crate = build.split("+")[0]
    own = [u for u in data if u["name"].replace("_", "-") == crate and u.get("target", "") in ("", " (lib)", " lib")]
    if not own:
        own = [u for u in data if u["name"].replace("_", "-") == crate]
    core = [u for u in data if u["name"].replace("_", "-") == "cloud-clusters-core"]
    providers = [
        u
        for u in data
        if u["name"].replace("_", "-").startswith("cloud-clusters-")
        and u["name"].replace("_", "-") != "cloud-clusters-core"
    ]
    own_s = sum(u["duration"] for u in own)
    if crate == "cloud-clusters":
        # The facade is a handful of `pub use`s: what it costs is its providers.
        own_s += sum(u["duration"] for u in providers)
    line = {
        "build": build,
        "wall_s": round(wall, 2),
        "units": len(data),
        "cpu_s": round(sum(u["duration"] for u in data), 2),
        "own_s": round(own_s, 2),
        "own_share": round(own_s / wall, 4) if wall else 0.0,
        "core_s": round(sum(u["duration"] for u in core), 2),
        "slowest": sorted(
            ({"name": u["name"], "s": round(u["duration"], 1)} for u in data),
            key=lambda u: -u["s"],
        )[:5],
    }
    print(json.dumps(line))


if __name__ == "__main__":
    main()
