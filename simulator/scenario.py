"""The parsed, valid scenario: immutable values the rules read (NamedTuples, as in decision.py)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .money import Money

KINDS = (
    "change_plan",
    "convert_trial",
    "add_subscription",
    "remove_pending_cancellation",
    "find_billing_contact",
    "route_request",
)
ACCOUNT_TYPES = ("online", "corporate")
ROLES = ("billing_contact", "account_admin", "user")
FREQUENCIES = ("monthly", "annual")
STATUSES = ("active", "trial", "trial_expired", "pending_cancellation")
SIGN_IN_PLACES = ("billing_center", "admin_center")
SIGHTS = ("subscriptions_page", "wrong_location", "contact_billing_admin", "select_product")
PORTAL_SIGN_INS = ("succeeded", "failed", "not_tried")
ADD_MODES = ("buy", "try")
REQUESTS = (
    "subscribe",
    "change_tier",
    "downgrade_tier",
    "add_seats",
    "reduce_seats",
    "change_frequency",
    "switch_product",
    "cancel",
    "remove_pending_cancellation",
    "pay_invoice",
    "accept_quote",
    "change_payment_details",
)


class Account(NamedTuple):
    type: str | None  # None: the reader does not know (find_billing_contact only)
    role: str
    has_cart_items: bool
    is_vat_applicable: bool
    credit_balance: Money | None  # in the subscription's currency once known


class Plan(NamedTuple):
    """A product plan: the current subscription, or the one the reader wants."""

    product: str
    tier: str
    seats: int
    frequency: str
    unit_price: Money


class Subscription(NamedTuple):
    plan: Plan
    period_start: date | None
    status: str


class Scenario(NamedTuple):
    kind: str
    today: date
    locale: str
    account: Account
    subscription: Subscription | None = None
    wanted: Plan | None = None  # the current plan with the change applied
    add_mode: str = "buy"
    signed_in_to: str | None = None
    saw: str | None = None
    portal_sign_in: str = "not_tried"
    request: str | None = None
    product: str | None = None  # route_request: the product the request is about
