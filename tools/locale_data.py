"""Write simulator/l10n.json: how each language writes numbers, amounts and dates.

The simulator explains a quote in the reader's numbers ("10 seats × 10,00 …"),
and the panel writes amounts and dates beside it; both read this one file, so
they agree with each other and with the Unicode CLDR data Babel carries. The
simulator itself has no dependency (it also runs in the browser), so the data is
taken from Babel here, once, and committed; a test regenerates it and compares.

    python -m tools.locale_data            # rewrite simulator/l10n.json
    python -m tools.locale_data --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import tokenize_pattern
from babel.numbers import get_currency_symbol

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "simulator" / "l10n.json"
CATALOG = ROOT / "simulator" / "catalog.json"


def date_parts(pattern: str) -> list[Any]:
    """Return a CLDR date pattern as literal strings and [field, width] pairs (d, M, y only)."""
    parts: list[Any] = []
    for kind, token in tokenize_pattern(pattern):
        if kind == "field":
            if token[0] not in "dMy":
                raise ValueError(f"the date pattern {pattern!r} has a field the formatters cannot write")
            parts.append(list(token))
        elif parts and isinstance(parts[-1], str):
            parts[-1] += token
        else:
            parts.append(token)
    return parts


def locale_data(locale: str, currencies: list[str]) -> dict[str, Any]:
    """Return what the formatters need to write numbers, amounts and dates as CLDR does."""
    data = Locale.parse(locale, sep="-")
    currency = data.currency_formats["standard"]
    symbols = data.number_symbols["latn"]
    return {
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "grouping": list(data.decimal_formats[None].grouping),
        # The currency pattern's text before and after the number (positive, negative), ¤ for the symbol.
        "prefix": list(currency.prefix),
        "suffix": list(currency.suffix),
        "symbols": {code: get_currency_symbol(code, data) for code in currencies},
        "date": date_parts(data.date_formats["medium"].pattern),
        "months": [data.months["format"]["abbreviated"][month] for month in range(1, 13)],
    }


def generate() -> str:
    catalog = json.loads(CATALOG.read_text("utf-8"))
    currencies = list(catalog["currencies"])
    lines = []
    for locale in catalog["locales"]:
        entries = [f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                   for key, value in locale_data(locale, currencies).items()]
        lines.append(f"  {json.dumps(locale)}: {{\n" + ",\n".join(entries) + "\n  }")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is stale")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        is_current = OUTPUT.exists() and OUTPUT.read_text("utf-8") == text
        print("simulator/l10n.json is " + ("up to date" if is_current else "stale"))
        return 0 if is_current else 1
    OUTPUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
