"""Texts in the reader's language, from one flat catalog file per locale.

Templates use `str.format` placeholders: `{seats}` for a parameter and
`{b[place_order]}` for a button or page name as the product shows it in that
language (the catalog's `button.*` entries), so a name is translated once.
"""

from __future__ import annotations

import json
import string
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Mapping

from .decision import Message, Term

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
    if type(message) is Term or not message.params:
        return _render_fixed(message.id, locale)
    return _render_with(message.id, tuple(message.params.items()), locale)


@lru_cache(maxsize=8192)
def _render_with(message_id: str, params: tuple[tuple[str, Any], ...], locale: str) -> str:
    """Return a text with its parameters filled in; the same step recurs across scenarios."""
    values = {
        name: _render_fixed(value.id, locale) if type(value) is Term else value
        for name, value in params
    }
    return load_texts(locale)[message_id].format(b=_buttons(locale), **values)


@cache
def _render_fixed(message_id: str, locale: str) -> str:
    """Return a text without parameters; there are few, so each is rendered once."""
    return load_texts(locale)[message_id].format(b=_buttons(locale))


def placeholders(template: str) -> frozenset[str]:
    """Return the placeholder names a template uses (`seats`, `b[checkout]`)."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )
