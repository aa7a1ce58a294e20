"""Changing a current plan: tier, seats, frequency (R-PLAN-1..8, R-PRO-1..7)."""

from __future__ import annotations

from .catalog import Catalog, Flow, Product
from .checkout import (
    cart_notices, checkout_click, flow_decision, flow_steps, payment_step, plan_choice,
    quote_notices, seat_notices,
)
from .decision import Decision, Message
from .gates import gate
from .proration import change_day_issue, prorate_change
from .scenario import Issue, Plan, Scenario
from .trial import convert_trial, trial_issues

TRIAL_STATUSES = ("trial", "trial_expired")


def check(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    """Return what keeps this change from being answered: a day outside the period
    (R-PRO-2), or, for a trial, what a trial conversion cannot answer."""
    subscription = scenario.subscription
    assert subscription is not None
    if subscription.status in TRIAL_STATUSES:
        return trial_issues(scenario, catalog)
    issue = change_day_issue(scenario.today, subscription)
    return [issue] if issue else []


def change_plan(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return what changing the current plan takes, and its prorated quote."""
    subscription, wanted = scenario.subscription, scenario.wanted
    assert subscription is not None and wanted is not None
    current = subscription.plan
    product = catalog.products[current.product]
    blocked = gate(scenario.account, catalog, product)
    if blocked:
        return blocked

    if subscription.status in TRIAL_STATUSES:
        # A trial has no paid plan to edit: subscribe instead. What the product's edit
        # flow says of that (R-PLAN-6: no "Options" icon) comes first.
        subscribed = convert_trial(scenario, catalog)
        edit = product.flows["change_plan"]
        return subscribed._replace(
            notices=(*(Message(f"notice.{n}") for n in edit.trial_notices), *subscribed.notices),
            rules=(*edit.trial_rules, *subscribed.rules),
        )
    if wanted.product != current.product:
        return _switch_product(catalog.flows["switch_product"])
    if wanted == current:
        return Decision(
            outcome="no_change",
            channel=product.flows["change_plan"].channel,
            summary=Message("summary.no_change.same_plan"),
            steps=(),
            notices=(Message("notice.plan.same_as_current"),),
            rules=("R-PLAN-1",),
        )
    is_downgrade = product.tier_rank(wanted.tier) < product.tier_rank(current.tier)
    if is_downgrade and product.flows["tier_downgrade"].outcome != "self_service":
        return _downgrade_elsewhere(product, current, wanted)
    return _change_online(scenario, product, current, wanted, is_downgrade)


def _switch_product(flow: Flow) -> Decision:
    """R-PLAN-8: products are not swapped: cancel one, then add the other."""
    return flow_decision(flow)


def _downgrade_elsewhere(product: Product, current: Plan, wanted: Plan) -> Decision:
    """R-PLAN-4: this product's tier downgrade is not done online (its catalog flow says where)."""
    flow = product.flows["tier_downgrade"]
    notices = (Message("notice.plan.seats_reduce_online"),) if wanted.seats < current.seats else ()
    return flow_decision(flow, steps=flow_steps(flow, {"product": product.name}, {}),
                         notices=notices)


def _is_seats_only(current: Plan, wanted: Plan) -> bool:
    """R-PLAN-7: more seats, same tier, frequency and price: the "Add …" buttons."""
    return (
        wanted.seats > current.seats
        and (wanted.tier, wanted.frequency, wanted.unit_price)
        == (current.tier, current.frequency, current.unit_price)
    )


def _change_online(
    scenario: Scenario, product: Product, current: Plan, wanted: Plan, is_downgrade: bool
) -> Decision:
    """R-PLAN-1..3, R-PLAN-5, R-PLAN-7: the change in the product's own flow, with its quote."""
    account, subscription = scenario.account, scenario.subscription
    assert subscription is not None and subscription.period_start is not None
    assert account.credit_balance is not None
    quote = prorate_change(
        current, subscription.period_start, scenario.today, wanted, account.credit_balance
    )
    flow = product.flows["add_seats" if _is_seats_only(current, wanted) else "change_plan"]
    params = {**plan_choice(product, wanted), "checkout": checkout_click(account)}
    steps = flow_steps(flow, params, {"$choose": Message(f"step.{flow.choose}", params),
                                      "$payment": payment_step(flow, quote, account)})

    seat_notice, seat_rules = seat_notices(current.seats, wanted.seats)
    cart_notice, cart_rules = cart_notices(account)
    pending = (
        (Message("notice.plan.still_pending_cancellation"),)
        if subscription.status == "pending_cancellation" else ()
    )
    notices = (
        Message("notice.plan.takes_effect_now"), *seat_notice, *cart_notice, *pending,
        *quote_notices(quote),
    )
    return flow_decision(
        flow,
        steps=steps,
        notices=notices,
        rules=(
            "R-ROLE-1", "R-PLAN-1", "R-PLAN-2", *flow.rules,
            *(("R-PLAN-4",) if is_downgrade or wanted.seats < current.seats else ()),
            *seat_rules, *cart_rules, *(("R-CANCEL-1",) if pending else ()),
            "R-PRO-1", "R-PRO-2", "R-PRO-3", "R-PRO-4", "R-PRO-5", "R-PRO-6",
        ),
        quote=quote,
    )
