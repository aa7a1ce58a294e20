"""What a scenario is: its fields (the one description the validator and the panels' forms
read), the parsed values the rules read, and the problems input can have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .money import Money

if TYPE_CHECKING:
    from .catalog import Catalog

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
PORTAL_SIGN_INS = ("not_tried", "succeeded", "failed")
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


class Field(NamedTuple):
    """One field of the contract's scenario: its type, its choices, its value when omitted.

    Types: "choice" (one of `choices`), "product", "tier" (of the field's product),
    "currency", "locale" (their choices come from the catalog), "date",
    "whole_number", "amount", "boolean".
    """

    path: str
    type: str
    own_choices: tuple[str, ...] = ()
    default: Any = None

    def choices(self, catalog: Catalog, product: str | None = None) -> tuple[str, ...]:
        """Return what the field may hold; a tier field, one of `product`'s tiers."""
        if self.type == "product":
            return catalog.product_ids
        if self.type == "currency":
            return catalog.currency_codes
        if self.type == "locale":
            return catalog.locales
        if self.type == "tier":
            return catalog.products[product].tiers if product else ()
        return self.own_choices


FIELDS: Mapping[str, Field] = {field.path: field for field in (
    Field("kind", "choice", KINDS),
    Field("today", "date"),
    Field("locale", "locale", default="en"),
    Field("account.type", "choice", ACCOUNT_TYPES),
    Field("account.role", "choice", ROLES),
    Field("account.cart_has_items", "boolean", default=False),
    Field("account.vat_applicable", "boolean", default=False),
    Field("account.credit_balance", "amount", default="0"),
    Field("subscription.product", "product"),
    Field("subscription.tier", "tier"),
    Field("subscription.seats", "whole_number"),
    Field("subscription.frequency", "choice", FREQUENCIES),
    Field("subscription.unit_price", "amount"),
    Field("subscription.currency", "currency"),
    Field("subscription.period_start", "date"),
    Field("subscription.status", "choice", STATUSES),
    Field("change.mode", "choice", ADD_MODES, default="buy"),
    Field("change.product", "product"),
    Field("change.tier", "tier"),
    Field("change.seats", "whole_number"),
    Field("change.frequency", "choice", FREQUENCIES),
    Field("change.unit_price", "amount"),
    Field("change.currency", "currency"),
    Field("signed_in_to", "choice", SIGN_IN_PLACES),
    Field("saw", "choice", SIGHTS),
    Field("portal_sign_in", "choice", PORTAL_SIGN_INS, default="not_tried"),
    Field("request", "choice", REQUESTS),
    Field("product", "product"),
)}


@dataclass(frozen=True)
class Issue:
    """One problem with the input, at one field; its text is rendered in the reader's language."""

    field: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class Account(NamedTuple):
    type: str | None  # None: the reader does not know (find_billing_contact only)
    role: str
    has_cart_items: bool
    is_vat_applicable: bool
    credit_balance: Money | None  # in the plan's currency once known; None when nothing is paid

    def with_credit(self, credit_balance: Money | None) -> Account:
        """Return the account with its credit, once the plan's currency is known (the last
        field; made at once, as _replace would take three times as long)."""
        return Account(*self[:-1], credit_balance)


class Plan(NamedTuple):
    """A product plan: the current subscription, or the one the reader wants."""

    product: str
    tier: str
    seats: int
    frequency: str
    unit_price: Money | None  # None for a free trial being started, which names no price


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
