#!/usr/bin/env python3
"""The public-corpus scoreboard: every document through `regen --spec`, then a build.

    python3 scripts/corpus.py                      # every document in ../shared/corpus
    python3 scripts/corpus.py box discord          # only these (short names: file names without extension)
    python3 scripts/corpus.py --baseline scripts/corpus_ci.json   # the CI subset, failing on a regression

For each document: `cargo xtask regen --spec DOC --out DIR` (the xtask binary is
built once), in parallel (`--jobs`, default: the number of cores), then
`cargo build --all-features` of the crate, one at a time in one shared target
directory (they share every dependency). One row per document:

- generated: whether regen wrote a crate (the error otherwise);
- ops: operations in the document (get/put/post/delete/patch/head/options/trace);
- left out: how many of them the crate lacks, and why, grouped by reason;
- compiled, warnings: `cargo build --all-features` (client and httpmock helpers),
  rustc's warnings in the generated crate itself;
- gen s, peak MiB: regen's wall time and its peak resident memory.

The table ends with a total line. `--markdown FILE` writes the table as Markdown
(the README's copy), `--json FILE` the rows as JSON (a new baseline).
`--baseline FILE` runs the documents the baseline names and exits 1 if any
got worse: no longer generated or compiled, more warnings, more operations
left out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
EXTENSIONS = (".json", ".yaml", ".yml")


@dataclass
class Row:
    name: str
    ops: int = 0
    generated: bool = False
    error: str = ""
    generated_ops: int = 0
    left_out: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    schemas_left_out: int = 0
    compiled: bool | None = None
    warnings: int = 0
    errors: int = 0
    build_error: str = ""
    gen_seconds: float = 0.0
    peak_mib: float = 0.0
    build_seconds: float = 0.0


def document_of(entry: Path) -> Path | None:
    """The document an entry of the corpus stands for: a file, or in a folder
    (a document split over files) the one file that declares `openapi`."""
    if entry.is_file():
        return entry if entry.suffix in EXTENSIONS else None
    if entry.is_dir():
        roots = [
            p
            for p in sorted(entry.iterdir())
            if p.suffix in EXTENSIONS and re.search(r'^\s*"?openapi"?\s*:', p.read_text(encoding="utf-8"), re.M)
        ]
        return roots[0] if len(roots) == 1 else None
    return None


def short_name(doc: Path, corpus: Path) -> str:
    """A document's short name: its file name without extension, or its folder's."""
    return doc.parent.name if doc.parent != corpus else doc.stem


def document_operations(path: Path) -> int:
    """Operations under `paths`, counted the way SOURCES.md counts them."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            doc = json.loads(text)
        else:
            import yaml  # PyYAML comes with openapi-spec-validator (scripts/requirements.txt)

            doc = yaml.safe_load(text)
    except Exception:  # a document our own reader may still take; counted as 0
        return 0
    paths = doc.get("paths") if isinstance(doc, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for method in METHODS
        if isinstance(item.get(method), dict)
    )


def reason_class(reason: str) -> str:
    """A skip reason without its specifics (names, numbers, quoted values), to group by."""
    reason = re.sub(r"#/components/schemas/[^\s:,;)]+", "#/components/schemas/X", reason)
    reason = re.sub(r"`[^`]*`|\"[^\"]*\"|'[^']*'", "…", reason)
    reason = re.sub(r"\(at [^)]*\)", "", reason)
    reason = re.sub(r"(?<![\d.])\d+(?![\d.])", "N", reason)
    return reason.strip()[:110]


def run_measured(argv: list[str], timeout: float, env: dict | None = None) -> tuple[int, str, str, float, float]:
    """Runs `argv`; returns exit code, stdout, stderr, wall seconds and peak RSS in MiB."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out_chunks: list[str] = []
    err_chunks: list[str] = []

    def pump(stream, chunks):
        for line in stream:
            chunks.append(line)

    readers = [
        threading.Thread(target=pump, args=(proc.stdout, out_chunks), daemon=True),
        threading.Thread(target=pump, args=(proc.stderr, err_chunks), daemon=True),
    ]
    for r in readers:
        r.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    return proc.returncode, "".join(out_chunks), "".join(err_chunks), seconds, usage.ru_maxrss / 1024


WROTE = re.compile(r"^wrote .*: (\d+) operations \((\d+) skipped\), (\d+) types, (\d+) lines$")
CULPRIT = re.compile(r"^[A-Z]+ \S+ \(([^)]*)\): (.*)$")
# `--explain`: an operation a normalization pass removed (multipart-only bodies).
REMOVED = re.compile(r": removed [A-Z]+ \S+: (.*)$")


def generate(xtask: Path, doc: Path, out: Path, row: Row, timeout: float) -> None:
    if out.exists():
        shutil.rmtree(out)
    code, stdout, stderr, seconds, peak = run_measured(
        [str(xtask), "--root", str(ROOT), "regen", "--spec", str(doc), "--out", str(out), "--name", f"corpus-{row.name}", "--explain"],
        timeout,
    )
    row.gen_seconds, row.peak_mib = seconds, peak
    if code != 0:
        first = next((l for l in stderr.splitlines() if l.startswith("error")), stderr.strip()[:200] or f"exit {code}")
        row.error = first[:300]
        row.left_out = row.ops
        row.reasons = {"document not generated": row.ops} if row.ops else {}
        return
    row.generated = True
    reasons: Counter[str] = Counter()
    for line in stdout.splitlines():
        if m := WROTE.match(line):
            row.generated_ops = int(m.group(1))
        elif line.startswith("skipped: "):
            entry = line[len("skipped: ") :]
            if " (schema): " in entry:
                row.schemas_left_out += 1
            elif m := CULPRIT.match(entry):
                operation_id, reason = m.group(1), m.group(2)
                if operation_id:
                    reason = reason.replace(operation_id, "…")
                reasons[reason_class(reason)] += 1
        elif m := REMOVED.search(line):
            reasons[reason_class(m.group(1))] += 1
    row.left_out = max(row.ops - row.generated_ops, 0)
    unexplained = row.left_out - sum(reasons.values())
    if unexplained > 0:
        reasons["left out before generation (see regen --explain)"] += unexplained
    row.reasons = dict(reasons.most_common())


def build(doc_dir: Path, target: Path, row: Row, timeout: float) -> None:
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
    code, stdout, stderr, seconds, _ = run_measured(
        ["cargo", "build", "--quiet", "--all-features", "--message-format=json", "--manifest-path", str(doc_dir / "Cargo.toml")],
        timeout,
        env,
    )
    row.build_seconds = seconds
    own = f"corpus-{row.name}"
    first_error = ""
    for line in stdout.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") != "compiler-message" or own not in msg.get("package_id", ""):
            continue
        message = msg["message"]
        if not message.get("spans"):
            continue  # "N warnings emitted" and other summaries
        if message.get("level") == "warning":
            row.warnings += 1
        elif message.get("level") == "error":
            row.errors += 1
            first_error = first_error or message.get("message", "")
    row.compiled = code == 0
    if not row.compiled:
        last = stderr.strip().splitlines()[-1:] or [f"exit {code}"]
        row.build_error = (first_error or last[0])[:200]


def table(rows: list[Row], markdown: bool) -> str:
    head = ["document", "generated", "ops", "left out", "compiled", "warnings", "gen s", "peak MiB"]
    lines = []
    body = []
    for r in rows:
        compiled = "-" if r.compiled is None else ("yes" if r.compiled else "NO")
        body.append(
            [
                r.name,
                "yes" if r.generated else "NO",
                str(r.ops),
                str(r.left_out),
                compiled,
                str(r.warnings),
                f"{r.gen_seconds:.1f}",
                f"{r.peak_mib:.0f}",
            ]
        )
    total_ops = sum(r.ops for r in rows)
    total_left = sum(r.left_out for r in rows)
    generated = sum(r.generated for r in rows)
    compiled = sum(bool(r.compiled) for r in rows)
    share = 100 * total_left / total_ops if total_ops else 0.0
    total = [
        f"total ({len(rows)})",
        f"{generated}/{len(rows)}",
        str(total_ops),
        f"{total_left} ({share:.1f}%)",
        f"{compiled}/{len(rows)}",
        str(sum(r.warnings for r in rows)),
        f"max {max((r.gen_seconds for r in rows), default=0):.1f}",
        f"max {max((r.peak_mib for r in rows), default=0):.0f}",
    ]
    if markdown:
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for b in body + [total]:
            lines.append("| " + " | ".join(b) + " |")
    else:
        widths = [max(len(x[i]) for x in [head] + body + [total]) for i in range(len(head))]
        fmt = lambda cells: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells))
        lines.append(fmt(head))
        lines.extend(fmt(b) for b in body)
        lines.append(fmt(total))
    reasons: Counter[str] = Counter()
    for r in rows:
        for reason, n in r.reasons.items():
            reasons[reason] += n
    if reasons:
        lines.append("")
        lines.append("operations left out, by reason:" if not markdown else "Operations left out, by reason:\n")
        for reason, n in reasons.most_common():
            who = ", ".join(r.name for r in rows if reason in r.reasons)
            lines.append(f"{'- ' if markdown else '  '}{n} × {reason} ({who})")
    problems = [r for r in rows if r.error or r.build_error]
    if problems:
        lines.append("")
        lines.append("failures:" if not markdown else "Failures:\n")
        for r in problems:
            lines.append(f"{'- ' if markdown else '  '}{r.name}: {r.error or r.build_error}")
    return "\n".join(lines) + "\n"


def regressions(rows: list[Row], baseline: dict[str, dict]) -> list[str]:
    found = []
    for r in rows:
        b = baseline.get(r.name)
        if b is None:
            continue
        if b["generated"] and not r.generated:
            found.append(f"{r.name}: no longer generates ({r.error})")
        if b.get("compiled") and not r.compiled:
            found.append(f"{r.name}: no longer compiles ({r.build_error})")
        if r.warnings > b.get("warnings", 0):
            found.append(f"{r.name}: {r.warnings} warnings (baseline {b.get('warnings', 0)})")
        if r.left_out > b.get("left_out", 0):
            found.append(f"{r.name}: {r.left_out} operations left out (baseline {b.get('left_out', 0)})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="short names of the documents to run (default: all)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "target" / "corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-build", action="store_true", help="generate only")
    parser.add_argument("--gen-timeout", type=float, default=600)
    parser.add_argument("--build-timeout", type=float, default=1200)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--baseline", type=Path, help="run the documents it names; exit 1 on a regression")
    args = parser.parse_args()

    docs = sorted(d for p in args.corpus.iterdir() if (d := document_of(p))) if args.corpus.is_dir() else []
    if not docs:
        print(f"error: no documents in {args.corpus}", file=sys.stderr)
        return 2
    by_name = {short_name(p, args.corpus): p for p in docs}
    baseline = None
    names = args.names
    if args.baseline:
        baseline = {r["name"]: r for r in json.loads(args.baseline.read_text())["rows"]}
        names = names or list(baseline)
    if names:
        unknown = [n for n in names if n not in by_name]
        if unknown:
            print(f"error: not in {args.corpus}: {', '.join(unknown)}", file=sys.stderr)
            return 2
        docs = [by_name[n] for n in names]

    subprocess.run(["cargo", "build", "--quiet", "-p", "xtask"], cwd=ROOT, check=True)
    target_root = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    crates = args.out / "crates"
    crates.mkdir(parents=True, exist_ok=True)
    # A copy, so that rebuilding the xtask while this runs changes nothing here.
    xtask = args.out / "xtask"
    shutil.copy2(target_root / "debug" / "xtask", xtask)
    shared_target = args.out / "target"

    rows = {p: Row(name=short_name(p, args.corpus), ops=document_operations(p)) for p in docs}
    builds: list[tuple[Path, Row]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def one(doc: Path) -> None:
        row = rows[doc]
        generate(xtask, doc, crates / row.name, row, args.gen_timeout)
        with lock:
            print(f"[{time.monotonic() - started:6.0f}s] generated {row.name}: {'ok' if row.generated else row.error}", file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        list(pool.map(one, docs))
    if not args.no_build:
        for doc in docs:
            row = rows[doc]
            if row.generated:
                build(crates / row.name, shared_target, row, args.build_timeout)
                print(
                    f"[{time.monotonic() - started:6.0f}s] built {row.name}: {'ok' if row.compiled else row.build_error} ({row.warnings} warnings)",
                    file=sys.stderr,
                    flush=True,
                )

    ordered = [rows[p] for p in docs]
    print(table(ordered, markdown=False))
    if args.markdown:
        args.markdown.write_text(table(ordered, markdown=True))
    if args.json:
        args.json.write_text(json.dumps({"rows": [asdict(r) for r in ordered]}, indent=1) + "\n")
    if baseline is not None:
        worse = regressions(ordered, baseline)
        if worse:
            print("regressions against " + str(args.baseline) + ":", file=sys.stderr)
            for w in worse:
                print("  " + w, file=sys.stderr)
            return 1
        print(f"no regression against {args.baseline} ({len(ordered)} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
