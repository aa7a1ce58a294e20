"""Turning a free trial into a paid plan (R-TRIAL-1..6, R-PRO-8)."""

from __future__ import annotations

from .catalog import Catalog
from .checkout import (
    cart_notices,
    checkout_click,
    flow_decision,
    flow_notices,
    flow_steps,
    payment_step,
    plan_choice,
    quote_notices,
    seat_notices,
)
from .decision import Decision, Message, Term
from .gates import gate
from .proration import quote_new_purchase
from .scenario import Issue, Scenario

# The sources describe, per product, subscribing after a trial ended (R-TRIAL-2,
# GoToAssist Remote Support v5) or while it still runs (R-TRIAL-3, GoToMeeting):
# a product's catalog flows say which it has.
SITUATION_BY_STATUS = {"trial_expired": "subscribe_after_trial", "trial": "subscribe_during_trial"}


def trial_issues(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    """Return what keeps a trial conversion from being answered from the sources."""
    subscription, wanted = scenario.subscription, scenario.wanted
    assert subscription is not None and wanted is not None
    status = subscription.status
    if status not in SITUATION_BY_STATUS:
        return [Issue("subscription.status", "not_a_trial", {"status": status})]
    issues = []
    if subscription.period_start is not None and scenario.today < subscription.period_start:
        issues.append(Issue("today", "before_period_start",
                            {"start": subscription.period_start.isoformat()}))
    product = catalog.products[subscription.plan.product]
    if SITUATION_BY_STATUS[status] not in product.flows:
        covered = next(situation for situation in SITUATION_BY_STATUS.values()
                       if situation in product.flows)
        issues.append(Issue("subscription.status", "not_covered", {
            "product": product.name, "covered": Term(f"situation.{covered}")}))
    if wanted.product != subscription.plan.product:
        issues.append(Issue("change.product", "trial_of_another_product",
                            {"product": product.name}))
    return issues


def convert_trial(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return how the billing contact subscribes when a trial ends, or before it does.

    The product's own flow for the trial's status: in the Billing Center once it
    has expired (R-TRIAL-2), from My Account's Subscriptions page while it runs
    (R-TRIAL-3). Either way the new period starts today and nothing is credited (R-PRO-8).
    """
    subscription, wanted, account = scenario.subscription, scenario.wanted, scenario.account
    assert subscription is not None and wanted is not None
    product = catalog.products[wanted.product]
    blocked = gate(account, catalog, product, ("R-TRIAL-6",))
    if blocked:
        return blocked
    assert account.credit_balance is not None
    flow = product.flows[SITUATION_BY_STATUS[subscription.status]]
    quote = quote_new_purchase(wanted, scenario.today, account.credit_balance)
    params = {**plan_choice(product, wanted), "checkout": checkout_click(account)}
    # "Change" is optional (R-TRIAL-2, R-TRIAL-3): only when the reader picks another plan.
    change = Message("step.plan.change_and_choose", params) if wanted != subscription.plan else None
    steps = flow_steps(flow, params, {"$change": change,
                                      "$payment": payment_step(flow, quote, account)})
    seat_notice, seat_rules = seat_notices(subscription.plan.seats, wanted.seats)
    cart_notice, cart_rules = cart_notices(account)
    return flow_decision(
        flow,
        steps=steps,
        notices=(*flow_notices(flow), Message("notice.purchase.available_at_once"),
                 Message("notice.purchase.confirmation_email"), *seat_notice, *cart_notice,
                 *quote_notices(quote)),
        rules=("R-ROLE-1", *flow.rules, "R-TRIAL-4", *seat_rules, *cart_rules,
               "R-PRO-8", "R-PRO-5", "R-PRO-6"),
        quote=quote,
    )
