"""Numbers and dates for people: the simulator's l10n data is CLDR's, as Babel writes it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from simulator.catalog import load_catalog
from simulator.l10n import format_day, format_number
from tools.locale_data import OUTPUT, generate

CATALOG = load_catalog()
NUMBERS = ["0", "5", "42.50", "999.99", "1000", "1234.5", "12345.67", "999999.99",
           "1234567.89", "10000"]
DAYS = [date(2026, 1, 1) + timedelta(days=37 * n) for n in range(12)] + [date(2028, 2, 29)]


def test_the_committed_data_is_what_babel_gives():
    """`python -m tools.locale_data` rewrites it; a newer Babel or a new locale shows here."""
    assert OUTPUT.read_text("utf-8") == generate()


@pytest.mark.parametrize("locale", CATALOG.locales)
def test_numbers_are_written_as_babel_writes_them(locale):
    babel_locale = Locale.parse(locale, sep="-")
    for text in NUMBERS:
        digits = len(text.partition(".")[2])
        expected = format_decimal(Decimal(text), format=None, locale=babel_locale,
                                  decimal_quantization=False)
        if digits:  # Babel drops trailing zeros the contract keeps ("42.50")
            whole, _, fraction = expected.partition(babel_locale.number_symbols["latn"]["decimal"])
            expected = whole + babel_locale.number_symbols["latn"]["decimal"] + fraction.ljust(
                digits, "0")
        assert format_number(text, locale) == expected


@pytest.mark.parametrize("locale", CATALOG.locales)
def test_days_are_written_as_babel_writes_them(locale):
    babel_locale = Locale.parse(locale, sep="-")
    for day in DAYS:
        assert format_day(day, locale) == format_date(day, format="medium", locale=babel_locale)
