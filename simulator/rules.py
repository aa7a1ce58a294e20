"""The rules core's entry: what each kind of scenario checks and decides. Pure."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from . import plans, roles, routing, subscriptions, trial
from .catalog import Catalog
from .decision import Decision
from .scenario import Issue, Scenario


def _nothing_to_check(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    return []


def _billing_contact_issues(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    return roles.check(scenario)  # who you are does not depend on the products


def _billing_contact(scenario: Scenario, catalog: Catalog) -> Decision:
    return roles.find_billing_contact(scenario)


class KindRules(NamedTuple):
    """One kind of scenario: the checks that need its rules, then its decision."""

    check: Callable[[Scenario, Catalog], list[Issue]]
    decide: Callable[[Scenario, Catalog], Decision]


RULES_BY_KIND: dict[str, KindRules] = {
    "change_plan": KindRules(plans.check, plans.change_plan),
    "convert_trial": KindRules(trial.trial_issues, trial.convert_trial),
    "add_subscription": KindRules(_nothing_to_check, subscriptions.add_subscription),
    "remove_pending_cancellation": KindRules(subscriptions.pending_cancellation_issues,
                                             subscriptions.remove_pending_cancellation),
    "find_billing_contact": KindRules(_billing_contact_issues, _billing_contact),
    "route_request": KindRules(routing.check, routing.route_request),
}


def check(scenario: Scenario, catalog: Catalog) -> list[Issue]:
    """Return the problems only the rules can see in a well-formed scenario (none: answerable)."""
    return RULES_BY_KIND[scenario.kind].check(scenario, catalog)


def decide(scenario: Scenario, catalog: Catalog) -> Decision:
    """Return the decision for one scenario; `scenario.today` is the only "now".

    Every kind is dispatched by name: an unknown kind never reaches this point
    (validation refuses it at its field) and would raise here, not fall through.
    """
    return RULES_BY_KIND[scenario.kind].decide(scenario, catalog)
