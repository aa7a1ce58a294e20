"""Adding a subscription (R-ADD-1..3) and removing a pending cancellation (R-CANCEL-1)."""

from __future__ import annotations

from .catalog import Catalog
from .checkout import cart_notices, checkout_click, my_account_payment, plan_choice
from .dates import period_end
from .decision import Decision, Message, Term
from .gates import gate
from .proration import quote_new_purchase
from .scenario import Scenario


def add_subscription(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return the steps to buy a new plan or start a free trial of a product."""
    blocked = gate(scenario.account)
    if blocked:
        return blocked
    account, wanted = scenario.account, scenario.wanted
    assert wanted is not None and account.credit_balance is not None
    product = catalog.products[wanted.product]
    choice = plan_choice(product, wanted)
    opening = (
        Message("step.my_account.sign_in"),
        Message("step.my_account.go_to_billing"),
        Message("step.add.open", {"product": product.name}),
    )
    cart_notice, cart_rules = cart_notices(account)

    if scenario.add_mode == "try":
        start = Term("click.add_to_cart_then_place_order" if account.has_cart_items
                     else "click.start_trial")
        return Decision(
            outcome="self_service",
            channel="my_account",
            summary=Message("summary.self_service.my_account"),
            steps=(
                *opening,
                Message("step.add.try"),
                Message("step.add.trial_tier", choice),
                Message("step.add.trial_seats", {**choice, "start": start}),
            ),
            notices=(Message("notice.add.trial_confirmation"),
                     Message("notice.add.trial_tiers_differ"), *cart_notice),
            rules=("R-ROLE-1", "R-ADD-1", "R-ADD-3", *cart_rules),
        )

    quote = quote_new_purchase(wanted, scenario.today, account.credit_balance)
    return Decision(
        outcome="self_service",
        channel="my_account",
        summary=Message("summary.self_service.my_account"),
        steps=(
            *opening,
            Message("step.add.buy"),
            Message("step.add.tier", choice),
            Message("step.add.seats", choice),
            Message("step.add.frequency", {**choice, "checkout": checkout_click(account)}),
            Message("step.checkout.review_period"),
            my_account_payment(quote),
        ),
        notices=(Message("notice.purchase.available_at_once"),
                 Message("notice.purchase.confirmation_email"), *cart_notice),
        rules=("R-ROLE-1", "R-ADD-1", "R-ADD-2", "R-TRIAL-4", *cart_rules,
               "R-PRO-8", "R-PRO-5", "R-PRO-6"),
        quote=quote,
    )


def remove_pending_cancellation(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return how a plan cancelled mid-period is set to renew again (R-CANCEL-1)."""
    blocked = gate(scenario.account)
    if blocked:
        return blocked
    subscription = scenario.subscription
    assert subscription is not None and subscription.period_start is not None
    renewal = period_end(subscription.period_start, subscription.plan.frequency)
    if subscription.status != "pending_cancellation":
        return Decision(
            outcome="no_change",
            channel="my_account",
            summary=Message("summary.no_change.nothing_pending"),
            steps=(),
            notices=(Message("notice.cancel.nothing_pending"),),
            rules=("R-CANCEL-1",),
        )
    return Decision(
        outcome="self_service",
        channel="my_account",
        summary=Message("summary.self_service.my_account"),
        steps=(
            Message("step.my_account.sign_in"),
            Message("step.my_account.go_to_billing"),
            Message("step.cancel.view_edit_remove"),
            Message("step.cancel.confirm"),
        ),
        notices=(Message("notice.cancel.renews"),),
        rules=("R-ROLE-1", "R-CANCEL-1", "R-PRO-1"),
        renewal_date=renewal,
    )
