"""Money is Decimal in one currency: no floats, no operation across currencies (R-PRO-7)."""

from __future__ import annotations

import operator
from decimal import Decimal

import pytest

from simulator.money import Money

USD = Money(Decimal("10.00"), "USD", 2)
JPY = Money(Decimal("5"), "JPY", 0)


@pytest.mark.rule("R-PRO-7")
def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(10.0, "USD", 2)  # type: ignore[arg-type]


@pytest.mark.parametrize("compare", [operator.lt, operator.le, operator.gt, operator.ge,
                                     operator.eq, operator.ne, operator.add, operator.sub])
def test_every_operation_across_currencies_raises(compare):
    """As tuples, 10 USD > 5 JPY would simply be True: a silent bug in a quote."""
    with pytest.raises(ValueError, match="cannot mix USD and JPY"):
        compare(USD, JPY)
    with pytest.raises(ValueError):
        max(USD, JPY)


def test_amounts_of_one_currency_compare_by_amount():
    five = Money(Decimal("5.00"), "USD", 2)
    assert five < USD and USD >= five and max(five, USD) is USD
    assert Money(Decimal("10.0"), "USD", 2) == USD and hash(Money(Decimal("10.0"), "USD", 2)) == hash(USD)
    assert USD != five and not (USD == "10.00")
