"""What the rules decide, before any text is rendered: ids, parameters, money."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from .money import Money


@dataclass(frozen=True, slots=True)
class Message:
    """A text to show, by catalog id; parameters fill its placeholders."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Term:
    """A parameter that is itself a catalog text (a seat name, a frequency)."""

    id: str


@dataclass(frozen=True, slots=True)
class Quote:
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

    @property
    def is_payment_required(self) -> bool:
        """R-PRO-6: payment is asked for exactly when something is due."""
        return self.amount_due.is_positive()


@dataclass(frozen=True, slots=True)
class Decision:
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
