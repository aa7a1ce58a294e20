"""Scenario builders for tests: a valid base and small, named variations."""

from __future__ import annotations

import copy
from decimal import Decimal
import json
from typing import Any

from simulator.boundary import evaluate_json

WORKED_EXAMPLE: dict[str, Any] = {
    "kind": "change_plan",
    "today": "2026-11-16",
    "account": {"type": "online", "role": "billing_contact"},
    "subscription": {
        "product": "gotomeeting",
        "tier": "pro",
        "seats": 10,
        "frequency": "monthly",
        "unit_price": "10.00",
        "currency": "USD",
        "period_start": "2026-11-01",
        "status": "active",
    },
    "change": {"tier": "plus", "unit_price": "20.00"},
}


def scenario(base: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """Return a copy of `base` (the worked example) with dotted-path changes.

    `scenario(**{"subscription.seats": 3, "change": None})`: None removes a key.
    """
    result = copy.deepcopy(base if base is not None else WORKED_EXAMPLE)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = result
        for key in parents:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return result


def evaluate(document: Any) -> dict[str, Any]:
    """Return the boundary's answer to a scenario, decoded."""
    return json.loads(evaluate_json(json.dumps(document)))


def step_ids(result: dict[str, Any]) -> list[str]:
    return [step["id"] for step in result["steps"]]


def notice_ids(result: dict[str, Any]) -> list[str]:
    return [notice["id"] for notice in result["notices"]]


def generated_scenarios(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Return `count` reproducible change_plan scenarios, valid and not, in every locale.

    Used where a fixed, shareable set is needed (the Pyodide parity run, the
    benchmark); the Hypothesis properties explore far more.
    """
    import random
    from datetime import date, timedelta

    from simulator.catalog import load_catalog
    from simulator.dates import period_end

    catalog = load_catalog()
    rng = random.Random(seed)
    documents = []
    for index in range(count):
        product_id = rng.choice(sorted(catalog.products))
        product = catalog.products[product_id]
        frequency = rng.choice(["monthly", "annual"])
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        length = (period_end(start, frequency) - start).days
        today = start + timedelta(days=rng.randrange(0, length))
        currency = rng.choice(sorted(catalog.currencies))
        digits = catalog.currencies[currency]
        price = lambda: str(Decimal(rng.randrange(0, 50_000 * 10**digits)).scaleb(-digits))  # noqa: E731
        change: dict[str, Any] = {}
        for key, make in (("tier", lambda: rng.choice(product.tiers)),
                          ("seats", lambda: rng.randrange(1, 200)),
                          ("frequency", lambda: rng.choice(["monthly", "annual"])),
                          ("unit_price", price)):
            if rng.random() < 0.5:
                change[key] = make()
        document = {
            "kind": "change_plan",
            "today": today.isoformat(),
            "locale": rng.choice(catalog.locales),
            "account": {"type": rng.choice(["online"] * 8 + ["corporate"]),
                        "role": rng.choice(["billing_contact"] * 8 + ["user"]),
                        "cart_has_items": rng.random() < 0.3,
                        "vat_applicable": rng.random() < 0.3,
                        "credit_balance": price() if rng.random() < 0.3 else "0"},
            "subscription": {"product": product_id, "tier": rng.choice(product.tiers),
                             "seats": rng.randrange(1, 200), "frequency": frequency,
                             "unit_price": price(), "currency": currency,
                             "period_start": start.isoformat(),
                             "status": rng.choice(["active"] * 6 + ["pending_cancellation",
                                                                    "trial_expired"])},
            "change": change,
        }
        if index % 10 == 9:  # every tenth one is broken somewhere
            document = scenario(document, **{rng.choice(
                ["subscription.seats", "today", "change.unit_price", "locale"]): rng.choice(
                ["", -1, "2026-02-30", "1.234", "xx", 0])})
        documents.append(document)
    return documents


def assert_explanation_recomputes(result: dict[str, Any]) -> None:
    """Assert that the figures of a quote's explanation recompute every amount (R-PRO-1..6),
    and that each figure is written in its line's text the reader's way.
    """
    from datetime import date

    from simulator.dates import period_end
    from simulator.l10n import format_day, format_number
    from simulator.money import round_half_up_to_minor_unit

    quote = result["quote"]
    digits = -Decimal(quote["charge"]).as_tuple().exponent
    money = {key: Decimal(quote[key]) for key in
             ("credit", "charge", "balance_applied", "amount_due", "balance_after")}
    lines = {line["id"].split(".")[1]: line for line in result["explanation"]}
    for line in result["explanation"]:
        for name, value in line["values"].items():
            shown = format_day(date.fromisoformat(value), result["locale"]) if name in (
                "start", "end") else format_number(value, result["locale"])
            assert shown in line["text"], (name, shown, line["text"])
    is_change = "old_period_start" in quote
    if is_change:
        credit = (lines.get("credit") or lines["credit_rounded"])["values"]
        assert (credit["unused_days"], credit["period_days"]) == (
            quote["unused_days"], quote["period_days"])
        exact = Decimal(credit["unit_price"]) * credit["seats"] * credit["unused_days"]
        assert Decimal(credit["credit"]) == money["credit"] == round_half_up_to_minor_unit(
            Decimal(credit["unit_price"]) * credit["seats"], credit["unused_days"],
            credit["period_days"], digits)
        assert ("credit_rounded" in lines) == (exact != money["credit"] * credit["period_days"])
    else:
        assert money["credit"] == 0 and "credit" not in lines and "credit_rounded" not in lines
    charge = (lines.get("charge") or lines["first_charge"])["values"]
    assert Decimal(charge["charge"]) == money["charge"] == (
        Decimal(charge["unit_price"]) * charge["seats"])
    assert (charge["start"], charge["end"]) == (quote["period_start"], quote["period_end"])
    start = date.fromisoformat(charge["start"])
    assert date.fromisoformat(charge["end"]) in (period_end(start, "monthly"),
                                                 period_end(start, "annual"))
    remaining = money["charge"] - money["credit"]
    balance = Decimal((lines.get("balance_after") or {"values": {"balance": "0"}})
                      ["values"]["balance"])
    applied = lines.get("balance_applied")
    if applied:
        values = applied["values"]
        assert Decimal(values["remaining"]) == remaining
        assert Decimal(values["balance"]) == balance
        assert Decimal(values["balance_applied"]) == money["balance_applied"] == min(
            remaining, balance)
    else:
        assert money["balance_applied"] == 0
    due = (lines.get("amount_due") or lines.get("first_amount_due")
           or lines["amount_due_covered"])["values"]
    assert Decimal(due["amount_due"]) == money["amount_due"] == max(
        Decimal(0), remaining - money["balance_applied"])
    if "amount_due_covered" in lines:
        assert money["credit"] > money["charge"] and money["amount_due"] == 0
    after = lines.get("balance_after")
    if after:
        values = after["values"]
        assert Decimal(values["surplus"]) == max(Decimal(0), -remaining)
        assert Decimal(values["balance_after"]) == money["balance_after"] == (
            balance - money["balance_applied"] + Decimal(values["surplus"]))
    else:
        assert money["balance_after"] == 0 and money["credit"] <= money["charge"]
