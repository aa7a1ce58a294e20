"""Rewrite the `expected` result of golden scenarios from the simulator.

For writers after an intended change to the rules or the texts. A golden is
a reviewed answer, not a snapshot: after running this, read the diff and
check every changed value against rules.md before keeping it. A change that
no rule change explains is a bug in the simulator, not a new golden.

    python tests/golden/make_golden.py              # every golden file
    python tests/golden/make_golden.py FILE ...     # only these files
    python tests/golden/make_golden.py --check      # list stale goldens, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parent.parent
sys.path.insert(0, str(ROOT))  # the simulator from this checkout, installed or not

from simulator.boundary import evaluate_json


def expected_for(scenario: object) -> dict:
    """Return the simulator's answer exactly as the tests replay it."""
    return json.loads(evaluate_json(json.dumps(scenario, ensure_ascii=False)))


def render(document: dict) -> str:
    """Return a golden file's text: stable key order, readable, UTF-8."""
    ordered = {
        "description": document["description"],
        "scenario": document["scenario"],
        "expected": document.get("expected"),
    }
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="golden files (default: all)")
    parser.add_argument("--check", action="store_true", help="report stale goldens only")
    args = parser.parse_args(argv)
    paths = args.files or sorted(GOLDEN.glob("*.json"))
    stale = []
    for path in paths:
        document = json.loads(path.read_text("utf-8"))
        updated = dict(document, expected=expected_for(document["scenario"]))
        text = render(updated)
        if text != path.read_text("utf-8"):
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "rewritten"
    for name in stale:
        print(f"{verb}: {name}")
    print(f"{len(stale)} of {len(paths)} golden files {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
