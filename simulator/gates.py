"""Who may act, and where corporate accounts go instead (R-ROLE-1, R-ROLE-2, R-CORP-*)."""

from __future__ import annotations

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
        rules=("R-ROLE-1",) + (("R-WHO-6",) if is_admin else ()),
    )


def corporate_gate(account: Account, extra_rules: tuple[str, ...] = ()) -> Decision | None:
    """R-CORP-1, R-CORP-2: corporate accounts change plans through their representative."""
    if account.type != "corporate":
        return None
    return Decision(
        outcome="account_rep",
        channel="account_rep",
        summary=Message("summary.account_rep"),
        steps=(Message("step.corp.contact_rep"), Message("step.corp.accept_quote")),
        notices=(Message("notice.corp.customer_care"),),
        rules=("R-ROLE-2", "R-CORP-1", "R-CORP-2") + extra_rules,
    )


def gate(account: Account, extra_rules: tuple[str, ...] = ()) -> Decision | None:
    """Return the decision when the reader cannot act online themselves, else None."""
    return role_gate(account) or corporate_gate(account, extra_rules)
