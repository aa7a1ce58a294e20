"""Changing a current plan: tier, seats, frequency (R-PLAN-1..8, R-PRO-1..7)."""

from __future__ import annotations

from .catalog import Catalog, Product
from .checkout import (
    billing_center_payment, cart_notices, checkout_click, credit_notices, my_account_payment,
    plan_choice, seat_notices,
)
from .decision import Decision, Message, Term
from .gates import gate
from .proration import prorate_change
from .scenario import Plan, Scenario
from .trial import convert_trial


def change_plan(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return what changing the current plan takes, and its prorated quote."""
    blocked = gate(scenario.account)
    if blocked:
        return blocked
    subscription, wanted = scenario.subscription, scenario.wanted
    assert subscription is not None and wanted is not None
    current = subscription.plan

    if subscription.status in ("trial", "trial_expired"):
        # R-PLAN-6: a trial has no plan to edit ("Options" is missing): subscribe instead.
        subscribed = convert_trial(scenario, catalog)
        return subscribed._replace(
            notices=(Message("notice.plan.no_options_icon"), *subscribed.notices),
            rules=("R-PLAN-6", *subscribed.rules),
        )
    if wanted.product != current.product:
        return _switch_product(catalog.products[current.product], catalog.products[wanted.product])
    if wanted == current:
        return Decision(
            outcome="no_change",
            channel=_channel(catalog.products[current.product]),
            summary=Message("summary.no_change.same_plan"),
            steps=(),
            notices=(Message("notice.plan.same_as_current"),),
            rules=("R-PLAN-1",),
        )
    product = catalog.products[current.product]
    if product.tier_rank(wanted.tier) < product.tier_rank(current.tier):
        if not product.is_tier_downgrade_online:
            return _downgrade_by_customer_care(product, current, wanted)
    return _change_online(scenario, product, current, wanted)


def _channel(product: Product) -> str:
    return "billing_center" if product.plan_change_flow == "billing_center_options" else "my_account"


def _switch_product(current: Product, wanted: Product) -> Decision:
    """R-PLAN-8: products are not swapped: cancel one, then add the other."""
    return Decision(
        outcome="not_possible",
        channel="my_account",
        summary=Message("summary.not_possible.switch_product"),
        steps=(
            Message("step.switch.cancel_current", {"product": current.name}),
            Message("step.my_account.sign_in"),
            Message("step.my_account.go_to_billing"),
            Message("step.switch.add_new", {"product": wanted.name}),
        ),
        notices=(Message("notice.switch.products_stand_alone"),),
        rules=("R-PLAN-8", "R-ADD-1"),
    )


def _downgrade_by_customer_care(product: Product, current: Plan, wanted: Plan) -> Decision:
    """R-PLAN-4: this product's tier downgrade is not done online."""
    notices = (Message("notice.plan.seats_reduce_online"),) if wanted.seats < current.seats else ()
    return Decision(
        outcome="customer_care",
        channel="customer_care",
        summary=Message("summary.customer_care"),
        steps=(Message("step.care.ask_downgrade", {
            "product": product.name,
            "tier": Term(f"tier.{wanted.tier}"),
        }),),
        notices=notices,
        rules=("R-PLAN-4",),
    )


def _is_seats_only(current: Plan, wanted: Plan) -> bool:
    """R-PLAN-7: more seats, same tier, frequency and price: the "Add …" button."""
    return (
        wanted.seats > current.seats
        and (wanted.tier, wanted.frequency, wanted.unit_price)
        == (current.tier, current.frequency, current.unit_price)
    )


def _change_online(scenario: Scenario, product: Product, current: Plan, wanted: Plan) -> Decision:
    """R-PLAN-1..3, R-PLAN-5, R-PLAN-7: the change, with its prorated quote."""
    account, subscription = scenario.account, scenario.subscription
    assert subscription is not None and subscription.period_start is not None
    assert account.credit_balance is not None
    quote = prorate_change(
        current, subscription.period_start, scenario.today, wanted, account.credit_balance
    )
    choice = plan_choice(product, wanted)
    click = {"checkout": checkout_click(account)}
    if product.plan_change_flow == "billing_center_options":
        steps = (
            Message("step.billing_center.sign_in"),
            Message("step.plan.options_edit", {"product": product.name}),
            Message("step.plan.choose", choice),
            Message("step.plan.review_summary", click),
            Message("step.checkout.review_period"),
            billing_center_payment(quote, account),
        )
        flow_rules: tuple[str, ...] = ("R-PLAN-5", "R-PLAN-3")
    elif _is_seats_only(current, wanted) and product.add_seats_button:
        steps = (
            Message("step.my_account.sign_in"),
            Message("step.my_account.go_to_billing"),
            Message("step.seats.add_button", {"button": Term(f"button.{product.add_seats_button}")}),
            Message("step.seats.set_count", {**choice, **click}),
            Message("step.checkout.review_period"),
            my_account_payment(quote),
        )
        flow_rules = ("R-PLAN-7",)
    else:
        steps = (
            Message("step.my_account.sign_in"),
            Message("step.my_account.go_to_billing"),
            Message("step.plan.view_edit"),
            Message("step.plan.change_and_choose", choice),
            Message("step.plan.review_summary", click),
            Message("step.checkout.review_period"),
            my_account_payment(quote),
        )
        flow_rules = ("R-PLAN-7", "R-PLAN-3")

    seat_notice, seat_rules = seat_notices(current.seats, wanted.seats)
    cart_notice, cart_rules = cart_notices(account)
    pending = (
        (Message("notice.plan.still_pending_cancellation"),)
        if subscription.status == "pending_cancellation" else ()
    )
    notices = (
        Message("notice.plan.takes_effect_now"), *credit_notices(quote), *seat_notice,
        *cart_notice, *pending,
    )
    is_downgrade = product.tier_rank(wanted.tier) < product.tier_rank(current.tier)
    return Decision(
        outcome="self_service",
        channel=_channel(product),
        summary=Message(f"summary.self_service.{_channel(product)}"),
        steps=steps,
        notices=notices,
        rules=(
            "R-ROLE-1", "R-PLAN-1", "R-PLAN-2", *flow_rules,
            *(("R-PLAN-4",) if is_downgrade or wanted.seats < current.seats else ()),
            *seat_rules, *cart_rules, *(("R-CANCEL-1",) if pending else ()),
            "R-PRO-1", "R-PRO-2", "R-PRO-3", "R-PRO-4", "R-PRO-5", "R-PRO-6",
        ),
        quote=quote,
    )
