"""Command line for writers and support staff: `python -m simulator evaluate FILE`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence, TextIO

from .boundary import evaluate_text


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate scenarios; exit 0 when every one was valid, 1 otherwise, 2 on usage."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Answer billing scenarios (the JSON contract) with the help center's rules.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="evaluate a scenario file, or - for stdin")
    evaluate.add_argument("file", help="a JSON scenario file, or - to read standard input")
    evaluate.add_argument(
        "--jsonl", action="store_true", help="one scenario per line in, one result per line out"
    )
    args = parser.parse_args(argv)
    try:
        text = _read(args.file)
    except OSError as error:
        message = error.strerror or str(error)
        print(json.dumps({"errors": [{"field": "file", "code": "unreadable", "text": message}]},
                         ensure_ascii=False))
        return 1
    if args.jsonl:
        return _evaluate_lines(text, sys.stdout)
    result = evaluate_text(text)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if "errors" in result else 0


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", "replace")
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", "replace")


def _evaluate_lines(text: str, out: TextIO) -> int:
    """Answer each non-blank line; the status is 1 if any line was invalid."""
    status = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        result = evaluate_text(line)
        status |= 1 if "errors" in result else 0
        out.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    return status
