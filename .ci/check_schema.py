#!/usr/bin/env python3
"""The JSON Schemas of specs, templates and editions, checked with a validator that is not
broadsheet's (Python's jsonschema): every TOML spec in the repository names its schema on
its first line (`#:schema PATH`, as taplo and Even Better TOML read it) and validates
against it, and specs mutated as a designer might mistype them are rejected.

Usage: check_schema.py   (from the repository's root)
"""

import copy
import json
import pathlib
import sys
import tomllib

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP = {"Cargo.toml"}


def specs():
    for path in sorted(ROOT.rglob("*.toml")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {"target", "fuzz", "tests", ".cargo"} or path.name in SKIP:
            continue
        yield path


def schema_of(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    if not first.startswith("#:schema "):
        return None
    return (path.parent / first.removeprefix("#:schema ").strip()).resolve()


def validator(schema_path):
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def main():
    failures = []
    checked = 0
    for path in specs():
        rel = path.relative_to(ROOT)
        schema_path = schema_of(path)
        if schema_path is None or not schema_path.is_file():
            failures.append(f"{rel}: no `#:schema PATH` first line naming a schema file")
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator(schema_path).iter_errors(data), key=str)
        for e in errors:
            where = ".".join(str(p) for p in e.absolute_path)
            failures.append(f"{rel}: {where}: {e.message}")
        checked += 1

    # Mistakes a schema must catch, each in a copy of the reference page's spec.
    front = ROOT / "layouts/zjgrrb-front.toml"
    spec_validator = validator(schema_of(front))
    base = tomllib.loads(front.read_text(encoding="utf-8"))

    def mutated(edit):
        data = copy.deepcopy(base)
        edit(data)
        return data

    mutations = {
        "a misspelt key": lambda d: d["grid"].update({"colums": 8}),
        "a number as text": lambda d: d["grid"].update({"columns": "eight"}),
        "an unknown punctuation style": lambda d: d["styles"]["body"].update({"punct": "fullwidth"}),
        "an area without its line": lambda d: d["article"][0]["blocks"][0].pop("line"),
        "a colour of three inks": lambda d: d["styles"]["body"].update({"color": [0, 0, 100]}),
        "a font table with an unknown key": lambda d: d["fonts"].update(
            {"song": {"path": "x.ttc", "index": 2}}
        ),
        "no [grid] and no template": lambda d: d.pop("grid"),
    }
    for what, edit in mutations.items():
        if not list(spec_validator.iter_errors(mutated(edit))):
            failures.append(f"the schema accepts a spec with {what}")

    for f in failures:
        print(f"schema: {f}", file=sys.stderr)
    print(f"schema: {checked} specs valid, {len(mutations)} mutated specs rejected"
          if not failures else f"schema: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
