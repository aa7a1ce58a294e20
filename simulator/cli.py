"""Command line for writers and support staff: `python -m simulator evaluate FILE`.

A thin edge: every scenario goes through `evaluate_json`, the function the
browser panel calls, so a scenario copied from a page gives the same bytes here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .boundary import CONTRACT_VERSION, evaluate_json
from .catalog import load_catalog
from .decision import Message
from .texts import render


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
    evaluate.add_argument(
        "--locale", choices=load_catalog().locales, default=None,
        help="language of errors about the file itself (default: from LANG, else en); "
             "results speak the scenario's own locale",
    )
    args = parser.parse_args(argv)
    try:
        text = _read(args.file)
    except OSError:
        locale = args.locale or locale_from_environment(os.environ.get("LANG", ""))
        print(json.dumps(_file_error(args.file, locale), ensure_ascii=False, indent=2))
        return 1
    if args.jsonl:
        return _evaluate_lines(text, sys.stdout)
    result = json.loads(evaluate_json(text))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if "errors" in result else 0


def locale_from_environment(lang: str) -> str:
    """Return the catalog locale a POSIX LANG names ("pt_BR.UTF-8" → "pt-BR"), else "en"."""
    tag = lang.split(".", 1)[0].replace("_", "-")
    locales = load_catalog().locales
    for candidate in (tag, tag.split("-", 1)[0]):
        if candidate in locales:
            return candidate
    return "en"


def _file_error(path: str, locale: str) -> dict:
    text = render(Message("error.unreadable_file", {"path": path}), locale)
    return {"errors": [{"field": "file", "code": "unreadable_file", "text": text}],
            "locale": locale, "contract_version": CONTRACT_VERSION}


def _read(path: str) -> str:
    # Bytes that are not UTF-8 become U+FFFD, which the scenario's checks then refuse.
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", "replace")
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8", "replace")


def _evaluate_lines(text: str, out: TextIO) -> int:
    """Answer each non-blank line with the boundary's own bytes; 1 if any line was invalid."""
    status = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        result = evaluate_json(line)
        status |= 1 if "errors" in json.loads(result) else 0
        out.write(result + "\n")
    return status
