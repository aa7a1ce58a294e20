"""Hypothesis properties of the money and date arithmetic, and of the boundary.

Each runs a sample of a hundred or so; bench/fuzz.py puts at least 10,000 generated
inputs (these strategies among them: tests/fuzzing.py) through the boundary.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.boundary import evaluate_json
from simulator.catalog import load_catalog
from simulator.dates import period_end
from simulator.money import round_half_up_to_minor_unit
from tests.scenarios import assert_explanation_recomputes
from tests.strategies import change_plan_scenarios, days, frequencies, json_values, near_valid

CATALOG = load_catalog()
AMOUNT_FIELDS = ("credit", "charge", "balance_applied", "amount_due", "balance_after")


def quote_of(document) -> dict | None:
    result = json.loads(evaluate_json(json.dumps(document)))
    assert "errors" not in result, result["errors"]
    return result.get("quote")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change_plan_scenarios())
def test_explanations_recompute_every_amount(document):
    """R-PRO-1..6: the explanation's figures, in the reader's language, give the quote's amounts."""
    result = json.loads(evaluate_json(json.dumps(document)))
    if "quote" in result:
        assert_explanation_recomputes(result)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change_plan_scenarios())
def test_money_invariants_of_a_change(document):
    """R-PRO-5: charge − credit = amount_due + credit_balance − balance_after, to the cent."""
    quote = quote_of(document)
    if quote is None:  # customer care, no change: nothing is quoted
        return
    amounts = {k: Decimal(quote[k]) for k in AMOUNT_FIELDS}
    assert all(value >= 0 for value in amounts.values())
    credit_balance = Decimal(document["account"]["credit_balance"])
    assert amounts["charge"] - amounts["credit"] == (
        amounts["amount_due"] + credit_balance - amounts["balance_after"])
    if amounts["credit"] >= amounts["charge"]:
        assert amounts["amount_due"] == 0
    assert quote["payment_required"] == (amounts["amount_due"] > 0)
    digits = CATALOG.currencies[quote["currency"]]
    assert all(-Decimal(quote[k]).as_tuple().exponent == digits for k in AMOUNT_FIELDS)


@settings(max_examples=100, deadline=None)
@given(change_plan_scenarios())
def test_period_lengths(document):
    """R-PRO-1: a monthly period lasts 28-31 days, an annual one 365-366."""
    quote = quote_of(document)
    if quote is None:
        return
    bounds = {"monthly": range(28, 32), "annual": range(365, 367)}
    new_frequency = document["change"].get("frequency", document["subscription"]["frequency"])
    new_length = (date.fromisoformat(quote["period_end"])
                  - date.fromisoformat(quote["period_start"])).days
    assert new_length in bounds[new_frequency]
    assert quote["period_days"] in bounds[document["subscription"]["frequency"]]
    assert 1 <= quote["unused_days"] <= quote["period_days"]


@given(days, frequencies)
def test_period_end_clamps_to_the_month_end(start, frequency):
    end = period_end(start, frequency)
    months = 1 if frequency == "monthly" else 12
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)


@given(st.integers(0, 10**9), st.integers(0, 400), st.integers(1, 400), st.sampled_from([0, 2, 3]))
def test_rounding_is_half_up_and_within_half_a_minor_unit(minor, numerator, denominator, digits):
    amount = Decimal(minor).scaleb(-digits)
    rounded = round_half_up_to_minor_unit(amount, numerator, denominator, digits)
    exact = amount * numerator / Decimal(denominator)
    unit = Decimal(1).scaleb(-digits)
    assert -unit / 2 < rounded - exact <= unit / 2


@settings(max_examples=50, deadline=None)
@given(change_plan_scenarios())
def test_results_are_deterministic(document):
    text = json.dumps(document)
    assert evaluate_json(text) == evaluate_json(text)




@settings(max_examples=150, deadline=None)
@given(json_values | near_valid())
def test_any_json_value_gets_a_result_or_errors_never_an_exception(document):
    result = json.loads(evaluate_json(json.dumps(document)))
    assert ("errors" in result) != ("outcome" in result)
    codes = {error["code"] for error in result.get("errors", [])}
    assert "internal_error" not in codes


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_an_answer(text):
    result = json.loads(evaluate_json(text))
    assert "internal_error" not in {e["code"] for e in result.get("errors", [])}
