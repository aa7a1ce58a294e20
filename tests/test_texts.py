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
                         r'channel|status|explain|situation)\.[a-z_.]+)"')
    named = {m for p in SIMULATOR.glob("*.py") for m in literal.findall(p.read_text())}
    catalog = load_catalog()
    flows = list(catalog.flows.values())
    routes = [route for table in catalog.routes.values() for route in table.values()]
    families = (
        {f"channel.{c}" for c in catalog.channels}
        | {f"tier.{t}" for p in catalog.products.values() for t in p.tiers}
        | {f"seat.{p.seat_name}" for p in catalog.products.values()}
        | {f"situation.{s}" for p in catalog.products.values() for s in p.flows
           if s.startswith("subscribe_")}
        | {f"step.{step}" for f in flows for step in f.steps if not step.startswith("$")}
        | {f"step.{f.choose}" for f in flows if f.choose}
        | {f"notice.{n}" for f in flows for n in (*f.notices, *f.trial_notices)}
        | {f"step.{slot}" for r in routes for slot in (r.choose, r.change) if slot}
        | {f"summary.self_service.{f.channel}" for f in flows if f.outcome == "self_service"}
        | {f"summary.not_possible.{f.id}" for f in flows if f.outcome == "not_possible"}
        | {f"summary.{f.outcome}" for f in flows
           if f.outcome not in ("self_service", "not_possible")}
        | {f"explain.rounding.{digits}" for digits in set(catalog.currencies.values())}
    )
    # A text that follows a count is named by its base id and written as base.one / base.other.
    plural = {name for name in named if {f"{name}.one", f"{name}.other"} <= set(ENGLISH)}
    assert sorted((named - plural | families) - set(ENGLISH)) == []


def test_every_error_code_has_a_text():
    codes = {m for p in SIMULATOR.glob("*.py")
             for m in re.findall(r'(?:problem\([^,]+, |Issue\([^,]+, )"([a-z_]+)"', p.read_text())}
    assert codes and sorted(f"error.{c}" for c in codes if f"error.{c}" not in ENGLISH) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_two_go_to_billing_labels_stay_two(locale):
    """Go to Billing (My Account's Billing section) and Go to billing (the link to the
    Corporate Billing Portal) are two labels of the product, in every language."""
    texts = load_texts(locale)
    assert texts["button.go_to_billing"] != texts["button.go_to_billing_portal"]
