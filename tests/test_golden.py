"""Golden scenarios: reviewed answers, replayed byte for byte through the JSON boundary.

Each file in tests/golden/ holds one scenario and the exact result, checked by
hand against rules.md. The same files prove that the published JSON Schemas
describe what the simulator accepts and returns, so the schemas cannot drift
from the validator, the catalog or the boundary unnoticed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from simulator import scenario as s
from simulator.boundary import CONTRACT_VERSION, evaluate_json
from simulator.catalog import load_catalog
from simulator.texts import load_texts
from simulator.roles import SIGHTS_BY_PLACE
from tests.scenarios import assert_explanation_recomputes

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))
CATALOG = load_catalog()
NAME = re.compile(r"^(?P<prefix>[a-z_]+)--[a-z0-9]+(?:-[a-z0-9]+)*\.json$")

# Errors only the simulator can find: they need arithmetic, two fields at once or the
# catalog's flows (which trial a product's sources cover).
# Every other error code is also a schema violation (see test_invalid_goldens_...).
VALIDATOR_ONLY_CODES = {"too_many_decimals", "currency_differs", "outside_period",
                        "before_period_start", "not_covered", "product_not_covered",
                        "trial_of_another_product"}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


GOLDENS = {path.name: _load(path) for path in GOLDEN_FILES}


def _schema(name: str) -> dict[str, Any]:
    """Read a schema from the installed package: the copy that ships in the wheel."""
    text = resources.files("simulator").joinpath("schema", name).read_text("utf-8")
    return json.loads(text)


SCENARIO_SCHEMA = _schema("scenario.schema.json")
RESULT_SCHEMA = _schema("result.schema.json")


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _is_error(document: dict[str, Any]) -> bool:
    return "errors" in document["expected"]


def _kind_outcomes() -> dict[str, set[str]]:
    """Return the outcomes the result schema allows per kind (its if/then on `kind`)."""
    allowed = {}
    for branch in RESULT_SCHEMA["$defs"]["result"]["allOf"]:
        kind = branch.get("if", {}).get("properties", {}).get("kind", {}).get("const")
        if kind is not None:
            allowed[kind] = set(branch["then"]["properties"]["outcome"]["enum"])
    return allowed


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_replays_exactly(name):
    document = GOLDENS[name]
    assert json.loads(evaluate_json(json.dumps(document["scenario"]))) == document["expected"]


@pytest.mark.parametrize("name", sorted(n for n, d in GOLDENS.items() if "quote" in d["expected"]))
def test_golden_explanations_recompute_their_amounts(name):
    """Every amount of a golden quote follows from the figures its explanation shows."""
    assert_explanation_recomputes(GOLDENS[name]["expected"])


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_file_is_well_formed(name):
    """Names say what a file shows; the prefix is the scenario's kind ('invalid' if none)."""
    document = GOLDENS[name]
    assert list(document) == ["description", "scenario", "expected"]
    assert document["description"].strip()
    match = NAME.match(name)
    assert match, f"{name}: expected <kind>--<what-it-shows>.json in kebab-case"
    kind = document["scenario"].get("kind")
    assert match["prefix"] == (kind if kind in s.KINDS else "invalid")


def test_schemas_are_valid_draft_2020_12():
    for schema in (SCENARIO_SCHEMA, RESULT_SCHEMA):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", sorted(n for n, d in GOLDENS.items() if not _is_error(d)))
def test_valid_golden_scenarios_match_the_scenario_schema(name):
    errors = [e.message for e in _validator(SCENARIO_SCHEMA).iter_errors(GOLDENS[name]["scenario"])]
    assert errors == []


@pytest.mark.parametrize("name", sorted(n for n, d in GOLDENS.items() if _is_error(d)))
def test_invalid_goldens_are_refused_by_the_scenario_schema_too(name):
    """The schema refuses what the validator refuses, bar the checks it cannot express."""
    document = GOLDENS[name]
    schema_paths = [".".join(map(str, e.absolute_path))
                    for e in _validator(SCENARIO_SCHEMA).iter_errors(document["scenario"])]
    fields = [e["field"] for e in document["expected"]["errors"]
              if e["code"] not in VALIDATOR_ONLY_CODES]
    assert bool(schema_paths) == bool(fields)
    for field in fields:  # the schema objects at the field, or at an object that holds it
        assert any(path == "" or field == path or field.startswith(path + ".")
                   for path in schema_paths), (field, schema_paths)


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_every_golden_result_matches_the_result_schema(name):
    errors = [e.message for e in _validator(RESULT_SCHEMA).iter_errors(GOLDENS[name]["expected"])]
    assert errors == []


def test_scenario_schema_enums_match_the_catalog_and_the_code():
    defs = SCENARIO_SCHEMA["$defs"]
    assert defs["kind"]["enum"] == list(s.KINDS)
    assert defs["locale"]["enum"] == list(CATALOG.locales)
    assert defs["account_type"]["enum"] == list(s.ACCOUNT_TYPES)
    assert defs["role"]["enum"] == list(s.ROLES)
    assert defs["product"]["enum"] == list(CATALOG.product_ids)
    assert defs["tier"]["enum"] == [t for p in CATALOG.product_ids for t in CATALOG.products[p].tiers]
    tier_defs = {name[: -len("_tier")] for name in defs if name.endswith("_tier")}
    assert tier_defs == set(CATALOG.product_ids)
    for product_id, product in CATALOG.products.items():
        assert defs[f"{product_id}_tier"]["enum"] == list(product.tiers)
    assert defs["frequency"]["enum"] == list(s.FREQUENCIES)
    assert defs["currency"]["enum"] == list(CATALOG.currency_codes)
    assert defs["status"]["enum"] == list(s.STATUSES)
    assert defs["mode"]["enum"] == list(s.ADD_MODES)
    assert defs["signed_in_to"]["enum"] == list(s.SIGN_IN_PLACES)
    assert defs["saw"]["enum"] == list(s.SIGHTS)
    assert defs["portal_sign_in"]["enum"] == list(s.PORTAL_SIGN_INS)
    assert defs["request"]["enum"] == list(s.REQUESTS)
    assert (defs["seats"]["minimum"], defs["seats"]["maximum"]) == (1, CATALOG.limits.max_seats)
    assert defs["amount"]["anyOf"][1]["maximum"] == CATALOG.limits.max_unit_price


def test_scenario_schema_knows_what_each_place_shows():
    """R-WHO-1..7: the schema's sign-in places and sights are the validator's."""
    (branch,) = [b for b in SCENARIO_SCHEMA["allOf"]
                 if b["if"]["properties"]["kind"].get("const") == "find_billing_contact"]
    shown = {rule["if"]["properties"]["signed_in_to"]["const"]:
             tuple(rule["then"]["properties"]["saw"]["enum"]) for rule in branch["then"]["allOf"]}
    assert shown == SIGHTS_BY_PLACE


def test_result_schema_enums_match_the_catalog_and_the_code():
    defs = RESULT_SCHEMA["$defs"]
    assert defs["kind"]["enum"] == list(s.KINDS)
    assert set(_kind_outcomes()) == set(s.KINDS)
    assert set(defs["outcome"]["enum"]) == set().union(*_kind_outcomes().values())
    assert defs["locale"]["enum"] == list(CATALOG.locales)
    assert defs["channel_id"]["enum"] == list(CATALOG.channels)
    assert defs["person_channel_id"]["enum"] == [c for c, url in CATALOG.channels.items()
                                                 if url is None]
    assert defs["currencies_2_decimals"]["enum"] == [c for c, d in CATALOG.currencies.items()
                                                     if d == 2]
    assert defs["currencies_0_decimals"]["enum"] == [c for c, d in CATALOG.currencies.items()
                                                     if d == 0]
    assert set(CATALOG.currencies.values()) == {0, 2}, "a new minor unit needs its own pattern"
    error_ids = [k[len("error."):] for k in load_texts("en") if k.startswith("error.")]
    assert sorted(defs["error_code"]["enum"]) == sorted(error_ids)
    assert defs["contract_version"]["const"] == CONTRACT_VERSION


def test_goldens_cover_every_kind_and_outcome():
    """Every (kind, outcome) pair the contract allows has a golden, and there are enough."""
    assert len(GOLDEN_FILES) >= 40
    covered = {(d["expected"]["kind"], d["expected"]["outcome"])
               for d in GOLDENS.values() if not _is_error(d)}
    allowed = {(kind, outcome) for kind, outcomes in _kind_outcomes().items()
               for outcome in outcomes}
    assert sorted(allowed - covered) == [], "pairs without a golden"
    assert sorted(covered - allowed) == [], "pairs the result schema does not allow"
    assert {kind for kind, _ in covered} == set(s.KINDS)


def test_goldens_answer_in_every_locale():
    """Each catalog locale renders at least one golden answer, so its texts are replayed."""
    answered = {d["expected"]["locale"] for d in GOLDENS.values() if not _is_error(d)}
    assert sorted(set(CATALOG.locales) - answered) == [], "locales without a golden answer"


@pytest.mark.rule("R-PRO-5")
@pytest.mark.rule("R-PRO-6")
@pytest.mark.parametrize("name", sorted(n for n, d in GOLDENS.items()
                                        if "quote" in d["expected"]))
def test_golden_quotes_balance(name):
    """charge − credit = amount_due + existing credit − balance_after, in every quote."""
    document = GOLDENS[name]
    quote = document["expected"]["quote"]
    existing = Decimal(str(document["scenario"]["account"].get("credit_balance") or 0))
    charge, credit, due, after, applied = (Decimal(quote[k]) for k in (
        "charge", "credit", "amount_due", "balance_after", "balance_applied"))
    assert charge - credit == due + existing - after
    assert applied == (min(charge - credit, existing) if charge > credit else 0)
    assert quote["payment_required"] is (due > 0)


def _product_of(scenario: dict[str, Any]) -> str | None:
    for part in ("subscription", "change"):
        if isinstance(scenario.get(part), dict) and scenario[part].get("product"):
            return scenario[part]["product"]
    return scenario.get("product")


def test_goldens_cover_every_kind_product_and_account_type():
    """Steps differ per product and account type (R-PLAN-4, R-ROLE-2): each combination is
    replayed (find_billing_contact is about no product, and its account type may be unknown)."""
    not_covered = {"not_covered", "product_not_covered"}  # the sources' own gaps, said so
    covered = {(d["scenario"]["kind"], _product_of(d["scenario"]), d["scenario"]["account"]["type"])
               for d in GOLDENS.values() if "account" in d["scenario"] and (
                   not _is_error(d) or {e["code"] for e in d["expected"]["errors"]} <= not_covered)}
    wanted = {(kind, product, account_type) for kind in s.KINDS if kind != "find_billing_contact"
              for product in CATALOG.product_ids for account_type in s.ACCOUNT_TYPES}
    assert sorted(wanted - covered) == []
    answered = {d["scenario"].get("account", {}).get("type") for d in GOLDENS.values()
                if d["scenario"].get("kind") == "find_billing_contact" and not _is_error(d)}
    assert answered == {None, *s.ACCOUNT_TYPES}
