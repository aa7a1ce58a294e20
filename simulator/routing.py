"""Where a request is handled, and its steps there: the catalog's routes and flows, per product."""

from __future__ import annotations

from .catalog import Catalog, Route
from .checkout import checkout_click, flow_decision, flow_steps, payment_step
from .decision import Decision, Message
from .gates import role_gate
from .scenario import Issue, Scenario


def _route(scenario: Scenario, catalog: Catalog) -> Route:
    """Return the route a request takes for the account's type (R-ROLE-2)."""
    assert scenario.request is not None
    table = catalog.routes[scenario.account.type or "online"]
    return table.get(scenario.request) or table["other_requests"]


def check(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    """Return an issue when the answer depends on a product the reader did not name, or the
    sources do not cover the request for that product (R-PLAN-4: steps are per product)."""
    if scenario.account.role != "billing_contact":
        return []  # anyone else is sent to the billing contact, whatever the product
    route = _route(scenario, catalog)
    product = catalog.products[scenario.product] if scenario.product else None
    if catalog.route_flow(route, product) is not None:
        return []
    if product is None:
        return [Issue("product", "required")]
    return [Issue("product", "product_not_covered", {"product": product.name})]


def route_request(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return where the reader's request is handled, and the steps of that product's flow."""
    blocked = role_gate(scenario.account)
    if blocked:
        return blocked
    route = _route(scenario, catalog)
    product = catalog.products[scenario.product] if scenario.product else None
    flow = catalog.route_flow(route, product)
    assert flow is not None  # check() has asked for a product that has it
    slots = {
        "$choose": Message(f"step.{route.choose}") if route.choose else None,
        "$change": Message(f"step.{route.change}") if route.change else None,
        "$payment": payment_step(flow, None, scenario.account),
    }
    return flow_decision(
        flow,
        steps=flow_steps(flow, {"product": product.name if product else "",
                                "checkout": checkout_click(scenario.account)}, slots),
        rules=("R-ROLE-2", *route.rules, *flow.rules),
    )
