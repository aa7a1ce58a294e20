"""Hypothesis strategies for scenarios and JSON values, shared by the property tests
(tests/test_properties.py) and the fuzzing families (tests/fuzzing.py, bench/fuzz.py).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from simulator.catalog import load_catalog
from simulator.dates import period_end
from tests.scenarios import WORKED_EXAMPLE

CATALOG = load_catalog()
PRODUCTS = sorted(CATALOG.products)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2190, 12, 31))
frequencies = st.sampled_from(["monthly", "annual"])


def prices(digits: int, max_value: int = 100_000):
    """Decimal prices with exactly `digits` decimal places, written as strings."""
    return st.integers(0, max_value * 10**digits).map(
        lambda minor: str(Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))))


@st.composite
def change_plan_scenarios(draw):
    """Valid change_plan scenarios: any product, tier, seats, prices, day in the period."""
    product = draw(st.sampled_from(PRODUCTS))
    tiers = CATALOG.products[product].tiers
    currency = draw(st.sampled_from(sorted(CATALOG.currencies)))
    digits = CATALOG.currencies[currency]
    frequency = draw(frequencies)
    start = draw(days)
    length = (period_end(start, frequency) - start).days
    today = start + timedelta(days=draw(st.integers(0, length - 1)))
    change = {}
    if draw(st.booleans()):
        change["tier"] = draw(st.sampled_from(tiers))
    if draw(st.booleans()):
        change["seats"] = draw(st.integers(1, CATALOG.limits.max_seats))
    if draw(st.booleans()):
        change["frequency"] = draw(frequencies)
    if draw(st.booleans()):
        change["unit_price"] = draw(prices(digits))
    return {
        "kind": "change_plan",
        "today": today.isoformat(),
        "locale": draw(st.sampled_from(CATALOG.locales)),
        "account": {
            "type": "online",
            "role": "billing_contact",
            "cart_has_items": draw(st.booleans()),
            "vat_applicable": draw(st.booleans()),
            "credit_balance": draw(prices(digits, 10_000)),
        },
        "subscription": {
            "product": product,
            "tier": draw(st.sampled_from(tiers)),
            "seats": draw(st.integers(1, CATALOG.limits.max_seats)),
            "frequency": frequency,
            "unit_price": draw(prices(digits)),
            "currency": currency,
            "period_start": start.isoformat(),
            "status": draw(st.sampled_from(["active", "pending_cancellation"])),
        },
        "change": change,
    }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


def near_valid():
    """The worked example with one field replaced by any JSON value."""
    paths = ["kind", "today", "locale", "account", "account.type", "account.role",
             "account.credit_balance", "subscription", "subscription.seats",
             "subscription.unit_price", "subscription.period_start", "subscription.tier",
             "subscription.status", "change", "change.tier", "change.seats", "change.product"]

    def replace(path_and_value):
        path, value = path_and_value
        document = json.loads(json.dumps(WORKED_EXAMPLE))
        *parents, leaf = path.split(".")
        node = document
        for key in parents:
            node = node[key]
        node[leaf] = value
        return document

    return st.tuples(st.sampled_from(paths), json_values).map(replace)
