"""Adding a subscription (R-ADD-1..3) and removing a pending cancellation (R-CANCEL-1)."""

from __future__ import annotations

from .catalog import Catalog
from .checkout import (
    cart_notices, checkout_click, flow_decision, flow_steps, payment_step, plan_choice,
    quote_notices,
)
from .dates import period_end
from .decision import Decision, Message, Term
from .gates import corporate_gate, gate, role_gate
from .proration import change_day_issue, quote_new_purchase
from .scenario import Issue, Scenario


def add_subscription(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return the steps to buy a new plan or start a free trial of a product."""
    account, wanted = scenario.account, scenario.wanted
    assert wanted is not None
    product = catalog.products[wanted.product]
    blocked = gate(account, catalog, product)
    if blocked:
        return blocked
    params = {**plan_choice(product, wanted), "checkout": checkout_click(account)}
    cart_notice, cart_rules = cart_notices(account)

    if scenario.add_mode == "try":
        flow = catalog.flows["add_try"]
        # R-CART-1, R-ADD-3: with items in the cart, "Start trial" reads "Add to cart".
        start = Term("click.add_to_cart_then_place_order" if account.has_cart_items
                     else "click.start_trial")
        return flow_decision(
            flow,
            steps=flow_steps(flow, {**params, "start": start}, {}),
            notices=(Message("notice.add.trial_confirmation"),
                     Message("notice.add.trial_tiers_differ"), *cart_notice),
            rules=("R-ROLE-1", *flow.rules, *cart_rules),
        )

    assert account.credit_balance is not None
    flow = catalog.flows["add_buy"]
    quote = quote_new_purchase(wanted, scenario.today, account.credit_balance)
    return flow_decision(
        flow,
        steps=flow_steps(flow, params, {"$payment": payment_step(flow, quote, account)}),
        notices=(Message("notice.purchase.available_at_once"),
                 Message("notice.purchase.confirmation_email"), *cart_notice,
                 *quote_notices(quote)),
        rules=("R-ROLE-1", *flow.rules, "R-TRIAL-4", *cart_rules, "R-PRO-8", "R-PRO-5", "R-PRO-6"),
        quote=quote,
    )


def pending_cancellation_issues(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    """Return what keeps this from being answered: a day outside the period (R-PRO-2),
    or a product whose sources do not cover pending cancellations (R-CANCEL-1)."""
    subscription = scenario.subscription
    assert subscription is not None
    product = catalog.products[subscription.plan.product]
    if "remove_pending_cancellation" not in product.flows:
        return [Issue("subscription.product", "product_not_covered", {"product": product.name})]
    issue = change_day_issue(scenario.today, subscription)
    return [issue] if issue else []


def remove_pending_cancellation(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return how a plan cancelled mid-period is set to renew again (R-CANCEL-1), in the
    product's own flow."""
    subscription = scenario.subscription
    assert subscription is not None and subscription.period_start is not None
    product = catalog.products[subscription.plan.product]
    # A corporate account asks its representative (R-ROLE-2): no quote is involved.
    blocked = role_gate(scenario.account) or corporate_gate(
        scenario.account, catalog.flows["corporate_manage"])
    if blocked:
        return blocked
    flow = product.flows["remove_pending_cancellation"]
    if subscription.status != "pending_cancellation":
        return Decision(
            outcome="no_change",
            channel=flow.channel,
            summary=Message("summary.no_change.nothing_pending"),
            steps=(),
            notices=(Message("notice.cancel.nothing_pending"),),
            rules=("R-CANCEL-1",),
        )
    return flow_decision(
        flow,
        steps=flow_steps(flow, {"product": product.name}, {}),
        notices=(Message("notice.cancel.renews"),),
        rules=("R-ROLE-1", *flow.rules, "R-PRO-1"),
        renewal_date=period_end(subscription.period_start, subscription.plan.frequency),
    )
