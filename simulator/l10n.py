"""Numbers and dates written for people, the way each language writes them.

Formatting lives apart from the arithmetic: amounts are computed as `Money`
and written for people only here, from `l10n.json` (CLDR's data, taken from
Babel by `tools/locale_data.py`). The panel's formats.js reads the same data,
so a figure reads the same in an explanation, a quote table and a worked example.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any


@cache
def locale_data(locale: str) -> Mapping[str, Any]:
    """Return one language's number and date conventions."""
    return _all_locales()[locale]


@cache
def _all_locales() -> Mapping[str, Any]:
    return json.loads(resources.files(__package__).joinpath("l10n.json").read_text("utf-8"))


def _grouped(digits: str, separator: str, grouping: list[int]) -> str:
    primary, secondary = grouping
    if len(digits) <= primary:
        return digits
    groups = [digits[-primary:]]
    rest = digits[:-primary]
    while len(rest) > secondary:
        groups.insert(0, rest[-secondary:])
        rest = rest[:-secondary]
    groups.insert(0, rest)
    return separator.join(groups)


@lru_cache(maxsize=8192)  # the same prices, counts and totals recur from answer to answer
def format_number(text: str | int, locale: str) -> str:
    """Return a non-negative number as the contract writes it ("1234.50", 12) for people.

    Digits are kept as given (an amount keeps its currency's minor digits):
    "1234.50" → "1,234.50" in English, "1.234,50" in German.
    """
    data = locale_data(locale)
    whole, _, fraction = str(text).partition(".")
    number = _grouped(whole, data["group"], data["grouping"])
    return f"{number}{data['decimal']}{fraction}" if fraction else number


def format_day(day: date, locale: str) -> str:
    """Return a date in the language's medium form: "Nov 16, 2026", "16.11.2026"."""
    data = locale_data(locale)
    written = []
    for part in data["date"]:
        if isinstance(part, str):
            written.append(part)
            continue
        field, width = part
        if field == "d":
            written.append(str(day.day).zfill(width))
        elif field == "y":
            year = day.year % 100 if width == 2 else day.year
            written.append(str(year).zfill(width))
        elif width >= 3:
            written.append(data["months"][day.month - 1])
        else:
            written.append(str(day.month).zfill(width))
    return "".join(written)
