"""Turning a free trial into a paid plan (R-TRIAL-1..6, R-PRO-8)."""

from __future__ import annotations

from .catalog import Catalog
from .checkout import (
    billing_center_payment, cart_notices, checkout_click, my_account_payment, plan_choice,
    seat_notices,
)
from .decision import Decision, Message
from .gates import gate
from .proration import quote_new_purchase
from .scenario import Scenario


def convert_trial(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return how the billing contact subscribes when a trial ends, or before it does.

    An expired trial is converted in the Billing Center (R-TRIAL-2); a running
    one from My Account's Subscriptions page (R-TRIAL-3). Either way the new
    period starts today and nothing is credited (R-PRO-8).
    """
    blocked = gate(scenario.account, ("R-TRIAL-6",))
    if blocked:
        return blocked
    subscription, wanted, account = scenario.subscription, scenario.wanted, scenario.account
    assert subscription is not None and wanted is not None and account.credit_balance is not None
    product = catalog.products[wanted.product]
    quote = quote_new_purchase(wanted, scenario.today, account.credit_balance)
    choice = plan_choice(product, wanted)
    is_changed = wanted != subscription.plan
    click = {"checkout": checkout_click(account)}

    if subscription.status == "trial_expired":
        steps = [
            Message("step.billing_center.sign_in"),
            Message("step.trial.subscribe", {"product": product.name}),
            Message("step.plan.change_and_choose", choice) if is_changed else None,
            Message("step.plan.click_checkout", click),
            Message("step.trial.review_order"),
            billing_center_payment(quote, account),
        ]
        notices = [Message("notice.trial.nothing_charged")]
        rules = ["R-TRIAL-1", "R-TRIAL-2"]
        channel = "billing_center"
    else:
        steps = [
            Message("step.my_account.sign_in"),
            Message("step.my_account.go_to_billing"),
            Message("step.trial.subscribe_now"),
            Message("step.plan.change_and_choose", choice) if is_changed else None,
            Message("step.plan.review_summary", click),
            Message("step.checkout.review_period"),
            my_account_payment(quote),
        ]
        notices = []
        rules = ["R-TRIAL-3"]
        channel = "my_account"

    seat_notice, seat_rules = seat_notices(subscription.plan.seats, wanted.seats)
    cart_notice, cart_rules = cart_notices(account)
    notices += [Message("notice.purchase.available_at_once"),
                Message("notice.purchase.confirmation_email"), *seat_notice, *cart_notice]
    return Decision(
        outcome="self_service",
        channel=channel,
        summary=Message(f"summary.self_service.{channel}"),
        steps=tuple(step for step in steps if step is not None),
        notices=tuple(notices),
        rules=("R-ROLE-1", *rules, "R-TRIAL-4", *seat_rules, *cart_rules,
               "R-PRO-8", "R-PRO-5", "R-PRO-6"),
        quote=quote,
    )
