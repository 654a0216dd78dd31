#!/usr/bin/env python3
"""Validates every provider document listed in specs/providers.toml.

Each document must be valid OpenAPI as it declares itself (3.0 or 3.1), before
any overlay or normalization: that is what the vendor published, or what we
hand-authored. Exits 1 and names the file and the failing place otherwise.
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
        try:
            doc = load(path)
            validate(doc)
        except OpenAPIValidationError as e:
            pointer = "/" + "/".join(str(part) for part in e.absolute_path)
            print(f"{p['document']}#{pointer}: {e.message}")
            failed += 1
            continue
        except (OSError, ValueError, yaml.YAMLError) as e:
            print(f"{p['document']}: {e}")
            failed += 1
            continue
        print(f"{p['document']}: valid OpenAPI {doc.get('openapi')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
