"""The one boundary: a JSON scenario string in, a JSON result string out.

The command line and the browser panel both call `evaluate_json`, so a
scenario gives the same bytes everywhere (CPython here, Pyodide in the page).
It never raises: bad input comes back as `errors`, each at its field.

The answer is written as JSON text member by member, in the contract's order
(result.schema.json): most of it is texts that recur from answer to answer, and
a text without parameters is written as JSON once per language.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache, lru_cache
from json.encoder import encode_basestring
from typing import Any

from .catalog import Catalog, load_catalog
from .decision import Decision, Line, Message, Quote
from .rules import check, decide
from .scenario import Issue
from .texts import fill, parameter_values, render, uses_parameters
from .validation import parse_scenario, requested_locale

CONTRACT_VERSION = 1


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# Built once: json.loads with options builds a new decoder on every call.
# Numbers are read as Decimal, exactly as written (R-PRO-7); NaN and Infinity are refused.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def evaluate_json(scenario_json: str) -> str:
    """Return the result of one scenario, as compact JSON text."""
    catalog = load_catalog()
    if not isinstance(scenario_json, str):
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})], "en")
    if _is_too_large(scenario_json, catalog.limits.max_input_bytes):
        return _errors([Issue("scenario", "input_too_large",
                              {"limit": catalog.limits.max_input_bytes})], "en")
    try:
        document = _DECODER.decode(scenario_json)
    except json.JSONDecodeError as error:
        return _errors([Issue("scenario", "invalid_json",
                              {"line": error.lineno, "column": error.colno})], "en")
    except (ValueError, RecursionError):  # NaN, huge integers, deep nesting
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})], "en")
    return _answer(document, catalog)


def evaluate_document(document: Any, catalog: Catalog | None = None) -> dict[str, Any]:
    """Return the result for an already decoded JSON value, decoded: what `evaluate_json`
    answers, for the site's build to show."""
    return json.loads(_answer(document, catalog or load_catalog()))


def _is_too_large(text: str, limit: int) -> bool:
    """Return whether a text takes more than `limit` bytes as UTF-8 (lone surrogates as 3)."""
    if len(text) * 4 <= limit:  # no character takes more than 4 bytes: no need to encode it
        return False
    return len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit


def _answer(document: Any, catalog: Catalog) -> str:
    """Return the answer to a decoded scenario; errors are in the locale it asks for, if any."""
    try:
        scenario, issues = parse_scenario(document, catalog)
        if scenario is not None:
            issues = check(scenario, catalog)
        if scenario is None or issues:
            return _errors(issues, requested_locale(document, catalog))
        return _result(scenario.kind, decide(scenario, catalog), scenario.locale, catalog)
    except RecursionError:
        return _errors([Issue("scenario", "invalid_json", {"line": 1, "column": 1})],
                       requested_locale(document, catalog))
    except Exception:  # noqa: BLE001 - last guard of the boundary; tests assert it never fires
        return _errors([Issue("scenario", "internal_error", {})],
                       requested_locale(document, catalog))


# --- the answer as JSON text ----------------------------------------------------------------

_string = encode_basestring  # a JSON string, non-ASCII as is (json.dumps, ensure_ascii=False)


def _array(items: Any) -> str:
    """Return a JSON array of items already written as JSON."""
    return "[" + ",".join(items) + "]"


def _result(kind: str, decision: Decision, locale: str, catalog: Catalog) -> str:
    """Return a result's JSON, its members written out in the contract's order (verdict, quote,
    explanation and renewal day only when the answer has them)."""
    verdict, quote, renewal_date = decision.verdict, decision.quote, decision.renewal_date
    return "".join((
        f'{{"kind":{_string(kind)},"outcome":{_string(decision.outcome)}',
        "" if verdict is None else f',"verdict":{_string(verdict)}',
        f',"summary":{_message(decision.summary, locale)}',
        f',"channel":{_channel(decision.channel, catalog.channels[decision.channel], locale)}',
        "" if quote is None else f',"quote":{_quote(quote)}',
        "" if quote is None else (
            f',"explanation":{_array([_line(line, locale) for line in quote.explanation])}'),
        "" if renewal_date is None else f',"renewal_date":"{renewal_date.isoformat()}"',
        f',"steps":{_messages(decision.steps, locale)}',
        f',"notices":{_messages(decision.notices, locale)}',
        f',"rules":{_rules(decision.rules)}',
        f',"locale":{_string(locale)},"contract_version":{CONTRACT_VERSION}}}',
    ))


@cache
def _channel(channel: str, url: str | None, locale: str) -> str:
    """Return where the answer is acted on, as JSON, written once per place and language."""
    name = _string(render(Message(f"channel.{channel}"), locale))
    address = "null" if url is None else _string(url)
    return f'{{"id":{_string(channel)},"name":{name},"url":{address}}}'


def _quote(quote: Quote) -> str:
    """Return the quote's JSON, written out: its values are amounts, days, counts and a
    currency code, none with a character to escape."""
    old_start, old_end = quote.old_period_start, quote.old_period_end
    return "".join((
        f'{{"currency":"{quote.charge.currency}","credit":"{quote.credit.to_json()}"',
        f',"charge":"{quote.charge.to_json()}"',
        f',"balance_applied":"{quote.balance_applied.to_json()}"',
        f',"amount_due":"{quote.amount_due.to_json()}"',
        f',"balance_after":"{quote.balance_after.to_json()}"',
        f',"payment_required":{"true" if quote.is_payment_required else "false"}',
        f',"period_start":"{quote.period_start.isoformat()}"',
        f',"period_end":"{quote.period_end.isoformat()}"',
        f',"unused_days":{quote.unused_days},"period_days":{quote.period_days}',
        "" if old_start is None or old_end is None else (
            f',"old_period_start":"{old_start.isoformat()}"'
            f',"old_period_end":"{old_end.isoformat()}"'),
        "}",
    ))


def _line(line: Line, locale: str) -> str:
    """Return an explanation line: its text, with the reader's figures, and the rules it applies."""
    message = line.message
    return _text_object(message.id, parameter_values(message), line.rules, locale)


@cache
def _rules(rules: tuple[str, ...]) -> str:
    """Return rule ids as a JSON array, each once, first mention first; written once per list
    (the lists are the rule modules' own, a few dozen in all)."""
    return _array(map(_string, dict.fromkeys(rules)))


def _messages(messages: tuple[Message, ...], locale: str) -> str:
    """Return texts as a JSON array of {"id", "text"} objects (most are fixed texts)."""
    return _array([_message(m, locale) for m in messages])


def _message(message: Message, locale: str) -> str:
    """Return a text as the JSON object {"id", "text"}."""
    fixed = _fixed_message(message.id, locale)
    if fixed is not None:
        return fixed
    return _text_object(message.id, parameter_values(message), None, locale)


@lru_cache(maxsize=8192)
def _text_object(message_id: str, values: Any, rules: tuple[str, ...] | None, locale: str) -> str:
    """Return a text with parameters as the JSON object {"id", "text"}, with "rules" for an
    explanation line; written once per parameter values, as the same step or line recurs
    across scenarios."""
    return _text_json(message_id, fill(message_id, values, locale), rules)


@cache
def _fixed_message(message_id: str, locale: str) -> str | None:
    """Return a text without parameters as JSON, written once per language (None for a text
    with parameters)."""
    if uses_parameters(message_id):
        return None
    return _text_json(message_id, render(Message(message_id), locale), None)


def _text_json(message_id: str, text: str, rules: tuple[str, ...] | None) -> str:
    """Return the JSON object of a text: {"id", "text"}, and "rules" for an explanation line."""
    if rules is None:
        return f'{{"id":{_string(message_id)},"text":{_string(text)}}}'
    return f'{{"id":{_string(message_id)},"text":{_string(text)},"rules":{_rules(rules)}}}'


def _errors(issues: list[Issue], locale: str) -> str:
    """Return an answer of errors: each issue at its field, its text in the reader's language."""
    errors = _array([
        f'{{"field":{_string(issue.field)},"code":{_string(issue.code)},'
        f'"text":{_string(render(Message(f"error.{issue.code}", issue.params), locale))}}}'
        for issue in issues
    ])
    return f'{{"errors":{errors},"locale":{_string(locale)},"contract_version":{CONTRACT_VERSION}}}'
