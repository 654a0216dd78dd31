#!/usr/bin/env python3
"""Validates every provider document listed in specs/providers.toml.

Each document is checked as it declares itself (3.0 or 3.1), before any overlay
or normalization. A document we hand-author (no `upstream`) must be valid: exit 1,
naming the file and the failing place, otherwise. A document the vendor publishes
(`upstream`) is kept byte for byte, defects included: its defects are listed as
notes (regen's overlay and normalization are where they are handled), and they
do not fail the check.
"""

import json
import pathlib
import sys
import tomllib

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load(path: pathlib.Path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def main() -> int:
    providers = tomllib.loads((ROOT / "specs" / "providers.toml").read_text())["provider"]
    failed = 0
    for p in providers:
        path = ROOT / p["document"]
        published = "upstream" in p
        try:
            doc = load(path)
            # A document split over several files: its $refs resolve beside it.
            validate(doc, base_uri=path.as_uri())
        except OpenAPIValidationError as e:
            pointer = "/" + "/".join(str(part) for part in e.absolute_path)
            if published:
                print(f"note: {p['document']}#{pointer}: {e.message} "
                      f"(the vendor's document, kept as published)")
                continue
            print(f"{p['document']}#{pointer}: {e.message}")
            failed += 1
            continue
        except (OSError, ValueError, LookupError, yaml.YAMLError) as e:
            print(f"{p['document']}: {e}")
            failed += 1
            continue
        print(f"{p['document']}: valid OpenAPI {doc.get('openapi')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
