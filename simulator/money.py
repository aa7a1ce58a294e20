"""Money as an immutable Decimal amount in one currency, rounded in one place.

R-PRO-7: money is decimal, never binary floating point, and is written with
exactly the currency's minor-unit digits.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

MINOR_UNITS = {digits: Decimal(1).scaleb(-digits) for digits in range(5)}


class _MoneyFields(NamedTuple):
    amount: Decimal
    currency: str
    minor_digits: int


class Money(_MoneyFields):
    """An amount of one currency; refuses floats and any operation across currencies.

    Amounts of one currency are compared by amount; comparing amounts of two
    currencies, equality included, raises (as tuples, 10 USD > 5 JPY would be True).
    """

    __slots__ = ()

    def __new__(cls, amount: Decimal, currency: str, minor_digits: int) -> Money:
        # NOTE: only the type is checked on every construction (it is hot); the
        # exact minor-unit exponent that makes to_json() print "150.00" is set
        # where amounts enter (validation) and kept by +, −, times and rounding.
        if type(amount) is not Decimal:
            raise TypeError("Money holds a Decimal, never a float")
        # The tuple is made at once: the fields' own __new__ would only pass them on.
        return tuple.__new__(cls, (amount, currency, minor_digits))

    @classmethod
    def zero(cls, currency: str, minor_digits: int) -> Money:
        return _zero(cls, currency, minor_digits)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return self.amount == other.amount

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other: Money) -> bool:  # type: ignore[override]
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:  # type: ignore[override]
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:  # type: ignore[override]
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:  # type: ignore[override]
        self._same(other)
        return self.amount >= other.amount

    __hash__ = _MoneyFields.__hash__

    def __add__(self, other: Money) -> Money:  # type: ignore[override]
        self._same(other)
        return Money(self.amount + other.amount, self.currency, self.minor_digits)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency, self.minor_digits)

    def times(self, count: int) -> Money:
        """Return this amount times a whole count (seats): exact, no rounding."""
        return Money(self.amount * count, self.currency, self.minor_digits)

    def prorated(self, numerator: int, denominator: int) -> Money:
        """Return amount × numerator / denominator, rounded once, half up (R-PRO-3)."""
        return Money(
            round_half_up_to_minor_unit(self.amount, numerator, denominator, self.minor_digits),
            self.currency,
            self.minor_digits,
        )

    def is_positive(self) -> bool:
        return self.amount > 0

    def to_json(self) -> str:
        """Return the contract's string form: exactly the minor-unit digits ("150.00")."""
        # NOTE: str() is the fast path: every amount keeps its currency's exponent (see
        # __new__), so it prints "150.00", never "1.5E+2".
        text = str(self.amount)
        point = text.find(".")
        digits = 0 if point < 0 else len(text) - point - 1
        if digits != self.minor_digits or "E" in text:
            return f"{self.amount:.{self.minor_digits}f}"
        return text


@lru_cache(maxsize=64)  # one per currency: every quote needs it
def _zero(cls: type[Money], currency: str, minor_digits: int) -> Money:
    return cls(MINOR_UNITS[minor_digits] * 0, currency, minor_digits)


def round_half_up_to_minor_unit(
    amount: Decimal, numerator: int, denominator: int, minor_digits: int
) -> Decimal:
    """Return amount × numerator / denominator rounded half up to the minor unit.

    The one place where money is rounded. It works in whole minor units with
    integer arithmetic, so the quotient is exact before the single rounding:
    10.00 × 1 / 3 → 3.33; 0.05 × 1 / 2 → 0.03 (half up, not to even).
    """
    if denominator <= 0 or numerator < 0 or amount < 0:
        raise ValueError("proration takes a non-negative amount and a positive period")
    # The amount in whole minor units, by exact integer arithmetic (as_integer_ratio is exact).
    top, bottom = amount.as_integer_ratio()
    minor_units, rest = divmod(top * 10**minor_digits, bottom)
    if rest:
        raise ValueError("amount has more digits than the currency's minor unit")
    quotient, remainder = divmod(minor_units * numerator, denominator)
    if 2 * remainder >= denominator:  # half up: amounts here are never negative
        quotient += 1
    return Decimal(quotient).scaleb(-minor_digits)
