"""Bad input never raises: it comes back as errors, each at its field, in the reader's language."""

from __future__ import annotations

import json

import pytest

from simulator.boundary import evaluate_json
from tests.scenarios import evaluate, scenario


def errors_of(document) -> list[tuple[str, str]]:
    result = evaluate(document)
    assert "outcome" not in result
    return [(e["field"], e["code"]) for e in result["errors"]]


def errors_of_text(text: str) -> list[tuple[str, str]]:
    result = json.loads(evaluate_json(text))
    return [(e["field"], e["code"]) for e in result["errors"]]


@pytest.mark.parametrize("text,expected", [
    ('{"kind": "change_plan",', [("scenario", "invalid_json")]),
    ("", [("scenario", "invalid_json")]),
    ("[1, 2]", [("scenario", "not_an_object")]),
    ('"change_plan"', [("scenario", "not_an_object")]),
    ("null", [("scenario", "not_an_object")]),
    ('{"seats": NaN}', [("scenario", "invalid_json")]),
    ("[" * 100_000 + "]" * 100_000, [("scenario", "input_too_large")]),
    ("[" * 30_000 + "]" * 30_000, [("scenario", "invalid_json")]),  # deeper than the parser goes
    ('{"kind": "' + "x" * 10_000_000 + '"}', [("scenario", "input_too_large")]),
])
def test_malformed_text(text, expected):
    assert errors_of_text(text) == expected


def test_malformed_json_reports_where():
    result = json.loads(evaluate_json('{\n  "kind": "change_plan",\n  oops\n}'))
    assert "line 3" in result["errors"][0]["text"]


@pytest.mark.parametrize("changes,expected", [
    ({"kind": "refund"}, [("kind", "unknown_value")]),
    ({"kind": None}, [("kind", "required")]),
    ({"kind": 7}, [("kind", "expected_string")]),
    ({"today": None}, [("today", "required")]),
    ({"today": "2026-02-30"}, [("today", "invalid_date")]),
    ({"today": "16/11/2026"}, [("today", "invalid_date")]),
    ({"today": "１２３４-11-16"}, [("today", "invalid_date")]),
    ({"today": "1066-10-14"}, [("today", "year_out_of_range")]),
    ({"locale": "xx"}, [("locale", "unknown_value")]),
    ({"account": "online"}, [("account", "expected_object")]),
    ({"account.type": "enterprise"}, [("account.type", "unknown_value")]),
    ({"account.cart_has_items": "yes"}, [("account.cart_has_items", "expected_boolean")]),
    ({"account.credit_balance": "-5.00"}, [("account.credit_balance", "negative_amount")]),
    ({"subscription": None}, [("subscription", "required")]),
    ({"subscription.product": "gotowebinar"}, [("subscription.product", "unknown_value")]),
    ({"subscription.tier": "gold"}, [("subscription.tier", "unknown_value")]),
    ({"change.tier": "standard"}, [("change.tier", "unknown_value")]),  # a GoToAssist tier
    ({"subscription.currency": "XYZ"}, [("subscription.currency", "unknown_value")]),
    ({"subscription.seats": 0}, [("subscription.seats", "too_small")]),
    ({"subscription.seats": -3}, [("subscription.seats", "too_small")]),
    ({"subscription.seats": 2.5}, [("subscription.seats", "not_whole_number")]),
    ({"subscription.seats": 10001}, [("subscription.seats", "too_large")]),
    ({"subscription.seats": "10"}, [("subscription.seats", "expected_number")]),
    ({"subscription.seats": True}, [("subscription.seats", "expected_number")]),
    ({"subscription.unit_price": "-1.00"}, [("subscription.unit_price", "negative_amount")]),
    ({"subscription.unit_price": -1}, [("subscription.unit_price", "negative_amount")]),
    ({"subscription.unit_price": "10.001"}, [("subscription.unit_price", "too_many_decimals")]),
    ({"subscription.unit_price": "1e3"}, [("subscription.unit_price", "expected_amount")]),
    ({"subscription.unit_price": "ten"}, [("subscription.unit_price", "expected_amount")]),
    ({"subscription.unit_price": "2000000"}, [("subscription.unit_price", "too_large")]),
    ({"subscription.currency": "JPY", "subscription.unit_price": "10.50",
      "change.unit_price": "20"},
     [("subscription.unit_price", "too_many_decimals")]),
    ({"subscription.period_start": "2026-13-01"}, [("subscription.period_start", "invalid_date")]),
    ({"today": "2026-12-01"}, [("today", "outside_period")]),
    ({"today": "2026-10-31"}, [("today", "outside_period")]),
    ({"change.currency": "EUR"}, [("change.currency", "currency_differs")]),
    ({"surprise": 1}, [("surprise", "unknown_field")]),
    ({"subscription.colour": "blue"}, [("subscription.colour", "unknown_field")]),
    ({"subscription.tier": None, "subscription.seats": None},
     [("subscription.tier", "required"), ("subscription.seats", "required")]),
])
def test_field_errors(changes, expected):
    assert errors_of(scenario(**changes)) == expected


def test_every_problem_is_reported_at_once():
    codes = errors_of(scenario(**{"subscription.seats": 0, "subscription.unit_price": "x",
                                  "today": "2026-02-30", "locale": "es"}))
    assert codes == [("today", "invalid_date"), ("subscription.seats", "too_small"),
                     ("subscription.unit_price", "expected_amount")]


def test_converting_a_paid_subscription_is_an_error():
    document = scenario(**{"kind": "convert_trial"})
    assert errors_of(document) == [("subscription.status", "not_a_trial")]


@pytest.mark.parametrize("locale,word", [
    ("en", "required"), ("es", "obligatorio"), ("it", "obbligatorio"),
    ("pt-BR", "obrigatório"), ("fr", "obligatoire"), ("de", "erforderlich"),
])
def test_errors_speak_the_readers_language(locale, word):
    result = evaluate(scenario(locale=locale, **{"subscription.seats": None}))
    assert result["locale"] == locale
    assert word in result["errors"][0]["text"].lower()


def test_an_unknown_locale_answers_in_english():
    result = evaluate(scenario(locale="tlh"))
    assert result["locale"] == "en" and result["errors"][0]["field"] == "locale"


def test_long_values_are_clipped_in_messages():
    result = evaluate(scenario(kind="k" * 150))
    assert len(result["errors"][0]["text"]) < 200
    assert errors_of(scenario(kind="k" * 500)) == [("kind", "too_long")]
