"""The rules core's single entry: a valid scenario in, a decision out. Pure."""

from __future__ import annotations

from .catalog import Catalog
from .decision import Decision
from .plans import change_plan
from .roles import find_billing_contact
from .routing import route_request
from .scenario import Scenario
from .subscriptions import add_subscription, remove_pending_cancellation
from .trial import convert_trial


def decide(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return the decision for one scenario; `scenario.today` is the only "now"."""
    if scenario.kind == "change_plan":
        return change_plan(scenario, catalog)
    if scenario.kind == "convert_trial":
        return convert_trial(scenario, catalog)
    if scenario.kind == "add_subscription":
        return add_subscription(scenario, catalog)
    if scenario.kind == "remove_pending_cancellation":
        return remove_pending_cancellation(scenario, catalog)
    if scenario.kind == "find_billing_contact":
        return find_billing_contact(scenario)
    return route_request(scenario, catalog)
