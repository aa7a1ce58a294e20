"""Texts in the reader's language, from one flat catalog file per locale.

Templates use `str.format` placeholders: `{seats}` for a parameter and
`{b[place_order]}` for a button or page name as the product shows it in that
language (the catalog's `button.*` entries), so a name is translated once.
Numbers, amounts and dates in parameters are written the language's way
(l10n.py): "1,234.50" in English is "1.234,50" in German.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any

from .decision import Message, Term
from .l10n import format_day, format_number
from .money import Money

BUTTON_PREFIX = "button."


@cache
def load_texts(locale: str) -> Mapping[str, str]:
    """Return the catalog of one locale: message id → template."""
    path = resources.files(__package__).joinpath("locales", f"{locale}.json")
    return json.loads(path.read_text("utf-8"))


@cache
def _buttons(locale: str) -> Mapping[str, str]:
    texts = load_texts(locale)
    return {k[len(BUTTON_PREFIX):]: v for k, v in texts.items() if k.startswith(BUTTON_PREFIX)}


def render(message: Message | Term, locale: str) -> str:
    """Return the message's text in `locale`, parameters filled in."""
    if type(message) is Term:
        return _render_term(message, locale)
    values = parameter_values(message)
    if values is None:
        return _render_fixed(message.id, locale)
    return _render_with(message.id, values, locale)


def parameter_values(message: Message) -> Any:
    """Return the values of the parameters the message's text uses, in the order of their
    names (one value as itself), or None if it uses none: with the id, what its text depends on.

    NOTE: only the parameters the text uses make a cache key: a flow gives all its steps
    the same parameters, and most steps use none of them.
    """
    values_of = _values_of(message.id) if message.params else None
    return None if values_of is None else values_of(message.params)


@cache
def uses_parameters(message_id: str) -> bool:
    """Return whether a text has parameters to fill in (else it reads the same every time)."""
    return bool(_parameter_names(message_id))


@cache
def _parameter_names(message_id: str) -> tuple[str, ...]:
    """Return the parameters a text uses (every locale's text uses the same ones)."""
    names = {name.split("[", 1)[0] for name in placeholders(load_texts("en")[message_id])}
    return tuple(sorted(names - {"b"}))


@cache
def _values_of(message_id: str) -> Callable[[Mapping[str, Any]], Any] | None:
    """Return what takes a text's parameter values out of a message's parameters (in the
    order of their names), or None for a text without parameters."""
    names = _parameter_names(message_id)
    return itemgetter(*names) if names else None


def fill(message_id: str, values: Any, locale: str) -> str:
    """Return a text with the parameter values `parameter_values` took out of its message
    filled in (None: a text without parameters)."""
    if values is None:
        return _render_fixed(message_id, locale)
    names = _parameter_names(message_id)
    if len(names) == 1:  # an itemgetter of one name gives the value itself
        values = (values,)
    written = {name: _written(value, locale) for name, value in zip(names, values)}
    return load_texts(locale)[message_id].format(b=_buttons(locale), **written)


# Texts rendered one by one: errors, the command line's. The answer's steps and explanation
# lines with parameters are kept as JSON, once written (boundary.py), so few come this way.
_render_with = lru_cache(maxsize=1024)(fill)


def _written(value: Any, locale: str) -> Any:
    """Return a parameter as the text shows it."""
    kind = type(value)
    if kind is Term:
        return _render_term(value, locale)
    if kind is Money:
        return format_number(value.to_json(), locale)
    if kind is int:
        return format_number(value, locale)
    if kind is date:
        return format_day(value, locale)
    return value


@cache
def _render_term(term: Term, locale: str) -> str:
    if term.of is None:
        return _render_fixed(term.id, locale)
    name = _render_fixed(term.of, locale)
    return load_texts(locale)[term.id].format(b=_buttons(locale), name=name)


@cache
def _render_fixed(message_id: str, locale: str) -> str:
    """Return a text without parameters; there are few, so each is rendered once."""
    return load_texts(locale)[message_id].format(b=_buttons(locale))


def placeholders(template: str) -> frozenset[str]:
    """Return the placeholder names a template uses (`seats`, `b[checkout]`)."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )
