#!/usr/bin/env python3
"""Checks that the workspace's `rust-version` is the truth: the highest
`rust-version` any dependency in Cargo.lock's resolve requires.

A lower one promises a toolchain the build cannot use; a higher one turns away
users it need not. Reads `cargo metadata --locked`; exits 1 naming the
dependency that sets the minimum when the two differ.
"""

import json
import subprocess
import sys


def version(text):
    return tuple(int(part) for part in text.split("."))


def same(a, b):
    """1.88 and 1.88.0 are the same version."""
    pad = lambda v: v + (0,) * (3 - len(v))
    return pad(version(a)) == pad(version(b))


def main() -> int:
    out = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    meta = json.loads(out)
    members = set(meta["workspace_members"])
    declared = set()
    required = []
    for p in meta["packages"]:
        rv = p.get("rust_version")
        if p["id"] in members:
            if rv:
                declared.add(rv)
        elif rv:
            required.append((version(rv), rv, f"{p['name']} {p['version']}"))
    if len(declared) != 1:
        print(f"error: the workspace members declare {sorted(declared) or 'no'} rust-version: "
              "set one in [workspace.package] and `rust-version.workspace = true` in each")
        return 1
    ours = declared.pop()
    if not required:
        print(f"rust-version {ours}: no dependency declares one")
        return 0
    _, highest, who = max(required)
    if not same(ours, highest):
        print(f"error: rust-version is {ours}, but {who} requires {highest}: "
              f"set rust-version = \"{highest}\" in [workspace.package] of Cargo.toml")
        return 1
    print(f"rust-version {ours}: the highest any dependency requires ({who})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
