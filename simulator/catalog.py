"""Product facts, read once from catalog.json (data, not code branches).

What differs between products (tiers, seat names, and above all the steps of
each task, R-PLAN-4: never one product's steps for another) is data here; the
rule modules read it and branch on nothing product-specific.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

SLOTS = ("$choose", "$change", "$payment")  # steps the rules fill in (catalog.json's _about)


@dataclass(frozen=True, slots=True)
class Flow:
    """One task's steps in one place: where it happens, its steps, what to know, why."""

    id: str
    outcome: str
    channel: str
    steps: tuple[str, ...]  # step text ids without "step.", or slots
    step_ids: tuple[str, ...]  # the same, as text ids ("step.…"), slots as they are
    notices: tuple[str, ...]  # notice text ids without "notice."
    rules: tuple[str, ...]
    payment: str | None  # R-PLAN-3/R-TRIAL-2 "details" (and VAT), or R-PLAN-7 "method"
    choose: str | None  # the step that fills $choose for a plan change
    trial_notices: tuple[str, ...]  # what a plan change here adds for a free trial (R-PLAN-6)
    trial_rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Product:
    """One product's facts: tiers in ascending order, seat name, its own flows."""

    id: str
    name: str
    seat_name: str
    tiers: tuple[str, ...]
    tier_names_are_examples: bool
    flows: Mapping[str, Flow]  # situation ("change_plan", "cancel", …) → this product's flow

    def tier_rank(self, tier: str) -> int:
        return self.tiers.index(tier)


@dataclass(frozen=True, slots=True)
class Route:
    """route_request: the flow a request takes, and what fills its slots."""

    flows: tuple[str, ...]  # shared flow ids, or "product:<situation>", first found wins
    choose: str | None
    change: str | None
    rules: tuple[str, ...]

    @property
    def is_per_product(self) -> bool:
        return any(flow.startswith("product:") for flow in self.flows)


@dataclass(frozen=True, slots=True)
class Limits:
    max_seats: int
    max_unit_price: Decimal
    min_year: int
    max_year: int
    max_input_bytes: int
    max_string_length: int


@dataclass(frozen=True, slots=True)
class Catalog:
    products: Mapping[str, Product]
    flows: Mapping[str, Flow]  # the shared flows, by id
    routes: Mapping[str, Mapping[str, Route]]  # account type → request → route
    currencies: Mapping[str, int]  # currency code → minor-unit digits
    locales: tuple[str, ...]
    channels: Mapping[str, str | None]  # channel id → address, or None for people
    limits: Limits
    product_ids: tuple[str, ...]  # the keys of `products`, in catalog order
    currency_codes: tuple[str, ...]  # the keys of `currencies`

    def route_flow(self, route: Route, product: Product | None) -> Flow | None:
        """Return the flow a route takes for `product`, or None if it has none."""
        for name in route.flows:
            situation = name.removeprefix("product:")
            if situation == name:
                return self.flows[name]
            if product is not None and situation in product.flows:
                return product.flows[situation]
        return None


def _flow(flow_id: str, facts: Mapping[str, Any]) -> Flow:
    return Flow(
        id=flow_id,
        outcome=facts.get("outcome", "self_service"),
        channel=facts["channel"],
        steps=tuple(facts["steps"]),
        step_ids=tuple(step if step.startswith("$") else f"step.{step}" for step in facts["steps"]),
        notices=tuple(facts.get("notices", ())),
        rules=tuple(facts["rules"]),
        payment=facts.get("payment"),
        choose=facts.get("choose"),
        trial_notices=tuple(facts.get("trial_notices", ())),
        trial_rules=tuple(facts.get("trial_rules", ())),
    )


def _route(facts: Mapping[str, Any]) -> Route:
    flows = facts["flow"]
    return Route(
        flows=tuple(flows) if isinstance(flows, list) else (flows,),
        choose=facts.get("choose"),
        change=facts.get("change"),
        rules=tuple(facts.get("rules", ())),
    )


@cache
def load_catalog() -> Catalog:
    """Return the catalog shipped in the package (read once per process)."""
    raw = json.loads(resources.files(__package__).joinpath("catalog.json").read_text("utf-8"))
    flows = {flow_id: _flow(flow_id, facts) for flow_id, facts in raw["flows"].items()}
    products = {
        product_id: Product(
            id=product_id,
            name=facts["name"],
            seat_name=facts["seat_name"],
            tiers=tuple(facts["tiers"]),
            tier_names_are_examples=facts["tier_names_are_examples"],
            flows=MappingProxyType({situation: flows[flow_id]
                                    for situation, flow_id in facts["flows"].items()}),
        )
        for product_id, facts in raw["products"].items()
    }
    routes = {
        account_type: MappingProxyType({request: _route(facts) for request, facts in table.items()})
        for account_type, table in raw["routes"].items() if not account_type.startswith("_")
    }
    limits = raw["limits"]
    return Catalog(
        products=MappingProxyType(products),
        flows=MappingProxyType(flows),
        routes=MappingProxyType(routes),
        currencies=MappingProxyType(dict(raw["currencies"])),
        locales=tuple(raw["locales"]),
        channels=MappingProxyType(dict(raw["channels"])),
        limits=Limits(
            max_seats=limits["max_seats"],
            max_unit_price=Decimal(limits["max_unit_price"]),
            min_year=limits["min_year"],
            max_year=limits["max_year"],
            max_input_bytes=limits["max_input_bytes"],
            max_string_length=limits["max_string_length"],
        ),
        product_ids=tuple(products),
        currency_codes=tuple(raw["currencies"]),
    )
