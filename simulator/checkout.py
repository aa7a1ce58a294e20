"""Steps and notices shared by every flow: the catalog's steps, cart, plan chosen, payment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalog import Flow, Product
from .decision import Decision, Message, Quote, Term
from .scenario import FREQUENCIES, Account, Plan

# The names and texts without parameters that the helpers below give answer after answer,
# each made once.
_CHECKOUT = Term("click.checkout")
_ADD_TO_CART_THEN_CHECKOUT = Term("click.add_to_cart_then_checkout")
_FREQUENCY_NAMES = {frequency: Term(f"frequency.{frequency}") for frequency in FREQUENCIES}
_CHECKOUT_STEPS = {step: Message(f"step.checkout.{step}") for step in (
    "payment_if_due", "confirm_payment_method", "place_order", "payment_and_vat", "payment")}
_CREDIT_KEPT = Message("notice.credit.kept_on_account")
_BALANCE_APPLIED = Message("notice.credit.balance_applied")
_ESTIMATE = Message("notice.quote.estimate")


def flow_steps(
    flow: Flow, params: Mapping[str, Any], slots: Mapping[str, Message | None]
) -> tuple[Message, ...]:
    """Return a catalog flow's steps as messages; a slot without a message is left out."""
    steps = []
    for step in flow.step_ids:
        if step[0] == "$":
            filled = slots.get(step)
            if filled is not None:
                steps.append(filled)
        else:
            steps.append(Message(step, params))
    return tuple(steps)


def flow_notices(flow: Flow) -> tuple[Message, ...]:
    return tuple(Message(f"notice.{notice}") for notice in flow.notices)


def flow_summary(flow: Flow) -> Message:
    """Return the one sentence that answers, from where the flow happens and how it ends."""
    if flow.outcome == "self_service":
        return Message(f"summary.self_service.{flow.channel}")
    if flow.outcome == "not_possible":
        return Message(f"summary.not_possible.{flow.id}")
    return Message(f"summary.{flow.outcome}")


def flow_decision(
    flow: Flow,
    *,
    steps: tuple[Message, ...] | None = None,
    notices: tuple[Message, ...] | None = None,
    rules: tuple[str, ...] | None = None,
    **answer: Any,
) -> Decision:
    """Return the answer a catalog flow gives: its outcome, place and sentence come from
    the flow alone; steps, notices and rules are the flow's own unless the caller adds to
    them (a quote, a renewal day)."""
    return Decision(  # its first fields in order, positional: keywords cost more, and it is hot
        flow.outcome,
        flow.channel,
        flow_summary(flow),
        flow_steps(flow, {}, {}) if steps is None else steps,
        flow_notices(flow) if notices is None else notices,
        flow.rules if rules is None else rules,
        **answer,
    )


def checkout_click(account: Account) -> Term:
    """R-CART-1: with items in the cart the button reads "Add to cart", then "Checkout"."""
    return _ADD_TO_CART_THEN_CHECKOUT if account.has_cart_items else _CHECKOUT


def cart_notices(account: Account) -> tuple[tuple[Message, ...], tuple[str, ...]]:
    if account.has_cart_items:
        return (Message("notice.cart.add_to_cart"),), ("R-CART-1",)
    return (), ()


def tier_name(product: Product, tier: str) -> Term:
    """Return a tier's name, marked as an example where the sources name no tiers."""
    if product.tier_names_are_examples:
        return Term("tier.example_name", f"tier.{tier}")
    return Term(f"tier.{tier}")


def plan_choice(product: Product, plan: Plan) -> dict[str, Any]:
    """Return the parameters that name a plan: product, tier, seat label and count, frequency."""
    return {
        "product": product.name,
        "tier": tier_name(product, plan.tier),
        "seat_label": Term(f"seat.{product.seat_name}"),
        "seats": plan.seats,
        "frequency": _FREQUENCY_NAMES[plan.frequency],
    }


def payment_step(flow: Flow, quote: Quote | None, account: Account) -> Message | None:
    """Return how a flow ends: payment, payment method, or just "Place order".

    R-TRIAL-2, R-PLAN-3: in the Billing Center, payment details (and the VAT number)
    only when the price rises; R-TRIAL-3, R-PLAN-7, R-ADD-2: from My Account, the
    payment method is confirmed. Without a quote (route_request) the amount is unknown.
    """
    if flow.payment is None:
        return None
    if quote is None:
        return _CHECKOUT_STEPS["payment_if_due" if flow.payment == "details"
                               else "confirm_payment_method"]
    if not quote.is_payment_required:
        return _CHECKOUT_STEPS["place_order"]
    if flow.payment == "method":
        return _CHECKOUT_STEPS["confirm_payment_method"]
    if account.is_vat_applicable:
        return _CHECKOUT_STEPS["payment_and_vat"]
    return _CHECKOUT_STEPS["payment"]


def seat_notices(before: int, after: int) -> tuple[tuple[Message, ...], tuple[str, ...]]:
    """R-TRIAL-5: added seats must be assigned before their users can sign in."""
    if after > before:
        return (Message("notice.seats.assign"),), ("R-TRIAL-5",)
    return (), ()


def quote_notices(quote: Quote) -> tuple[Message, ...]:
    """R-PRO-5: what happens to credit, and whose figures these are (the model's, not a bill)."""
    if quote.credit > quote.charge:
        return (_CREDIT_KEPT, _ESTIMATE)
    if quote.balance_applied.is_positive():
        return (_BALANCE_APPLIED, _ESTIMATE)
    return (_ESTIMATE,)
