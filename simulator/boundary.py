"""The one boundary: a JSON scenario string in, a JSON result string out.

The command line and the browser panel both call `evaluate_json`, so a
scenario gives the same bytes everywhere (CPython here, Pyodide in the page).
It never raises: bad input comes back as `errors`, each at its field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .catalog import Catalog, load_catalog
from .decision import Decision, Line, Message, Quote
from .rules import check, decide
from .scenario import Issue
from .texts import render
from .validation import parse_scenario, requested_locale

CONTRACT_VERSION = 1


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# Built once: json.loads/json.dumps with options build a new coder on every call.
# Numbers are read as Decimal, exactly as written (R-PRO-7); NaN and Infinity are refused.
# A result is a fresh tree of dicts, lists and strings, never circular: the encoder
# need not track the containers it is inside of.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def evaluate_json(scenario_json: str) -> str:
    """Return the result of one scenario, as compact JSON text."""
    return _ENCODER.encode(evaluate_text(scenario_json))


def evaluate_text(scenario_json: str) -> dict[str, Any]:
    """Return the result of one scenario given as JSON text, as a JSON-ready dict."""
    catalog = load_catalog()
    if not isinstance(scenario_json, str):
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})], "en")
    if len(scenario_json) > catalog.limits.max_input_bytes or (
        len(scenario_json.encode("utf-8", "surrogatepass")) > catalog.limits.max_input_bytes
    ):
        return _errors([Issue("scenario", "input_too_large",
                              {"limit": catalog.limits.max_input_bytes})], "en")
    try:
        document = _DECODER.decode(scenario_json)
    except json.JSONDecodeError as error:
        return _errors([Issue("scenario", "invalid_json",
                              {"line": error.lineno, "column": error.colno})], "en")
    except (ValueError, RecursionError):  # NaN, huge integers, deep nesting
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})], "en")
    return evaluate_document(document, catalog)


def evaluate_document(document: Any, catalog: Catalog | None = None) -> dict[str, Any]:
    """Return the result for an already decoded JSON value."""
    catalog = catalog or load_catalog()
    locale = requested_locale(document, catalog)
    try:
        scenario, issues = parse_scenario(document, catalog)
        if scenario is not None:
            issues = check(scenario, catalog)
        if scenario is None or issues:
            return _errors(issues, locale)
        return _result(scenario.kind, decide(scenario, catalog), scenario.locale, catalog)
    except RecursionError:
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})], locale)
    except Exception:  # noqa: BLE001 - last guard of the boundary; tests assert it never fires
        return _errors([Issue("scenario", "internal_error", {})], locale)


def _result(kind: str, decision: Decision, locale: str, catalog: Catalog) -> dict[str, Any]:
    result: dict[str, Any] = {"kind": kind, "outcome": decision.outcome}
    if decision.verdict is not None:
        result["verdict"] = decision.verdict
    result["summary"] = _text(decision.summary, locale)
    result["channel"] = {
        "id": decision.channel,
        "name": render(Message(f"channel.{decision.channel}"), locale),
        "url": catalog.channels[decision.channel],
    }
    if decision.quote is not None:
        result["quote"] = _quote(decision.quote)
        result["explanation"] = [_line(line, locale) for line in decision.quote.explanation]
    if decision.renewal_date is not None:
        result["renewal_date"] = decision.renewal_date.isoformat()
    result["steps"] = [{"id": m.id, "text": render(m, locale)} for m in decision.steps]
    result["notices"] = [{"id": m.id, "text": render(m, locale)} for m in decision.notices]
    result["rules"] = list(dict.fromkeys(decision.rules))  # each rule once, first mention first
    result["locale"] = locale
    result["contract_version"] = CONTRACT_VERSION
    return result


def _quote(quote: Quote) -> dict[str, Any]:
    quoted: dict[str, Any] = {
        "currency": quote.charge.currency,
        "credit": quote.credit.to_json(),
        "charge": quote.charge.to_json(),
        "balance_applied": quote.balance_applied.to_json(),
        "amount_due": quote.amount_due.to_json(),
        "balance_after": quote.balance_after.to_json(),
        "payment_required": quote.is_payment_required,
        "period_start": quote.period_start.isoformat(),
        "period_end": quote.period_end.isoformat(),
        "unused_days": quote.unused_days,
        "period_days": quote.period_days,
    }
    if quote.old_period_start is not None and quote.old_period_end is not None:
        quoted["old_period_start"] = quote.old_period_start.isoformat()
        quoted["old_period_end"] = quote.old_period_end.isoformat()
    return quoted


def _line(line: Line, locale: str) -> dict[str, Any]:
    """Return an explanation line: its text, with the reader's figures, and the rules it applies."""
    return {"id": line.message.id, "text": render(line.message, locale), "rules": list(line.rules)}


def _text(message: Message, locale: str) -> dict[str, str]:
    return {"id": message.id, "text": render(message, locale)}


def _errors(issues: list[Issue], locale: str) -> dict[str, Any]:
    return {
        "errors": [
            {
                "field": issue.field,
                "code": issue.code,
                "text": render(Message(f"error.{issue.code}", issue.params), locale),
            }
            for issue in issues
        ],
        "locale": locale,
        "contract_version": CONTRACT_VERSION,
    }
