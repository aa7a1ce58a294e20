"""The scenario described for a form: each field's type, choices and default, per product.

The panels' forms are generated from this description (the site's try-it hook),
and the validator reads the same facts (`scenario.FIELDS`, the catalog, the rule
modules), so a field, a choice, a default or a product's tiers are written once.
"""

from __future__ import annotations

from typing import Any

from .catalog import Catalog
from .checkout import tier_name
from .roles import PORTAL_QUESTION_AFTER, SIGHTS_BY_PLACE
from .scenario import FIELDS
from .texts import render


def describe(catalog: Catalog, locale: str) -> dict[str, Any]:
    """Return the scenario's description for a form in `locale` (JSON-ready).

    - fields: path → {type, choices, default};
    - tiers: product → [[tier, name]], lowest first, example names marked as such;
    - sights_by_place, portal_question_after: the billing-contact question, step by step;
    - per_product_requests: the requests whose answer depends on the product (online).
    """
    return {
        "fields": {path: {"type": spec.type, "choices": list(spec.choices(catalog)),
                          "default": spec.default}
                   for path, spec in FIELDS.items()},
        "tiers": {product.id: [[tier, render(tier_name(product, tier), locale)]
                               for tier in product.tiers]
                  for product in catalog.products.values()},
        "sights_by_place": {place: list(sights) for place, sights in SIGHTS_BY_PLACE.items()},
        "portal_question_after": list(PORTAL_QUESTION_AFTER),
        "per_product_requests": [request for request, route in catalog.routes["online"].items()
                                 if route.is_per_product],
    }
