#!/usr/bin/env python3
"""Reads a `cargo build --timings` report; prints one JSON line for bench_compile.sh.

    bench_compile_timings.py cargo-timing.html BUILD WALL_SECONDS

`generated_s` is the wall time from the start of the first provider crate's unit
to the end of the last workspace unit (the facade follows its providers): the
part of the build spent on generated code, nothing else running by then but
other provider crates.
"""

import json
import re
import sys

report, build, wall = sys.argv[1], sys.argv[2], float(sys.argv[3])
html = open(report, encoding="utf-8").read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
providers = [u for u in units if u["name"].replace("_", "-").startswith("cloud-clusters-") and not u["name"].endswith("core")]
ours = [u for u in units if u["name"].replace("_", "-").startswith("cloud-clusters")]
generated = max(u["start"] + u["duration"] for u in ours) - min(u["start"] for u in providers)
print(json.dumps({
    "build": build,
    "wall_s": round(wall, 2),
    "units": len(units),
    "generated_s": round(generated, 2),
    "generated_share": round(generated / wall, 4),
    "crates": {u["name"]: round(u["duration"], 2) for u in ours},
}))
