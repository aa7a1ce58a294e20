"""Who may act, and where corporate accounts go instead (R-ROLE-1, R-ROLE-2, R-CORP-*)."""

from __future__ import annotations

from .catalog import Catalog, Flow, Product
from .checkout import flow_decision
from .decision import Decision, Message
from .scenario import Account


def role_gate(account: Account) -> Decision | None:
    """R-ROLE-1: only the billing contact changes plans, payment and billing details."""
    if account.role == "billing_contact":
        return None
    is_admin = account.role == "account_admin"
    return Decision(
        outcome="billing_contact_only",
        channel="admin_center" if is_admin else "my_account",
        summary=Message("summary.billing_contact_only"),
        steps=(
            Message("step.role.ask_billing_contact"),
            Message("step.role.admin_find_billing_contact" if is_admin
                    else "step.role.find_billing_contact"),
        ),
        rules=("R-ROLE-1",) + (("R-WHO-5", "R-WHO-6") if is_admin else ()),
    )


def corporate_flow(catalog: Catalog, product: Product | None) -> Flow:
    """Return how a corporate account makes a change: the product's own corporate
    instructions (R-CORP-1, R-CORP-2), or what every source says of corporate accounts:
    they are managed with the representative and in the Corporate Billing Portal (R-ROLE-2)."""
    own = product.flows.get("corporate") if product else None
    return own or catalog.flows["corporate_manage"]


def corporate_gate(
    account: Account, flow: Flow, extra_rules: tuple[str, ...] = ()
) -> Decision | None:
    """Return the corporate account's answer (its `flow`), or None for an online account."""
    if account.type != "corporate":
        return None
    return flow_decision(flow, rules=("R-ROLE-2", *flow.rules, *extra_rules))


def gate(
    account: Account, catalog: Catalog, product: Product, extra_rules: tuple[str, ...] = ()
) -> Decision | None:
    """Return the decision when the reader cannot act online themselves, else None."""
    if account.role != "billing_contact":
        return role_gate(account)
    if account.type != "corporate":
        return None
    return corporate_gate(account, corporate_flow(catalog, product), extra_rules)
