"""What the rules decide, before any text is rendered: ids, parameters, money.

NOTE: the value types of the core are NamedTuples, not frozen dataclasses:
just as immutable, but about three times cheaper to create, and one
evaluation creates about a hundred of them (see bench/simulator.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from .money import Money

NO_PARAMS: Mapping[str, Any] = MappingProxyType({})


class Message(NamedTuple):
    """A text to show, by catalog id; parameters fill its placeholders."""

    id: str
    params: Mapping[str, Any] = NO_PARAMS


class Term(NamedTuple):
    """A parameter that is itself a catalog text (a seat name, a frequency).

    With `of`, the text wraps another term as its {name}: an example tier name
    is written "Premium (example name)" wherever it appears.
    """

    id: str
    of: str | None = None


class Line(NamedTuple):
    """One line of how a quote was worked out: its text, and the rules it applies."""

    message: Message
    rules: tuple[str, ...]


class Quote(NamedTuple):
    """The money of one online purchase or change (R-PRO-3..6)."""

    credit: Money
    charge: Money
    balance_applied: Money
    amount_due: Money
    balance_after: Money
    period_start: date
    period_end: date
    unused_days: int
    period_days: int
    old_period_start: date | None = None
    old_period_end: date | None = None
    explanation: tuple[Line, ...] = ()  # one line per amount, in the reader's numbers

    @property
    def is_payment_required(self) -> bool:
        """R-PRO-6: payment is asked for exactly when something is due."""
        return self.amount_due.is_positive()

    def explained(self, explanation: tuple[Line, ...]) -> Quote:
        """Return the quote with how it was worked out (its last field; made at once, as
        _replace would take three times as long)."""
        return Quote(*self[:-1], explanation)


class Decision(NamedTuple):
    """One scenario's answer: outcome, where to go, what to do and why."""

    outcome: str
    channel: str
    summary: Message
    steps: tuple[Message, ...]
    notices: tuple[Message, ...] = ()
    rules: tuple[str, ...] = ()
    quote: Quote | None = None
    verdict: str | None = None
    renewal_date: date | None = None
