"""Turn an untrusted JSON value into a valid Scenario, or into field errors.

Every problem becomes an `Issue` (field path, code, parameters); texts are
rendered later in the reader's language. All problems are collected, not just
the first, so a form can show each one at its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from . import scenario as s
from .catalog import Catalog
from .dates import period_end
from .money import MINOR_UNITS, Money

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # what a lone JSON escape \ud800 to \udfff decodes to
_MISSING = object()
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Issue:
    """One problem with the input, at one field."""

    field: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class _Reader:
    """Reads fields out of JSON objects, collecting issues instead of raising."""

    catalog: Catalog
    issues: list[Issue] = field(default_factory=list)

    def problem(self, path: str, code: str, **params: Any) -> None:
        self.issues.append(Issue(path, code, params))

    def has_problem_at(self, path: str) -> bool:
        if not self.issues:
            return False
        return any(i.field == path or i.field.startswith(path + ".") for i in self.issues)

    def obj(
        self, parent: Mapping, key: str, path: str, allowed: frozenset[str], required: bool
    ) -> Mapping | None:
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(path, "required")
            return None
        if not isinstance(value, dict):
            self.problem(path, "expected_object")
            return None
        if not value.keys() <= allowed:  # `allowed` is a frozenset: one set check
            for unknown in sorted(k for k in value if k not in allowed):
                self.problem(f"{path}.{self.key(unknown)}", "unknown_field")
        return value

    def string(self, parent: Mapping, key: str, path: str, required: bool) -> str | None:
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(path, "required")
            return None
        if not isinstance(value, str):
            self.problem(path, "expected_string")
            return None
        if len(value) > self.catalog.limits.max_string_length:
            self.problem(path, "too_long", limit=self.catalog.limits.max_string_length)
            return None
        return value

    def choice(
        self,
        parent: Mapping,
        key: str,
        path: str,
        allowed: tuple[str, ...],
        required: bool,
        default: str | None = None,
    ) -> str | None:
        value = parent.get(key)
        if type(value) is str and value in allowed:  # the common cases first
            return value
        if value is None:
            if required and default is None:
                self.problem(path, "required")
            return default
        value = self.string(parent, key, path, required and default is None)
        if value is None:
            return default if not self.has_problem_at(path) else None
        if value not in allowed:
            self.problem(path, "unknown_value", value=self.clip(value), allowed=", ".join(allowed))
            return None
        return value

    def boolean(self, parent: Mapping, key: str, path: str) -> bool | None:
        value = parent.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(path, "expected_boolean")
            return None
        return value

    def whole_number(self, parent: Mapping, key: str, path: str, required: bool) -> int | None:
        value = parent.get(key, _MISSING)
        if type(value) is int and 1 <= value <= self.catalog.limits.max_seats:
            return value
        if value is _MISSING or value is None:
            if required:
                self.problem(path, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem(path, "expected_number")
            return None
        if isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral()):
            self.problem(path, "not_whole_number")
            return None
        # Compare before int(): 1e999999999 is a whole number, but a billion digits long.
        if value < 1:
            self.problem(path, "too_small", minimum=1)
            return None
        if value > self.catalog.limits.max_seats:
            self.problem(path, "too_large", maximum=self.catalog.limits.max_seats)
            return None
        return int(value)

    def amount(self, parent: Mapping, key: str, path: str, required: bool) -> Decimal | None:
        """Return a non-negative amount as written; strings or JSON numbers, never floats."""
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(path, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            self.problem(path, "expected_amount")
            return None
        text = value if isinstance(value, str) else str(value)
        match = _AMOUNT.fullmatch(text) if len(text) <= 32 else None
        if match is None:
            self.problem(path, "expected_amount")
            return None
        if match.group(1):
            self.problem(path, "negative_amount")
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            self.problem(path, "expected_amount")
            return None
        if amount > self.catalog.limits.max_unit_price:
            self.problem(path, "too_large", maximum=str(self.catalog.limits.max_unit_price))
            return None
        return amount

    def day(self, parent: Mapping, key: str, path: str, required: bool) -> date | None:
        value = self.string(parent, key, path, required)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            self.problem(path, "invalid_date", value=self.clip(value))
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(path, "invalid_date", value=value)
            return None
        limits = self.catalog.limits
        if not limits.min_year <= day.year <= limits.max_year:
            self.problem(path, "year_out_of_range", minimum=limits.min_year, maximum=limits.max_year)
            return None
        return day

    def money(self, amount: Decimal | None, currency: str | None, path: str) -> Money | None:
        """Return Money once the currency is known; too many digits is an issue."""
        if amount is None or currency is None:
            return None
        digits = self.catalog.currencies[currency]
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            self.problem(path, "too_many_decimals", currency=currency, digits=digits)
            return None
        return Money(amount.quantize(MINOR_UNITS[digits]), currency, digits)

    @staticmethod
    def clip(value: str) -> str:
        """Return input to echo: 40 characters at most, lone surrogates as U+FFFD (they have
        no UTF-8 form, so the answer could not be printed or sent)."""
        value = value if len(value) <= 40 else value[:39] + "…"
        return _LONE_SURROGATE.sub("\ufffd", value)

    @classmethod
    def key(cls, name: str) -> str:
        """Return an unknown key as it goes into a field path; a nameless one as '""'."""
        return cls.clip(name) if name else '""'


_TOP_FIELDS = frozenset((
    "kind", "today", "locale", "account", "subscription", "change",
    "signed_in_to", "saw", "portal_sign_in", "request", "product",
))
_ACCOUNT_FIELDS = frozenset(
    ("type", "role", "cart_has_items", "vat_applicable", "credit_balance"))
_SUBSCRIPTION_FIELDS = frozenset((
    "product", "tier", "seats", "frequency", "unit_price", "currency", "period_start", "status",
))
_CHANGE_FIELDS = frozenset(
    ("product", "tier", "seats", "frequency", "unit_price", "currency", "mode"))
_KINDS_WITH_SUBSCRIPTION = ("change_plan", "convert_trial", "remove_pending_cancellation")
_KINDS_WITH_CHANGE = ("change_plan", "convert_trial", "add_subscription")


def requested_locale(document: Any, catalog: Catalog) -> str:
    """Return the scenario's locale if it names a known one, else English."""
    if isinstance(document, dict):
        locale = document.get("locale")
        if isinstance(locale, str) and locale in catalog.locales:
            return locale
    return "en"


def parse_scenario(document: Any, catalog: Catalog) -> tuple[s.Scenario | None, list[Issue]]:
    """Return the valid Scenario, or None and every issue found."""
    reader = _Reader(catalog)
    if not isinstance(document, dict):
        reader.problem("scenario", "not_an_object")
        return None, reader.issues
    if not document.keys() <= _TOP_FIELDS:
        for unknown in sorted(k for k in document if k not in _TOP_FIELDS):
            reader.problem(reader.key(unknown), "unknown_field")

    kind = reader.choice(document, "kind", "kind", s.KINDS, required=True)
    today = reader.day(document, "today", "today", required=True)
    locale = reader.choice(document, "locale", "locale", catalog.locales, False, default="en")
    account, credit = _read_account(reader, document, kind)

    fields: dict[str, Any] = {}
    if kind in _KINDS_WITH_SUBSCRIPTION or kind in _KINDS_WITH_CHANGE:
        fields, currency = _read_plans(reader, document, kind, today)
        if account is not None and currency is not None:
            credit_balance = reader.money(credit or _ZERO, currency, "account.credit_balance")
            account = s.Account(account.type, account.role, account.has_cart_items,
                                account.is_vat_applicable, credit_balance)
    elif kind == "find_billing_contact":
        fields = _read_billing_contact_question(reader, document)
    elif kind == "route_request":
        fields = _read_route_request(reader, document)

    if reader.issues or kind is None or today is None or locale is None or account is None:
        return None, reader.issues
    return s.Scenario(kind=kind, today=today, locale=locale, account=account, **fields), []


def _read_account(
    reader: _Reader, document: Mapping, kind: str | None
) -> tuple[s.Account | None, Decimal | None]:
    """Return the account and its credit amount, which gets a currency from the plan."""
    is_optional = kind == "find_billing_contact"
    raw = reader.obj(document, "account", "account", _ACCOUNT_FIELDS, required=not is_optional)
    if raw is None:
        if is_optional and not reader.has_problem_at("account"):
            return s.Account(None, "user", False, False, None), None
        return None, None
    account_type = reader.choice(
        raw, "type", "account.type", s.ACCOUNT_TYPES, required=not is_optional
    )
    role = reader.choice(
        raw, "role", "account.role", s.ROLES, required=not is_optional,
        default="user" if is_optional else None,
    )
    has_cart_items = reader.boolean(raw, "cart_has_items", "account.cart_has_items")
    is_vat_applicable = reader.boolean(raw, "vat_applicable", "account.vat_applicable")
    credit = reader.amount(raw, "credit_balance", "account.credit_balance", required=False)
    if reader.has_problem_at("account"):
        return None, None
    account = s.Account(account_type, role or "user", bool(has_cart_items),
                        bool(is_vat_applicable), None)
    return account, credit


def _read_plans(
    reader: _Reader, document: Mapping, kind: str, today: date | None
) -> tuple[dict[str, Any], str | None]:
    """Return the current subscription and the wanted plan, and their currency."""
    subscription = None
    if kind in _KINDS_WITH_SUBSCRIPTION:  # add_subscription: a current plan plays no part
        subscription = _read_subscription(reader, document, kind, today)
    wanted, mode, currency = _read_change(reader, document, kind, subscription)
    if reader.issues:
        return {}, currency
    return {"subscription": subscription, "wanted": wanted, "add_mode": mode}, currency


def _read_subscription(
    reader: _Reader, document: Mapping, kind: str, today: date | None
) -> s.Subscription | None:
    raw = reader.obj(document, "subscription", "subscription", _SUBSCRIPTION_FIELDS, True)
    if raw is None:
        return None
    catalog = reader.catalog
    product = reader.choice(raw, "product", "subscription.product", catalog.product_ids, True)
    tier = _tier(reader, raw, "subscription.tier", product, True)
    seats = reader.whole_number(raw, "seats", "subscription.seats", True)
    frequency = reader.choice(raw, "frequency", "subscription.frequency", s.FREQUENCIES, True)
    amount = reader.amount(raw, "unit_price", "subscription.unit_price", True)
    currency = reader.choice(raw, "currency", "subscription.currency", catalog.currency_codes, True)
    period_start = reader.day(raw, "period_start", "subscription.period_start",
                              required=kind != "convert_trial")
    status = reader.choice(raw, "status", "subscription.status", s.STATUSES, True)
    if kind == "convert_trial" and status not in (None, "trial", "trial_expired"):
        reader.problem("subscription.status", "not_a_trial", status=status)
    unit_price = reader.money(amount, currency, "subscription.unit_price")
    if (product is None or tier is None or seats is None or frequency is None
            or unit_price is None or status is None):
        return None
    subscription = s.Subscription(s.Plan(product, tier, seats, frequency, unit_price),
                                  period_start, status)
    _check_today(reader, kind, today, subscription)
    return subscription


def _read_change(
    reader: _Reader, document: Mapping, kind: str, subscription: s.Subscription | None
) -> tuple[s.Plan | None, str, str | None]:
    """Return the wanted plan: the current one with the change applied, or a new one."""
    catalog = reader.catalog
    is_new = kind == "add_subscription"
    raw = reader.obj(document, "change", "change", _CHANGE_FIELDS, required=is_new) or {}
    mode = reader.choice(raw, "mode", "change.mode", s.ADD_MODES, False, default="buy") or "buy"
    needs_price = is_new and mode == "buy"
    base = subscription.plan if subscription else None
    product = reader.choice(raw, "product", "change.product", catalog.product_ids, is_new)
    if product is None and not reader.has_problem_at("change.product") and base:
        product = base.product
    tier = _tier(reader, raw, "change.tier", product, is_new)
    seats = reader.whole_number(raw, "seats", "change.seats", is_new)
    frequency = reader.choice(raw, "frequency", "change.frequency", s.FREQUENCIES, needs_price)
    amount = reader.amount(raw, "unit_price", "change.unit_price", needs_price)
    currency = reader.choice(raw, "currency", "change.currency", catalog.currency_codes,
                             needs_price)
    if base and currency and currency != base.unit_price.currency:
        reader.problem("change.currency", "currency_differs", currency=base.unit_price.currency)
    if currency is None and not reader.has_problem_at("change.currency"):
        # A trial start costs nothing, so it names no currency.
        currency = base.unit_price.currency if base else ("USD" if is_new else None)
    unit_price = reader.money(amount, currency, "change.unit_price")
    if product is None or currency is None or reader.issues:
        return None, mode, currency
    if unit_price is None:
        unit_price = base.unit_price if base else Money.zero(currency, catalog.currencies[currency])
    wanted = s.Plan(
        product=product,
        tier=tier or (base.tier if base and base.product == product else ""),
        seats=seats or (base.seats if base else 0),
        frequency=frequency or (base.frequency if base else "monthly"),
        unit_price=unit_price,
    )
    return wanted, mode, currency


def _tier(
    reader: _Reader, raw: Mapping, path: str, product: str | None, required: bool
) -> str | None:
    """Return a tier of that product; the product's catalog lists its tiers."""
    if product is None:
        return reader.string(raw, "tier", path, required=False) and None
    tiers = reader.catalog.products[product].tiers
    return reader.choice(raw, "tier", path, tiers, required)


def _check_today(
    reader: _Reader, kind: str, today: date | None, subscription: s.Subscription
) -> None:
    """R-PRO-2: a change happens inside the current period (period_start ≤ today < end)."""
    start = subscription.period_start
    if today is None or start is None:
        return
    if kind == "convert_trial":
        if today < start:
            reader.problem("today", "before_period_start", start=start.isoformat())
        return
    end = period_end(start, subscription.plan.frequency)
    if not start <= today < end:
        reader.problem("today", "outside_period", start=start.isoformat(), end=end.isoformat())


def _read_billing_contact_question(reader: _Reader, document: Mapping) -> dict[str, Any]:
    signed_in_to = reader.choice(
        document, "signed_in_to", "signed_in_to", s.SIGN_IN_PLACES, required=True
    )
    saw = reader.choice(document, "saw", "saw", s.SIGHTS, required=True)
    portal_sign_in = reader.choice(
        document, "portal_sign_in", "portal_sign_in", s.PORTAL_SIGN_INS, False, default="not_tried"
    )
    if signed_in_to and saw and saw not in SIGHTS_BY_PLACE[signed_in_to]:
        reader.problem("saw", "not_shown_there", place=signed_in_to)
    return {"signed_in_to": signed_in_to, "saw": saw, "portal_sign_in": portal_sign_in}


# R-WHO-1..2 (Billing Center) and R-WHO-5..7 (Admin Center): what each place can show.
SIGHTS_BY_PLACE = {
    "billing_center": ("subscriptions_page", "wrong_location"),
    "admin_center": ("subscriptions_page", "contact_billing_admin", "select_product"),
}


def _read_route_request(reader: _Reader, document: Mapping) -> dict[str, Any]:
    request = reader.choice(document, "request", "request", s.REQUESTS, required=True)
    product = reader.choice(
        document, "product", "product", reader.catalog.product_ids, required=False
    )
    if request == "downgrade_tier" and product is None and not reader.has_problem_at("product"):
        reader.problem("product", "required")  # R-PLAN-4 depends on the product
    return {"request": request, "product": product}
