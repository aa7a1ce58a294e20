"""Turn an untrusted JSON value into a Scenario, or into field errors: parsing only.

Every problem becomes an `Issue` (field path, code, parameters); texts are
rendered later in the reader's language. All problems are collected, not just
the first, so a form can show each one at its field. What a field holds comes
from the scenario's description (`scenario.FIELDS`); checks that need the
rules (a day inside the billing period, a sight shown at that place) are the
rule modules' (`rules.check`), run once the scenario is whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from . import scenario as s
from .catalog import Catalog
from .money import MINOR_UNITS, Money
from .scenario import Issue

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # what a lone JSON escape \ud800 to \udfff decodes to
_MISSING = object()
REQUIRED, OPTIONAL = True, False  # a field reader's third argument


class _Reader:
    """Reads fields out of JSON objects, collecting issues instead of raising.

    `fields` holds each field's reader by path: `read[path](reader, parent, required)`
    returns the field as its description says it is, or None with an issue. A tier's reader
    takes a fourth argument, the product whose tiers it may be; without a known product a
    tier is only checked to be text.
    """

    __slots__ = ("catalog", "fields", "issues")

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.issues: list[Issue] = []
        self.fields = _field_readers(catalog)

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
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(path, "expected_boolean")
            return None
        return value

    def whole_number(self, parent: Mapping, key: str, path: str, required: bool) -> int | None:
        value = parent.get(key, _MISSING)
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
        amount = _amount(text, self.catalog.limits.max_unit_price)
        if type(amount) is Decimal:
            return amount
        if amount == "too_large":
            self.problem(path, amount, maximum=str(self.catalog.limits.max_unit_price))
        else:
            self.problem(path, amount)
        return None

    def day(self, parent: Mapping, key: str, path: str, required: bool) -> date | None:
        value = self.string(parent, key, path, required)
        if value is None:
            return None
        limits = self.catalog.limits
        day = _day(value, limits.min_year, limits.max_year)
        if type(day) is date:
            return day
        if day == "year_out_of_range":
            # Years as written, not as quantities: "2000", never "2,000".
            self.problem(path, day, minimum=str(limits.min_year), maximum=str(limits.max_year))
        else:
            self.problem(path, "invalid_date", value=self.clip(value))
        return None

    def money(self, amount: Decimal | None, currency: str | None, path: str) -> Money | None:
        """Return Money once the currency is known; too many digits is an issue."""
        if amount is None or currency is None:
            return None
        digits = self.catalog.currencies[currency]
        # NOTE: keyed by the text, not the Decimal: 10.00 == 10.000, but one has too many digits.
        money = _money(str(amount), currency, digits)
        if money is None:
            self.problem(path, "too_many_decimals", currency=currency, digits=digits)
        return money

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


@lru_cache(maxsize=4096)  # prices recur from scenario to scenario
def _amount(text: str, maximum: Decimal) -> Decimal | str:
    """Return the non-negative amount a text writes, or why it writes none (an issue code)."""
    match = _AMOUNT.fullmatch(text) if len(text) <= 32 else None
    if match is None:
        return "expected_amount"
    if match.group(1):
        return "negative_amount"
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return "expected_amount"
    return amount if amount <= maximum else "too_large"


@lru_cache(maxsize=4096)
def _money(text: str, currency: str, digits: int) -> Money | None:
    """Return an amount as Money with the currency's minor digits; None if it has more."""
    amount = Decimal(text)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        return None
    return Money(amount.quantize(MINOR_UNITS[digits]), currency, digits)


@lru_cache(maxsize=1024)  # the same few days recur from scenario to scenario
def _day(text: str, min_year: int, max_year: int) -> date | str:
    """Return the day a YYYY-MM-DD text names, or why it names none (an issue code)."""
    if not _DATE.fullmatch(text):
        return "invalid_date"
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return "invalid_date"
    return day if min_year <= day.year <= max_year else "year_out_of_range"


# How one field is read: (reader, parent object, required, product for a tier) → value.
FieldReader = Callable[[_Reader, Mapping, bool, "str | None"], Any]

_FIELD_READERS: dict[int, tuple[Catalog, dict[str, FieldReader]]] = {}


def _field_readers(catalog: Catalog) -> dict[str, FieldReader]:
    """Return a reader for each field of the scenario's description, built once per catalog.

    Each reader takes a well-formed value at once (the common case) and leaves anything
    else, a field left out included, to the `_Reader` method, which reads any value and
    finds the issue: each check is in one place.
    """
    known = _FIELD_READERS.get(id(catalog))
    if known is None or known[0] is not catalog:
        readers = {path: _field_reader(path, spec, catalog) for path, spec in s.FIELDS.items()}
        known = _FIELD_READERS[id(catalog)] = (catalog, readers)
    return known[1]


def _field_reader(path: str, spec: s.Field, catalog: Catalog) -> FieldReader:
    key, default, limits = path.rsplit(".", 1)[-1], spec.default, catalog.limits
    if spec.type == "tier":
        tiers = {product.id: product.tiers for product in catalog.products.values()}

        def read_tier(
            reader: _Reader, parent: Mapping, required: bool, product: str | None = None
        ) -> Any:
            if product is None:
                return reader.string(parent, key, path, required=False) and None
            return reader.choice(parent, key, path, tiers[product], required)
        return read_tier

    if spec.type == "whole_number":
        def read_whole_number(
            reader: _Reader, parent: Mapping, required: bool, product: str | None = None
        ) -> int | None:
            value = parent.get(key)
            if type(value) is int and 1 <= value <= limits.max_seats:
                return value
            return reader.whole_number(parent, key, path, required)
        return read_whole_number

    if spec.type in ("amount", "date"):  # written as text: the value, or its issue's code
        if spec.type == "amount":
            def parse(text: str) -> Decimal | str:
                return _amount(text, limits.max_unit_price)
            read_issue = _Reader.amount
        else:
            def parse(text: str) -> date | str:
                return _day(text, limits.min_year, limits.max_year)
            read_issue = _Reader.day

        def read_written(
            reader: _Reader, parent: Mapping, required: bool, product: str | None = None
        ) -> Decimal | date | None:
            value = parent.get(key)
            if type(value) is str:
                parsed = parse(value)
                if type(parsed) is not str:
                    return parsed
            return read_issue(reader, parent, key, path, required)
        return read_written

    if spec.type == "boolean":
        def read_boolean(
            reader: _Reader, parent: Mapping, required: bool, product: str | None = None
        ) -> bool | None:
            value = parent.get(key)
            if type(value) is bool:
                return value
            value = reader.boolean(parent, key, path)
            return default if value is None and not reader.has_problem_at(path) else value
        return read_boolean

    choices = spec.choices(catalog)  # "choice", "product", "currency", "locale"

    def read_choice(
        reader: _Reader, parent: Mapping, required: bool, product: str | None = None
    ) -> Any:
        value = parent.get(key)
        if type(value) is str and value in choices:
            return value
        return reader.choice(parent, key, path, choices, required, default)
    return read_choice


_TOP_FIELDS = frozenset((
    "kind", "today", "locale", "account", "subscription", "change",
    "signed_in_to", "saw", "portal_sign_in", "request", "product",
))


def _leaves(prefix: str) -> frozenset[str]:
    """Return the field names of one object of the scenario (`account` → type, role, …)."""
    return frozenset(path.split(".", 1)[1] for path in s.FIELDS if path.startswith(prefix + "."))


_ACCOUNT_FIELDS = _leaves("account")
_SUBSCRIPTION_FIELDS = _leaves("subscription")
_CHANGE_FIELDS = _leaves("change")
_NO_CREDIT = Decimal(s.FIELDS["account.credit_balance"].default)
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
    """Return the Scenario, or None and every issue found."""
    reader = _Reader(catalog)
    read = reader.fields
    if not isinstance(document, dict):
        reader.problem("scenario", "not_an_object")
        return None, reader.issues
    if not document.keys() <= _TOP_FIELDS:
        for unknown in sorted(k for k in document if k not in _TOP_FIELDS):
            reader.problem(reader.key(unknown), "unknown_field")

    kind = read["kind"](reader, document, REQUIRED)
    today = read["today"](reader, document, REQUIRED)
    locale = read["locale"](reader, document, OPTIONAL)
    account, credit = _read_account(reader, document, kind)

    fields: dict[str, Any] = {}
    if kind in _KINDS_WITH_SUBSCRIPTION or kind in _KINDS_WITH_CHANGE:
        fields, currency = _read_plans(reader, document, kind)
        if account is not None and currency is not None:
            account = account.with_credit(
                reader.money(credit, currency, "account.credit_balance"))
    elif kind == "find_billing_contact":
        fields = {path: read[path](reader, document, path != "portal_sign_in")
                  for path in ("signed_in_to", "saw", "portal_sign_in")}
    elif kind == "route_request":
        fields = {"request": read["request"](reader, document, REQUIRED),
                  "product": read["product"](reader, document, OPTIONAL)}

    if reader.issues or kind is None or today is None or locale is None or account is None:
        return None, reader.issues
    return s.Scenario(kind, today, locale, account, **fields), []


def _read_account(
    reader: _Reader, document: Mapping, kind: str | None
) -> tuple[s.Account | None, Decimal | None]:
    """Return the account and its credit amount, which gets a currency from the plan."""
    is_optional = kind == "find_billing_contact"  # the reader may not know the account's type
    raw = reader.obj(document, "account", "account", _ACCOUNT_FIELDS, required=not is_optional)
    if raw is None:
        if is_optional and not reader.has_problem_at("account"):
            return s.Account(None, "user", False, False, None), None
        return None, None
    read = reader.fields
    account_type = read["account.type"](reader, raw, not is_optional)
    role = read["account.role"](reader, raw, not is_optional)
    has_cart_items = read["account.cart_has_items"](reader, raw, OPTIONAL)
    is_vat_applicable = read["account.vat_applicable"](reader, raw, OPTIONAL)
    credit = read["account.credit_balance"](reader, raw, OPTIONAL)
    if reader.has_problem_at("account"):
        return None, None
    account = s.Account(account_type, role or "user", has_cart_items, is_vat_applicable, None)
    return account, _NO_CREDIT if credit is None else credit


def _read_plans(
    reader: _Reader, document: Mapping, kind: str
) -> tuple[dict[str, Any], str | None]:
    """Return the current subscription and the wanted plan, and their currency."""
    subscription = None
    if kind in _KINDS_WITH_SUBSCRIPTION:  # add_subscription: a current plan plays no part
        subscription = _read_subscription(reader, document, kind)
    wanted, mode, currency = _read_change(reader, document, kind, subscription)
    if reader.issues:
        return {}, currency
    return {"subscription": subscription, "wanted": wanted, "add_mode": mode}, currency


def _read_subscription(reader: _Reader, document: Mapping, kind: str) -> s.Subscription | None:
    raw = reader.obj(document, "subscription", "subscription", _SUBSCRIPTION_FIELDS, True)
    if raw is None:
        return None
    read = reader.fields
    product = read["subscription.product"](reader, raw, REQUIRED)
    tier = read["subscription.tier"](reader, raw, REQUIRED, product)
    seats = read["subscription.seats"](reader, raw, REQUIRED)
    frequency = read["subscription.frequency"](reader, raw, REQUIRED)
    amount = read["subscription.unit_price"](reader, raw, REQUIRED)
    currency = read["subscription.currency"](reader, raw, REQUIRED)
    # A trial conversion starts a new period (R-PRO-8): the trial's own start is optional.
    period_start = read["subscription.period_start"](reader, raw, kind != "convert_trial")
    status = read["subscription.status"](reader, raw, REQUIRED)
    unit_price = reader.money(amount, currency, "subscription.unit_price")
    if (product is None or tier is None or seats is None or frequency is None
            or unit_price is None or status is None):
        return None
    return s.Subscription(s.Plan(product, tier, seats, frequency, unit_price), period_start, status)


def _read_change(
    reader: _Reader, document: Mapping, kind: str, subscription: s.Subscription | None
) -> tuple[s.Plan | None, str, str | None]:
    """Return the wanted plan (the current one with the change applied, or a new one),
    the add mode and the currency; a free trial being started has neither price nor currency."""
    is_new = kind == "add_subscription"  # a new plan names all its fields; a change, what changes
    raw = reader.obj(document, "change", "change", _CHANGE_FIELDS, required=is_new) or {}
    read = reader.fields
    mode = read["change.mode"](reader, raw, OPTIONAL) or "buy"
    is_priced = not (is_new and mode == "try")
    base = subscription.plan if subscription else None
    product = read["change.product"](reader, raw, is_new)
    if product is None and not reader.has_problem_at("change.product") and base:
        product = base.product
    tier = read["change.tier"](reader, raw, is_new, product)
    seats = read["change.seats"](reader, raw, is_new)
    frequency = read["change.frequency"](reader, raw, is_new and is_priced)
    amount = read["change.unit_price"](reader, raw, is_new and is_priced)
    currency = read["change.currency"](reader, raw, is_new and is_priced)
    if base and currency and currency != base.unit_price.currency:
        reader.problem("change.currency", "currency_differs", currency=base.unit_price.currency)
    if currency is None and base:
        currency = base.unit_price.currency
    unit_price = reader.money(amount, currency, "change.unit_price")
    if product is None or reader.issues:
        return None, mode, currency
    if unit_price is None and base:
        unit_price = base.unit_price
    wanted = s.Plan(
        product=product,
        tier=tier or (base.tier if base and base.product == product else ""),
        seats=seats or (base.seats if base else 0),
        frequency=frequency or (base.frequency if base else s.FREQUENCIES[0]),
        unit_price=unit_price if is_priced else None,
    )
    return wanted, mode, currency if is_priced else None
