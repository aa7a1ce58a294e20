"""The money of a change: credit for unused days, a full new period, balances, and how
each amount was reached.

The sources say only that changes are prorated against the balance and that
the new billing period starts on the day of the change; rules.md fixes the
model ("reset the billing anchor to today"), R-PRO-1..8. Every figure is the
model's estimate: the product's checkout page is the authority on what is charged.
"""

from __future__ import annotations

from datetime import date

from .dates import period_end
from .decision import Line, Message, Quote, Term
from .money import Money
from .scenario import Issue, Plan, Subscription


def plan_total(plan: Plan) -> Money:
    """Return what a plan costs for one full period: seats × unit price."""
    assert plan.unit_price is not None
    return plan.unit_price.times(plan.seats)


def change_day_issue(today: date, subscription: Subscription) -> Issue | None:
    """R-PRO-2: a change happens inside the current period (period_start ≤ today < end)."""
    start = subscription.period_start
    assert start is not None
    end = period_end(start, subscription.plan.frequency)
    if start <= today < end:
        return None
    return Issue("today", "outside_period", {"start": start.isoformat(), "end": end.isoformat()})


def prorate_change(
    current: Plan, period_start: date, today: date, wanted: Plan, credit_balance: Money
) -> Quote:
    """Return the quote of changing `current` to `wanted` on `today`.

    R-PRO-2: period_start ≤ today < period_end (change_day_issue has checked it).
    R-PRO-3: credit for the unused days, rounded once.
    R-PRO-4: the new plan is charged in full for [today, period_end(today)).
    """
    old_end = period_end(period_start, current.frequency)
    unused_days = (old_end - today).days
    period_days = (old_end - period_start).days
    credit = plan_total(current).prorated(unused_days, period_days)
    quote = _settle(credit, wanted, today, credit_balance, unused_days, period_days,
                    period_start, old_end)
    return quote.explained((
        _credit_line(current, quote), _charge_line(wanted, quote, "explain.charge"),
        *_settlement_lines(quote, credit_balance)))


def quote_new_purchase(wanted: Plan, today: date, credit_balance: Money) -> Quote:
    """Return the quote of a trial conversion or a new subscription: no credit (R-PRO-8)."""
    total = plan_total(wanted)
    zero = Money.zero(total.currency, total.minor_digits)
    quote = _settle(zero, wanted, today, credit_balance, 0, 0, None, None)
    return quote.explained((
        _charge_line(wanted, quote, "explain.first_charge"),
        *_settlement_lines(quote, credit_balance)))


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
    """Apply the account's credit (R-PRO-5) and return the quote.

    NOTE: worked on the three amounts' Decimals once their currency is known to be one:
    the same arithmetic as with Money, without a Money made for every step (it is hot).
    """
    charge = plan_total(wanted)
    currency, digits = charge.currency, charge.minor_digits
    if credit.currency != currency or credit_balance.currency != currency:
        raise ValueError(f"cannot mix {currency}, {credit.currency} and {credit_balance.currency}")
    zero = Money.zero(currency, digits).amount
    owed, kept = charge.amount - credit.amount, credit.amount - charge.amount
    applied = min(owed, credit_balance.amount) if owed > 0 else zero
    return Quote(
        credit=credit,
        charge=charge,
        balance_applied=Money(applied, currency, digits),
        amount_due=Money(max(zero, owed - applied), currency, digits),
        balance_after=Money(credit_balance.amount - applied + max(zero, kept), currency, digits),
        period_start=today,
        period_end=period_end(today, wanted.frequency),
        unused_days=unused_days,
        period_days=period_days,
        old_period_start=old_start,
        old_period_end=old_end,
    )


# How it was worked out: one line per amount, in the reader's own figures. Each
# line's parameters are the numbers it shows, so a test can recompute every amount
# from them; "one" and "other" texts agree with the seat count.


def _seats_id(message_id: str, seats: int) -> str:
    return f"{message_id}.{'one' if seats == 1 else 'other'}"


def _credit_line(current: Plan, quote: Quote) -> Line:
    """R-PRO-2, R-PRO-3: old plan × unused days / days of the period, rounded once."""
    assert current.unit_price is not None
    exact = current.unit_price.amount * current.seats * quote.unused_days
    is_rounded = exact != quote.credit.amount * quote.period_days
    params = {"seats": current.seats, "unit_price": current.unit_price,
              "unused_days": quote.unused_days, "period_days": quote.period_days,
              "credit": quote.credit}
    if is_rounded:
        params["rounding"] = Term(f"explain.rounding.{quote.credit.minor_digits}")
    message_id = "explain.credit_rounded" if is_rounded else "explain.credit"
    return Line(Message(_seats_id(message_id, current.seats), params), ("R-PRO-2", "R-PRO-3"))


def _charge_line(wanted: Plan, quote: Quote, message_id: str) -> Line:
    """R-PRO-4 (R-PRO-8 for a new plan): the new plan for a whole period from today (R-PRO-1)."""
    params = {"seats": wanted.seats, "unit_price": wanted.unit_price, "charge": quote.charge,
              "start": quote.period_start, "end": quote.period_end}
    rules = ("R-PRO-4", "R-PRO-1") if message_id == "explain.charge" else (
        "R-PRO-8", "R-PRO-4", "R-PRO-1")
    return Line(Message(_seats_id(message_id, wanted.seats), params), rules)


def _settlement_lines(quote: Quote, credit_balance: Money) -> tuple[Line, ...]:
    """R-PRO-5, R-PRO-6: account credit used, what is due, and the credit left afterwards."""
    has_balance = credit_balance.is_positive()
    is_covered = quote.credit > quote.charge  # the old plan's credit pays all of the new one
    lines = []
    if has_balance and quote.charge > quote.credit:
        lines.append(Line(Message("explain.balance_applied", {
            "remaining": quote.charge - quote.credit, "balance": credit_balance,
            "balance_applied": quote.balance_applied}), ("R-PRO-5",)))
    if is_covered:
        due = Message("explain.amount_due_covered", {
            "credit": quote.credit, "charge": quote.charge, "amount_due": quote.amount_due})
    elif quote.old_period_start is None:
        due = Message("explain.first_amount_due", {
            "charge": quote.charge, "balance_applied": quote.balance_applied,
            "amount_due": quote.amount_due})
    else:
        due = Message("explain.amount_due", {
            "charge": quote.charge, "credit": quote.credit,
            "balance_applied": quote.balance_applied, "amount_due": quote.amount_due})
    lines.append(Line(due, ("R-PRO-5", "R-PRO-6")))
    if has_balance or is_covered:
        zero = Money.zero(quote.charge.currency, quote.charge.minor_digits)
        lines.append(Line(Message("explain.balance_after", {
            "balance": credit_balance, "balance_applied": quote.balance_applied,
            "surplus": max(zero, quote.credit - quote.charge),
            "balance_after": quote.balance_after}), ("R-PRO-5",)))
    return tuple(lines)
