"""The money of a change: credit for unused days, a full new period, balances.

The sources say only that changes are prorated against the balance and that
the new billing period starts on the day of the change; rules.md fixes the
model ("reset the billing anchor to today"), R-PRO-1..8.
"""

from __future__ import annotations

from datetime import date

from .dates import period_end
from .decision import Quote
from .money import Money
from .scenario import Plan


def plan_total(plan: Plan) -> Money:
    """Return what a plan costs for one full period: seats × unit price."""
    return plan.unit_price.times(plan.seats)


def prorate_change(
    current: Plan, period_start: date, today: date, wanted: Plan, credit_balance: Money
) -> Quote:
    """Return the quote of changing `current` to `wanted` on `today`.

    R-PRO-2: period_start ≤ today < period_end (validation has checked it).
    R-PRO-3: credit for the unused days, rounded once.
    R-PRO-4: the new plan is charged in full for [today, period_end(today)).
    """
    old_end = period_end(period_start, current.frequency)
    unused_days = (old_end - today).days
    period_days = (old_end - period_start).days
    credit = plan_total(current).prorated(unused_days, period_days)
    return _settle(credit, wanted, today, credit_balance, unused_days, period_days,
                   period_start, old_end)


def quote_new_purchase(wanted: Plan, today: date, credit_balance: Money) -> Quote:
    """Return the quote of a trial conversion or a new subscription: no credit (R-PRO-8)."""
    zero = Money.zero(wanted.unit_price.currency, wanted.unit_price.minor_digits)
    return _settle(zero, wanted, today, credit_balance, 0, 0, None, None)


def _settle(
    credit: Money,
    wanted: Plan,
    today: date,
    credit_balance: Money,
    unused_days: int,
    period_days: int,
    old_start: date | None,
    old_end: date | None,
) -> Quote:
    """Apply the account's credit (R-PRO-5) and return the quote."""
    charge = plan_total(wanted)
    zero = Money.zero(charge.currency, charge.minor_digits)
    if charge > credit:
        balance_applied = min(charge - credit, credit_balance)
    else:
        balance_applied = zero
    amount_due = max(zero, charge - credit - balance_applied)
    balance_after = credit_balance - balance_applied + max(zero, credit - charge)
    return Quote(
        credit=credit,
        charge=charge,
        balance_applied=balance_applied,
        amount_due=amount_due,
        balance_after=balance_after,
        period_start=today,
        period_end=period_end(today, wanted.frequency),
        unused_days=unused_days,
        period_days=period_days,
        old_period_start=old_start,
        old_period_end=old_end,
    )
