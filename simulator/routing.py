"""Where a request goes: online self-service, Customer Care or the representative."""

from __future__ import annotations

from typing import NamedTuple

from .catalog import Catalog
from .decision import Decision, Message
from .gates import role_gate
from .scenario import Scenario


class Route(NamedTuple):
    outcome: str
    channel: str
    rules: tuple[str, ...]


# NOTE: a table, not branches: one row per request, per account type (R-ROLE-2).
ONLINE_ROUTES: dict[str, Route] = {
    "subscribe": Route("self_service", "billing_center", ("R-TRIAL-2", "R-PLAN-6")),
    "change_tier": Route("self_service", "billing_center", ("R-PLAN-1", "R-PLAN-5")),
    "add_seats": Route("self_service", "billing_center", ("R-PLAN-1", "R-PLAN-7")),
    "reduce_seats": Route("self_service", "billing_center", ("R-PLAN-4",)),
    "change_frequency": Route("self_service", "billing_center", ("R-PLAN-1",)),
    "switch_product": Route("not_possible", "my_account", ("R-PLAN-8",)),
    "cancel": Route("self_service", "billing_center", ("R-PLAN-8",)),
    "remove_pending_cancellation": Route("self_service", "my_account", ("R-CANCEL-1",)),
    "pay_invoice": Route("self_service", "billing_center", ("R-ROLE-2",)),
    "accept_quote": Route("not_possible", "billing_center", ("R-CORP-2",)),
    "change_payment_details": Route("self_service", "billing_center", ("R-ROLE-1",)),
}
ONLINE_DOWNGRADE = Route("self_service", "my_account", ("R-PLAN-4", "R-PLAN-7"))
DOWNGRADE_BY_CUSTOMER_CARE = Route("customer_care", "customer_care", ("R-PLAN-4",))

CORPORATE_ROUTES: dict[str, Route] = {
    "pay_invoice": Route("self_service", "corporate_billing_portal", ("R-CORP-3",)),
    "accept_quote": Route("self_service", "corporate_billing_portal", ("R-CORP-2",)),
}
CORPORATE_DEFAULT = Route("account_rep", "account_rep", ("R-CORP-1", "R-CORP-2"))


def route_request(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return where the reader's request is handled, and the first steps there."""
    request = scenario.request
    assert request is not None
    blocked = role_gate(scenario.account)
    if blocked:
        return blocked
    if scenario.account.type == "corporate":
        route = CORPORATE_ROUTES.get(request, CORPORATE_DEFAULT)
        step_id = f"step.route.corporate.{request}" if request in CORPORATE_ROUTES else None
    elif request == "downgrade_tier":
        product = catalog.products[scenario.product or ""]
        route = ONLINE_DOWNGRADE if product.is_tier_downgrade_online else DOWNGRADE_BY_CUSTOMER_CARE
        step_id = f"step.route.downgrade_tier.{route.outcome}"
    else:
        route = ONLINE_ROUTES[request]
        step_id = f"step.route.{request}"
    product_name = catalog.products[scenario.product].name if scenario.product else None

    if route.outcome == "account_rep":
        steps = (Message("step.corp.contact_rep"), Message("step.corp.accept_quote"))
        notices: tuple[Message, ...] = (Message("notice.corp.customer_care"),)
        summary = Message("summary.account_rep")
    else:
        params = {"product": product_name} if product_name else {}
        steps = (Message(step_id or "", params),)
        notices = (
            (Message("notice.corp.customer_care"),) if request == "pay_invoice"
            and scenario.account.type == "corporate" else ()
        )
        summary = Message(_summary_id(route, request))
    return Decision(
        outcome=route.outcome,
        channel=route.channel,
        summary=summary,
        steps=steps,
        notices=notices,
        rules=("R-ROLE-2", *route.rules),
    )


def _summary_id(route: Route, request: str) -> str:
    if route.outcome == "self_service":
        return f"summary.self_service.{route.channel}"
    if route.outcome == "not_possible":
        return f"summary.not_possible.{request}"
    return f"summary.{route.outcome}"
