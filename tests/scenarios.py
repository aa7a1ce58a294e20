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


def explanation_figures(line: dict[str, Any], locale: str) -> dict[str, str]:
    """Return the figures an explanation line shows, read back from its text by its template:
    numbers as the contract writes them ("1234.50"), days as shown ("Nov 16, 2026")."""
    import re

    from simulator.l10n import locale_data
    from simulator.texts import load_texts

    template = load_texts(locale)[line["id"]]
    pattern = "".join(f"(?P<{part[1:-1]}>.+?)" if part.startswith("{") else re.escape(part)
                      for part in re.split(r"(\{\w+\})", template) if part)
    match = re.fullmatch(pattern, line["text"])
    assert match, (line["text"], template)
    data = locale_data(locale)
    return {name: text if name in ("start", "end", "rounding") else
            text.replace(data["group"], "").replace(data["decimal"], ".")
            for name, text in match.groupdict().items()}


def assert_explanation_recomputes(result: dict[str, Any]) -> None:
    """Assert that the figures an explanation's texts show recompute every amount of the
    quote (R-PRO-1..6), read back from the texts as the reader sees them."""
    from datetime import date

    from simulator.dates import period_end
    from simulator.l10n import format_day
    from simulator.money import round_half_up_to_minor_unit

    quote, locale = result["quote"], result["locale"]
    digits = len(quote["charge"].partition(".")[2])
    money = {key: Decimal(quote[key]) for key in
             ("credit", "charge", "balance_applied", "amount_due", "balance_after")}
    lines = {line["id"].split(".")[1]: explanation_figures(line, locale)
             for line in result["explanation"]}
    if "old_period_start" in quote:
        credit = lines.get("credit") or lines["credit_rounded"]
        assert (int(credit["unused_days"]), int(credit["period_days"])) == (
            quote["unused_days"], quote["period_days"])
        total = Decimal(credit["unit_price"]) * int(credit["seats"])
        assert Decimal(credit["credit"]) == money["credit"] == round_half_up_to_minor_unit(
            total, int(credit["unused_days"]), int(credit["period_days"]), digits)
        # Rounding is said exactly where it changed the figure.
        is_exact = total * int(credit["unused_days"]) == money["credit"] * int(credit["period_days"])
        assert ("credit_rounded" in lines) == (not is_exact)
    else:
        assert money["credit"] == 0 and "credit" not in lines and "credit_rounded" not in lines
    charge = lines.get("charge") or lines["first_charge"]
    assert Decimal(charge["charge"]) == money["charge"] == (
        Decimal(charge["unit_price"]) * int(charge["seats"]))
    start = date.fromisoformat(quote["period_start"])
    assert charge["start"] == format_day(start, locale)
    assert charge["end"] == format_day(date.fromisoformat(quote["period_end"]), locale)
    assert quote["period_end"] in (period_end(start, "monthly").isoformat(),
                                   period_end(start, "annual").isoformat())
    remaining = money["charge"] - money["credit"]
    balance = Decimal((lines.get("balance_after") or {"balance": "0"})["balance"])
    applied = lines.get("balance_applied")
    if applied:
        assert Decimal(applied["remaining"]) == remaining
        assert Decimal(applied["balance"]) == balance
        assert Decimal(applied["balance_applied"]) == money["balance_applied"] == min(
            remaining, balance)
    else:
        assert money["balance_applied"] == 0
    due = lines.get("amount_due") or lines.get("first_amount_due") or lines["amount_due_covered"]
    assert Decimal(due["amount_due"]) == money["amount_due"] == max(
        Decimal(0), remaining - money["balance_applied"])
    if "amount_due_covered" in lines:
        assert money["credit"] > money["charge"] and money["amount_due"] == 0
        assert (Decimal(due["credit"]), Decimal(due["charge"])) == (money["credit"], money["charge"])
    after = lines.get("balance_after")
    if after:
        assert Decimal(after["surplus"]) == max(Decimal(0), -remaining)
        assert Decimal(after["balance_applied"]) == money["balance_applied"]
        assert Decimal(after["balance_after"]) == money["balance_after"] == (
            balance - money["balance_applied"] + Decimal(after["surplus"]))
    else:
        assert money["balance_after"] == 0 and money["credit"] <= money["charge"]
