"""Product facts, read once from catalog.json (data, not code branches)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Product:
    """One product's facts: tiers in ascending order, seat name, online limits."""

    id: str
    name: str
    seat_name: str
    tiers: tuple[str, ...]
    trial_tiers: tuple[str, ...]
    tier_names_are_examples: bool
    is_tier_downgrade_online: bool  # R-PLAN-4
    plan_change_flow: str  # R-PLAN-5 (billing_center_options) or R-PLAN-7 (my_account_view_edit)
    add_seats_button: str | None  # R-PLAN-7: "Add organizers", …
    example_unit_prices: Mapping[str, Mapping[str, Decimal]]

    def tier_rank(self, tier: str) -> int:
        return self.tiers.index(tier)


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
    currencies: Mapping[str, int]  # currency code → minor-unit digits
    locales: tuple[str, ...]
    channels: Mapping[str, str | None]  # channel id → address, or None for people
    limits: Limits
    product_ids: tuple[str, ...]  # the keys of `products`, in catalog order
    currency_codes: tuple[str, ...]  # the keys of `currencies`


@cache
def load_catalog() -> Catalog:
    """Return the catalog shipped in the package (read once per process)."""
    raw = json.loads(resources.files(__package__).joinpath("catalog.json").read_text("utf-8"))
    products = {
        product_id: Product(
            id=product_id,
            name=facts["name"],
            seat_name=facts["seat_name"],
            tiers=tuple(facts["tiers"]),
            trial_tiers=tuple(facts["trial_tiers"]),
            tier_names_are_examples=facts["tier_names_are_examples"],
            is_tier_downgrade_online=facts["online_tier_downgrade"],
            plan_change_flow=facts["plan_change_flow"],
            add_seats_button=facts["add_seats_button"],
            example_unit_prices=MappingProxyType(
                {
                    tier: MappingProxyType({f: Decimal(p) for f, p in prices.items()})
                    for tier, prices in facts["example_unit_prices"].items()
                }
            ),
        )
        for product_id, facts in raw["products"].items()
    }
    limits = raw["limits"]
    return Catalog(
        products=MappingProxyType(products),
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
