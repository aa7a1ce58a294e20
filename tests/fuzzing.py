"""Fuzzing the JSON boundary: generated inputs and the check every answer must pass.

The contract (one scenario in, one result out; "never a traceback for bad input")
holds for any text, so the inputs come in three families:

- valid: well-formed scenarios of all six kinds;
- near_valid: a valid or golden scenario with one to three mutations, the input a
  form or a hand-edited ticket produces;
- garbage: any JSON value, broken JSON text, lone surrogates, deep nesting, oversize.

`check_answer` is the property: the answer is JSON text that encodes as UTF-8 and
matches the published result schema, either a result or errors, and the boundary's
last guard (`internal_error`) never fired. The test suite runs a sample;
bench/fuzz.py runs at least 10,000.
"""

from __future__ import annotations

import copy
import itertools
import json
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from simulator import scenario as s
from simulator.boundary import evaluate_json
from simulator.catalog import load_catalog
from simulator.dates import period_end
from simulator.roles import SIGHTS_BY_PLACE
from simulator.trial import SITUATION_BY_STATUS
from tests.strategies import change_plan_scenarios, days, json_values, near_valid, prices

CATALOG = load_catalog()
PRODUCTS = sorted(CATALOG.products)
CURRENCIES = sorted(CATALOG.currencies)
MAX_SEATS = CATALOG.limits.max_seats
MAX_INPUT = CATALOG.limits.max_input_bytes
GOLDEN_SCENARIOS = [
    json.loads(path.read_text("utf-8"))["scenario"]
    for path in sorted((Path(__file__).resolve().parent / "golden").glob("*.json"))
]
RESULT_SCHEMA = json.loads(
    resources.files("simulator").joinpath("schema", "result.schema.json").read_text("utf-8"))
RESULT_VALIDATOR = Draft202012Validator(
    RESULT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

FAMILIES = ("valid", "near_valid", "garbage")


class Case(NamedTuple):
    """One input to the boundary, with where it came from (for the bench's counts)."""

    family: str
    label: str
    text: Any  # a str, except for the few inputs that test the boundary's type guard


# --- valid scenarios of every kind ----------------------------------------------------------

today_texts = days.map(date.isoformat)
locales = st.sampled_from([*CATALOG.locales, None])
# Weighted towards an online billing contact: the answers with the most rules behind them.
account_types = st.sampled_from(("online", "online", *s.ACCOUNT_TYPES))
roles = st.sampled_from(("billing_contact", "billing_contact", *s.ROLES))
frequencies = st.sampled_from(s.FREQUENCIES)
products = st.sampled_from(PRODUCTS)
currencies = st.sampled_from(CURRENCIES)
TIERS = {product: st.sampled_from(CATALOG.products[product].tiers) for product in PRODUCTS}
PRICES = {digits: prices(digits) for digits in set(CATALOG.currencies.values())}
BALANCES = {digits: prices(digits, 10_000) for digits in set(CATALOG.currencies.values())}
seats = st.integers(1, MAX_SEATS)
statuses = st.sampled_from(("pending_cancellation", "pending_cancellation", *s.STATUSES))
partial_accounts = st.fixed_dictionaries(
    {}, optional={"type": account_types, "role": roles, "cart_has_items": st.booleans()})


def pick(draw, items: list | tuple) -> Any:
    """Draw one of a list built during the draw (a new sampled_from each time is slow)."""
    return items[draw(st.integers(0, len(items) - 1))]


def with_locale(draw, document: dict[str, Any]) -> dict[str, Any]:
    """Add a locale, an explicit null (read as omitted: English) or nothing."""
    if draw(st.booleans()):
        document["locale"] = draw(locales)
    return document


@st.composite
def known_accounts(draw, digits: int | None = None) -> dict[str, Any]:
    """An account whose type and role are known; a credit balance once a currency is."""
    account: dict[str, Any] = {"type": draw(account_types), "role": draw(roles)}
    for flag in ("cart_has_items", "vat_applicable"):
        if draw(st.booleans()):
            account[flag] = draw(st.booleans())
    if digits is not None and draw(st.booleans()):
        account["credit_balance"] = draw(BALANCES[digits])
    return account


KNOWN_ACCOUNTS = {digits: known_accounts(digits) for digits in [None, *PRICES]}


@st.composite
def plan_changes(draw, product: str, digits: int) -> dict[str, Any]:
    """Fields of a change that keep the product: any subset, each valid for it."""
    change: dict[str, Any] = {}
    if draw(st.booleans()):
        change["tier"] = draw(TIERS[product])
    if draw(st.booleans()):
        change["seats"] = draw(seats)
    if draw(st.booleans()):
        change["frequency"] = draw(frequencies)
    if draw(st.booleans()):
        change["unit_price"] = draw(PRICES[digits])
    return change


PLAN_CHANGES = {(product, digits): plan_changes(product, digits)
                for product in PRODUCTS for digits in PRICES}


@st.composite
def change_plan_documents(draw) -> dict[str, Any]:
    """The change_plan properties' scenarios, from any account type and role."""
    document = draw(change_plan_scenarios())
    document["account"].update(type=draw(account_types), role=draw(roles))
    return document


@st.composite
def current_plan_documents(draw, kind: str) -> dict[str, Any]:
    """convert_trial or remove_pending_cancellation: a current plan and a day inside it,
    of a product whose sources cover the kind (R-CANCEL-1 is GoToMeeting's)."""
    product = draw(products) if kind == "convert_trial" else pick(
        draw, [p for p in PRODUCTS if "remove_pending_cancellation" in CATALOG.products[p].flows])
    currency = draw(currencies)
    digits = CATALOG.currencies[currency]
    frequency = draw(frequencies)
    start = draw(days)
    subscription: dict[str, Any] = {
        "product": product,
        "tier": draw(TIERS[product]),
        "seats": draw(seats),
        "frequency": frequency,
        "unit_price": draw(PRICES[digits]),
        "currency": currency,
        "period_start": start.isoformat(),
    }
    if kind == "convert_trial":  # any day from the trial's start (R-PRO-8); the start is optional
        # The trial the product's sources cover: ended (R-TRIAL-2) or running (R-TRIAL-3).
        subscription["status"] = pick(draw, [status for status, situation
                                             in SITUATION_BY_STATUS.items()
                                             if situation in CATALOG.products[product].flows])
        today = start + timedelta(days=draw(st.integers(0, 400)))
        if draw(st.booleans()):
            del subscription["period_start"]
    else:
        subscription["status"] = draw(statuses)
        length = (period_end(start, frequency) - start).days
        today = start + timedelta(days=draw(st.integers(0, length - 1)))
    document: dict[str, Any] = {
        "kind": kind,
        "today": today.isoformat(),
        "account": draw(KNOWN_ACCOUNTS[digits]),
        "subscription": subscription,
    }
    if draw(st.booleans()):
        document["change"] = draw(PLAN_CHANGES[product, digits])
    return with_locale(draw, document)


@st.composite
def add_subscription_documents(draw) -> dict[str, Any]:
    """A new plan, bought (frequency, price and currency) or tried (R-ADD-1..3)."""
    product = draw(products)
    mode = draw(st.sampled_from(("buy", "try", None)))  # None: the default, buy
    change: dict[str, Any] = {"product": product, "tier": draw(TIERS[product]),
                              "seats": draw(seats)}
    digits = None
    if mode is not None:
        change["mode"] = mode
    if mode != "try":
        currency = draw(currencies)
        digits = CATALOG.currencies[currency]
        change.update(frequency=draw(frequencies), unit_price=draw(PRICES[digits]),
                      currency=currency)
    document = {"kind": "add_subscription", "today": draw(today_texts),
                "account": draw(KNOWN_ACCOUNTS[digits]), "change": change}
    return with_locale(draw, document)


@st.composite
def find_billing_contact_documents(draw) -> dict[str, Any]:
    """A sign-in and what that place showed (R-WHO-1..7); the account is optional."""
    place = draw(st.sampled_from(s.SIGN_IN_PLACES))
    document: dict[str, Any] = {
        "kind": "find_billing_contact",
        "today": draw(today_texts),
        "signed_in_to": place,
        "saw": pick(draw, SIGHTS_BY_PLACE[place]),
    }
    if draw(st.booleans()):
        document["portal_sign_in"] = draw(st.sampled_from((*s.PORTAL_SIGN_INS, None)))
    if draw(st.booleans()):
        document["account"] = draw(partial_accounts)
    return with_locale(draw, document)


@st.composite
def route_request_documents(draw) -> dict[str, Any]:
    """Any request from any account; one whose steps differ per product names it (R-PLAN-4)."""
    request = draw(st.sampled_from(s.REQUESTS))
    document: dict[str, Any] = {"kind": "route_request", "today": draw(today_texts),
                                "account": draw(KNOWN_ACCOUNTS[None]), "request": request}
    route = CATALOG.routes["online"][request]
    if route.is_per_product or draw(st.booleans()):  # a product whose sources cover it
        document["product"] = pick(draw, [p for p in PRODUCTS if CATALOG.route_flow(
            route, CATALOG.products[p]) is not None])
    return with_locale(draw, document)


VALID_DOCUMENTS = {
    "change_plan": change_plan_documents(),
    "convert_trial": current_plan_documents("convert_trial"),
    "add_subscription": add_subscription_documents(),
    "remove_pending_cancellation": current_plan_documents("remove_pending_cancellation"),
    "find_billing_contact": find_billing_contact_documents(),
    "route_request": route_request_documents(),
}
assert sorted(VALID_DOCUMENTS) == sorted(s.KINDS)

valid_documents = st.one_of(*VALID_DOCUMENTS.values())


def valid_cases() -> st.SearchStrategy[Case]:
    return st.one_of(*(
        documents.map(lambda d, kind=kind: Case("valid", kind, json.dumps(d, ensure_ascii=False)))
        for kind, documents in VALID_DOCUMENTS.items()
    ))


# --- near-valid: a few mutations of a valid or golden scenario ------------------------------

# Values that JSON can carry but json.dumps cannot write: they go into the text verbatim.
RAW_TOKENS = [
    "1e400", "-1e400", "1e999999999", "-1e999999999", "1E-999999999", "1e-7", "-0", "-0.0",
    "0.0", "1.0", "10000.0", "10000.5", "1e4", "1.5e3", "123456789012345678901234567890",
    "1" * 400, "9" * 4300, "9" * 4301, "0." + "0" * 60 + "1", "NaN", "Infinity", "-Infinity",
    '"\\ud800"', '"\\udfff"', '"x\\ud83d"', '"\\ude00\\ud83d"', '"\\u0000"', '"\\ud83d\\ude00"',
    "[" * 50 + "]" * 50, "[" * 3000 + "]" * 3000, '{"a":' * 200 + "0" + "}" * 200,
]
WRONG_TYPES = [None, True, False, 0, 1, -1, "", " ", [], {}, [1], ["monthly"], {"a": 1},
               0.5, -0.5, 1.5, 10**6, 10**30, -(10**30), 2**63, 2**64 + 1, 1e308, -1e-308]
DATE_GARBAGE = [
    "2026-02-30", "2026-02-29", "2028-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
    "0000-01-01", "1999-12-31", "2200-01-01", "9999-12-31", "2026-2-3", "20260101",
    "2026/01/01", "2026-01-01T00:00:00", "2026-01-01 ", " 2026-01-01", "2026-01-0１",
    "２０２６-01-01", "26-01-01", "today", "",
]
AMOUNT_GARBAGE = [
    "-1.00", "-0", "-0.00", "0", "1.234", "1e3", "+1", " 1", "1 ", "1,00", "1.", ".5", "0x10",
    "١٠", "1000000", "1000000.00", "1000000.01", "1" * 32, "1" * 33, "00001.00", "NaN",
    "Infinity", "10.000", "0.001", "-", "",
]
LOCALE_GARBAGE = ["EN", "en-US", "en_US", "pt-br", "pt_BR", "pt", "xx", "", " en", "zh-Hans",
                  "de-DE", "*", "en;q=0.9", "i-klingon", "fr\u0000"]
UNICODE_GARBAGE = ["é", "\u200b", "\ufeff", "ｍonthly", "\u0000", "MONTHLY", " monthly",
                   "monthly ", "gotomeeting\n", "Pro", "plus\u0301", "\U0001f600", "\u202e"]
ENUM_VALUES = sorted({
    *s.KINDS, *s.ACCOUNT_TYPES, *s.ROLES, *s.FREQUENCIES, *s.STATUSES, *s.SIGN_IN_PLACES,
    *s.SIGHTS, *s.PORTAL_SIGN_INS, *s.ADD_MODES, *s.REQUESTS, *CATALOG.currencies,
    *CATALOG.locales, *PRODUCTS, *(t for p in CATALOG.products.values() for t in p.tiers),
})
# Every field a scenario can have, so a mutation can also set one that is absent.
FIELD_PATHS = [
    "kind", "today", "locale", "signed_in_to", "saw", "portal_sign_in", "request", "product",
    "account", "subscription", "change",
    *(f"account.{k}" for k in ("type", "role", "cart_has_items", "vat_applicable",
                               "credit_balance")),
    *(f"subscription.{k}" for k in ("product", "tier", "seats", "frequency", "unit_price",
                                    "currency", "period_start", "status")),
    *(f"change.{k}" for k in ("product", "tier", "seats", "frequency", "unit_price",
                              "currency", "mode")),
]
FIELD_NAMES = sorted({path.rsplit(".", 1)[-1] for path in FIELD_PATHS})

# Lone surrogates (what a lone JSON escape \ud800 to \udfff decodes to): Hypothesis leaves
# them out by default.
any_characters = st.characters() | st.characters(categories=["Cs"])
any_text = st.text(any_characters, max_size=30)
# A copy each time: a later mutation may add to a drawn list or object.
wrong_types = st.sampled_from(WRONG_TYPES).map(copy.deepcopy)
huge_strings = st.sampled_from([41, 200, 201, 5000, MAX_INPUT + 1]).map(lambda n: "x" * n)
big_numbers = st.integers() | st.floats(allow_nan=False, allow_infinity=False)
general_values = st.one_of(
    wrong_types, st.sampled_from(ENUM_VALUES), st.sampled_from(UNICODE_GARBAGE),
    any_text, big_numbers, huge_strings, json_values,
)
date_values = st.one_of(
    st.sampled_from(DATE_GARBAGE),
    st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(
        lambda ymd: f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"),
)
amount_values = st.one_of(st.sampled_from(AMOUNT_GARBAGE), prices(2), prices(3),
                          st.integers(-(10**7), 10**7), st.floats(-1e7, 1e7))
seat_values = st.one_of(st.integers(-2, MAX_SEATS + 2), st.integers(), st.floats(-1e5, 1e5),
                        st.sampled_from(["10", "1e3", "ten"]))
# A field's own kind of garbage half the time, any value the other half.
FIELD_VALUES = {
    name: values | general_values for name, values in [
        ("today", date_values), ("period_start", date_values),
        ("unit_price", amount_values), ("credit_balance", amount_values),
        ("seats", seat_values), ("locale", st.sampled_from(LOCALE_GARBAGE)),
    ]
}
KNOWN_PATHS = [tuple(path.split(".")) for path in FIELD_PATHS]
field_names = st.sampled_from(FIELD_NAMES) | any_text
not_objects = wrong_types | any_text
seed_documents = st.sampled_from(GOLDEN_SCENARIOS) | valid_documents


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path into the document's objects and arrays."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return []
    found = []
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _container(document: dict, path: tuple) -> dict | list:
    """The object or array holding the path's last key; an object wherever one is missing."""
    node: Any = document
    for key, next_key in itertools.pairwise(path):
        child = node[key] if isinstance(node, list) else node.get(key)
        if not (isinstance(child, dict) or isinstance(child, list) and isinstance(next_key, int)):
            child = node[key] = {}
        node = child
    return node


@st.composite
def near_valid_cases(draw) -> Case:
    """A valid or golden scenario with one to three mutations, written as JSON text."""
    document = copy.deepcopy(draw(seed_documents))
    raw: list[str] = []  # values json.dumps cannot write, by placeholder index
    labels = []
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(("delete", "replace", "replace", "raw", "extra_field",
                                         "not_an_object")))
        existing = _paths(document)
        if mutation == "delete" and existing:
            path = pick(draw, existing)
            del _container(document, path)[path[-1]]
        elif mutation in ("replace", "raw"):
            path = pick(draw, existing + KNOWN_PATHS)
            if mutation == "raw":
                value: Any = f"\x00raw:{len(raw)}"
                raw.append(draw(st.sampled_from(RAW_TOKENS)))
            else:
                value = draw(FIELD_VALUES.get(str(path[-1]), general_values))
            _container(document, path)[path[-1]] = value
        elif mutation == "extra_field":
            objects = [()] + [p for p in existing if isinstance(_value_at(document, p), dict)]
            container = _value_at(document, pick(draw, objects))
            key = draw(field_names)
            container[key] = draw(general_values)
        else:
            key = draw(st.sampled_from(("account", "subscription", "change")))
            document[key] = draw(not_objects)
        labels.append(mutation)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    for index, token in enumerate(raw):
        text = text.replace(f'"\\u0000raw:{index}"', token)
    return Case("near_valid", "+".join(sorted(set(labels))), text)


def _value_at(document: Any, path: tuple) -> Any:
    for key in path:
        document = document[key]
    return document


# --- garbage: any JSON value, broken text, nesting, size --------------------------------------

valid_texts = valid_documents.map(json.dumps)
FIXED_GARBAGE = [
    "", " ", "\n", "\ufeff{}", "{}", "[]", "null", "true", "0", '""', "NaN", "Infinity",
    "-Infinity", "1e999999999", "9" * 4301, '"\\ud800"', '{"kind":"change_plan"}',
    '{"kind": "route_request", "kind": 5}', '{"a":1', "{'kind': 'change_plan'}", "\x00",
    '{"kind":"change_plan","today":"2026-01-01",}', "[" * 100_000, "a" * (MAX_INPUT + 1),
    '"' + "a" * (MAX_INPUT - 2) + '"', '"' + "é" * (MAX_INPUT // 2) + '"',
]
NOT_TEXT = [None, b"{}", 42, ["{}"], {"kind": "change_plan"}]
corrupting_characters = st.sampled_from(list('{}[]",:\\ 0-.eé\ud800\x00')) | any_characters


@st.composite
def truncated_texts(draw) -> str:
    text = draw(valid_texts)
    return text[:draw(st.integers(0, len(text) - 1))]


@st.composite
def corrupted_texts(draw) -> str:
    """A valid scenario's text with one character inserted, replaced or deleted."""
    text = draw(valid_texts)
    at = draw(st.integers(0, len(text) - 1))
    char = draw(corrupting_characters)
    how = draw(st.sampled_from(("insert", "replace", "delete")))
    tail = text[at:] if how == "insert" else text[at + 1:]
    return text[:at] + ("" if how == "delete" else char) + tail


@st.composite
def nested_texts(draw) -> str:
    """Arrays or objects nested around the recursion limit and far beyond it."""
    depth = draw(st.sampled_from((2, 100, 990, 999, 1000, 1001, 5000, 20_000)))
    opener, leaf, closer = draw(st.sampled_from((("[", "0", "]"), ('{"a":', "null", "}"),
                                                 ('{"kind":', '"x"', "}"))))
    body = opener * depth + leaf + closer * depth
    if draw(st.booleans()):  # inside an otherwise valid scenario
        return draw(valid_texts)[:-1] + ', "change": ' + body + "}"
    return body


def garbage_cases() -> st.SearchStrategy[Case]:
    def labelled(label: str, texts: st.SearchStrategy) -> st.SearchStrategy[Case]:
        return texts.map(lambda text: Case("garbage", label, text))

    return st.one_of(
        labelled("json_value", json_values.map(json.dumps)),
        labelled("text", st.text(any_characters, max_size=200)),
        labelled("truncated", truncated_texts()),
        labelled("corrupted", corrupted_texts()),
        labelled("nested", nested_texts()),
        labelled("fixed", st.sampled_from(FIXED_GARBAGE)),
        labelled("not_text", st.sampled_from(NOT_TEXT)),
    )


worked_example_replaced = near_valid().map(
    lambda document: Case("near_valid", "worked_example_field", json.dumps(document)))
FAMILY_CASES = {
    "valid": valid_cases(),
    "near_valid": near_valid_cases() | worked_example_replaced,
    "garbage": garbage_cases(),
}
# Near-valid input reaches the most checks, so it is drawn as often as the others together.
family_weights = st.sampled_from(("valid", "near_valid", "near_valid", "garbage"))


@st.composite
def fuzz_cases(draw) -> Case:
    """An input from any of the three families, in fixed proportions."""
    return draw(FAMILY_CASES[draw(family_weights)])


# --- the property ---------------------------------------------------------------------------


class AnswerProblem(AssertionError):
    """The boundary broke the contract; `kind` says how (the bench counts by kind)."""

    EXCEPTIONS = ("exception", "internal_error")  # raised, or caught by the last guard

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def answer_of(text_in: Any) -> str:
    """Return the boundary's answer; an exception becomes an AnswerProblem."""
    try:
        return evaluate_json(text_in)
    except Exception as error:  # the very thing being looked for
        raise AnswerProblem("exception", f"{type(error).__name__}: {error}") from error


def check_text(answer: Any) -> dict[str, Any]:
    """Return the decoded answer if it keeps the contract, else raise AnswerProblem."""
    if not isinstance(answer, str):
        raise AnswerProblem("not_text", type(answer).__name__)
    try:  # the command line prints it and the page receives it as UTF-8
        answer.encode("utf-8")
    except UnicodeEncodeError as error:
        raise AnswerProblem("not_utf8", f"{error}: {answer[:300]!r}") from error
    try:
        document = json.loads(answer)
    except ValueError as error:
        raise AnswerProblem("not_json", f"{error}: {answer[:300]!r}") from error
    problem = best_match(RESULT_VALIDATOR.iter_errors(document))
    if problem is not None:
        where = "/".join(map(str, problem.absolute_path))
        raise AnswerProblem("schema", f"at {where or 'top'}: {problem.message[:300]}")
    if not isinstance(document, dict) or ("errors" in document) == ("outcome" in document):
        raise AnswerProblem("schema", "neither a result nor errors")
    codes = [error["code"] for error in document.get("errors", [])]
    if "internal_error" in codes:
        raise AnswerProblem("internal_error", "the boundary caught an exception")
    return document


def check_answer(text_in: Any) -> dict[str, Any]:
    """Evaluate one input and return its answer, decoded, once it passes every check."""
    return check_text(answer_of(text_in))


def outcome_of(answer: dict[str, Any]) -> str:
    return "errors" if "errors" in answer else "result"


def check_family(case: Case, answer: dict[str, Any]) -> dict[str, Any]:
    """A valid scenario must get a result, not errors: the contract's exit status 0."""
    if case.family == "valid" and "errors" in answer:
        fields = ", ".join(f"{e['field']}: {e['code']}" for e in answer["errors"])
        raise AnswerProblem("valid_refused", f"a valid {case.label} scenario got errors ({fields})")
    return answer


def check_case(case: Case) -> dict[str, Any]:
    """check_answer, then check_family."""
    return check_family(case, check_answer(case.text))
