"""Every message exists in every locale, with the same placeholders."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from simulator.catalog import load_catalog
from simulator.texts import load_texts, placeholders

LOCALES = load_catalog().locales
ENGLISH = load_texts("en")
SIMULATOR = Path(__file__).resolve().parent.parent / "simulator"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_id_in_every_locale(locale):
    path = resources.files("simulator").joinpath("locales", f"{locale}.json")
    texts = json.loads(path.read_text("utf-8"))
    assert sorted(set(ENGLISH) - set(texts)) == [], "missing"
    assert sorted(set(texts) - set(ENGLISH)) == [], "not in English"


@pytest.mark.parametrize("locale", LOCALES)
def test_same_placeholders_as_english(locale):
    texts = load_texts(locale)
    drift = {key: (sorted(placeholders(ENGLISH[key])), sorted(placeholders(texts[key])))
             for key in ENGLISH if placeholders(ENGLISH[key]) != placeholders(texts[key])}
    assert drift == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_texts_are_written_not_copied(locale):
    """A translation that equals English is a missed translation (names excepted)."""
    if locale == "en":
        return
    texts = load_texts(locale)
    names = ("button.", "tier.", "channel.", "click.")
    same = [k for k in ENGLISH if not k.startswith(names) and texts[k] == ENGLISH[k]
            and len(ENGLISH[k]) > 12]
    assert same == []


def test_every_id_the_code_names_exists():
    """Literal ids in the code, and the families it builds from data, are in the catalog."""
    literal = re.compile(r'"((?:step|notice|summary|error|click|button|seat|tier|frequency|'
                         r'channel|status)\.[a-z_.]+)"')
    named = {m for p in SIMULATOR.glob("*.py") for m in literal.findall(p.read_text())}
    catalog = load_catalog()
    families = (
        {f"channel.{c}" for c in catalog.channels}
        | {f"tier.{t}" for p in catalog.products.values() for t in p.tiers}
        | {f"seat.{p.seat_name}" for p in catalog.products.values()}
        | {f"button.{p.add_seats_button}" for p in catalog.products.values() if p.add_seats_button}
        | {f"summary.self_service.{c}" for c in
           ("billing_center", "my_account", "corporate_billing_portal")}
    )
    assert sorted((named | families) - set(ENGLISH)) == []


def test_every_error_code_has_a_text():
    codes = {m for p in SIMULATOR.glob("*.py")
             for m in re.findall(r'(?:problem\([^,]+, |Issue\([^,]+, )"([a-z_]+)"', p.read_text())}
    assert codes and sorted(f"error.{c}" for c in codes if f"error.{c}" not in ENGLISH) == []
