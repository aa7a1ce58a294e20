"""The panel writes amounts and dates exactly as Babel (CLDR) does, in every locale.

The worked example and the live answers are both written by
overrides/try-it/formats.js, from the locale data the build takes from Babel and
puts in the page (hooks/try_it.py, locale_formats). Here formats.js writes the
same amounts (every currency, every locale, small and large, with and without
grouping) and the same days (every month, one- and two-digit days) as Babel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency

from simulator.catalog import load_catalog
from simulator.money import Money
from tests.hooks import load_hook

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "overrides" / "try-it" / "formats.js"
CATALOG = load_catalog()

WRITE_ALL = """
import { formatAmount, formatDay, amountFromInput, amountToInput } from %s;
const cases = JSON.parse(await new Promise((resolve) => {
  let text = ""; process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));
const out = cases.map(([kind, value, currency, formats]) => kind === "amount"
  ? formatAmount(value, currency, formats)
  : kind === "day" ? formatDay(value, formats)
  : amountFromInput(amountToInput(value, formats), formats));
process.stdout.write(JSON.stringify(out));
"""


def in_node(cases: list[list]) -> list[str]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to run the panel's formats")
    script = WRITE_ALL % json.dumps(FORMATS.as_uri())
    done = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def babel_amount(amount: str, currency: str, locale: str) -> str:
    return format_currency(Decimal(amount), currency, locale=Locale.parse(locale, sep="-"))


def babel_day(iso: str, locale: str) -> str:
    return format_date(date.fromisoformat(iso), format="medium", locale=Locale.parse(locale, sep="-"))


def sample_amounts(currency: str) -> list[str]:
    """Amounts as the contract writes them in `currency` (its own minor digits)."""
    digits = CATALOG.currencies[currency]
    values = ["0", "5", "42.5", "999.99", "1000", "1234.5", "12345.67", "999999.99", "1234567.89"]
    return sorted({Money(Decimal(value).quantize(Decimal(1).scaleb(-digits)), currency,
                         digits).to_json() for value in values})


@pytest.mark.parametrize("locale", CATALOG.locales)
def test_amounts_and_days_are_written_as_babel_writes_them(locale):
    formats = load_hook("try_it").locale_formats(locale)
    cases, expected = [], []
    for currency in CATALOG.currency_codes:
        for amount in sample_amounts(currency):
            cases.append(["amount", amount, currency, formats])
            expected.append(babel_amount(amount, currency, locale))
    for month in range(1, 13):
        for day in (1, 9, 28):
            iso = f"2026-{month:02d}-{day:02d}"
            cases.append(["day", iso, None, formats])
            expected.append(babel_day(iso, locale))
    assert in_node(cases) == expected


@pytest.mark.parametrize("locale", CATALOG.locales)
def test_an_amount_goes_to_the_form_and_back_unchanged(locale):
    formats = load_hook("try_it").locale_formats(locale)
    amounts = ["10.00", "0.50", "1234.56", "7"]
    assert in_node([["input", amount, None, formats] for amount in amounts]) == amounts
