"""Finding the account's billing contact (R-WHO-1..7), one answer at a time."""

from __future__ import annotations

from .decision import Decision, Message
from .scenario import Issue, Scenario

# What each place can show the reader: R-WHO-1..2 (Billing Center), R-WHO-5..7 (Admin Center).
SIGHTS_BY_PLACE = {
    "billing_center": ("subscriptions_page", "wrong_location"),
    "admin_center": ("subscriptions_page", "contact_billing_admin", "select_product"),
}
# The sights after which signing in to the Corporate Billing Portal is the next question
# (R-WHO-2, R-WHO-7; R-WHO-3 says what a failed sign-in means).
PORTAL_QUESTION_AFTER = ("wrong_location", "select_product")

OUTCOME_BY_VERDICT = {
    "billing_contact": "self_service",
    "not_billing_contact": "billing_contact_only",
    "undetermined": "self_service",  # the reader goes on in the portal to find out
}


def check(scenario: Scenario) -> list[Issue]:
    """Return an issue when the reader names a sight that place does not show."""
    assert scenario.signed_in_to is not None and scenario.saw is not None
    if scenario.saw in SIGHTS_BY_PLACE[scenario.signed_in_to]:
        return []
    return [Issue("saw", "not_shown_there", {"place": scenario.signed_in_to})]


def find_billing_contact(scenario: Scenario) -> Decision:
    """Return the verdict the reader's sign-in shows, and what to do next."""
    if scenario.signed_in_to == "billing_center":
        opening = (Message("step.who.billing_center.sign_in"),)
        if scenario.saw == "subscriptions_page":
            return _billing_contact(opening, ("R-WHO-1",))
        # R-WHO-2: "Looks like you've reached the wrong location".
        return _portal_question(scenario, opening + (Message("step.who.open_my_account"),),
                                ("R-WHO-2",))
    opening = (Message("step.who.admin_center.sign_in"), Message("step.who.add_licenses"))
    if scenario.saw == "subscriptions_page":
        return _billing_contact(opening, ("R-WHO-5",))
    if scenario.saw == "contact_billing_admin":
        return _verdict(
            "not_billing_contact",
            "admin_center",
            steps=opening + (Message("step.who.send_email"),),
            rules=("R-WHO-6",),
        )
    # R-WHO-7: "select a product to sign in to the Billing Center and add licenses":
    # you may or may not be the billing admin, but the account is managed in the portal.
    return _portal_question(scenario, opening + (Message("step.who.click_product_logo"),),
                            ("R-WHO-7",))


def _verdict(
    verdict: str,
    channel: str,
    *,
    steps: tuple[Message, ...],
    rules: tuple[str, ...],
    notices: tuple[Message, ...] = (),
    summary: str | None = None,
) -> Decision:
    """Return a billing-contact answer: its outcome and sentence follow from the verdict
    (a portal that lets you in gets its own sentence)."""
    return Decision(
        outcome=OUTCOME_BY_VERDICT[verdict],
        channel=channel,
        verdict=verdict,
        summary=Message(f"summary.verdict.{summary or verdict}"),
        steps=steps,
        notices=notices,
        rules=rules,
    )


def _billing_contact(steps: tuple[Message, ...], rules: tuple[str, ...]) -> Decision:
    return _verdict(
        "billing_contact",
        "billing_center",
        steps=steps + (Message("step.who.manage_subscriptions"),),
        rules=rules + ("R-ROLE-1",),
    )


def _portal_question(
    scenario: Scenario, steps: tuple[Message, ...], rules: tuple[str, ...]
) -> Decision:
    """R-WHO-2/7, then R-WHO-3: only a failed portal sign-in settles the question."""
    if scenario.portal_sign_in == "failed":
        return _verdict(
            "not_billing_contact",
            "account_manager",
            steps=steps + (Message("step.who.portal_failed"),
                           Message("step.who.ask_account_manager")),
            rules=rules + ("R-WHO-3", "R-WHO-4"),
        )
    if scenario.portal_sign_in == "succeeded":
        # R-WHO-3 states one direction only: signing in shows where the account is
        # managed, not that you are its billing admin. Who is: R-WHO-4.
        return _verdict(
            "undetermined",
            "corporate_billing_portal",
            steps=steps + (Message("step.who.portal_succeeded"),
                           Message("step.who.ask_account_manager")),
            rules=rules + ("R-WHO-3", "R-WHO-4", "R-ROLE-2"),
            summary="managed_in_portal",
        )
    account_type = scenario.account.type
    if account_type == "online" and scenario.saw == "wrong_location":
        # R-WHO-2: a standard account whose Billing Center turns you away.
        return _verdict(
            "not_billing_contact",
            "my_account",
            steps=steps + (Message("step.who.standard_contact_admin"),),
            notices=(Message("notice.who.still_unsure"),),
            rules=rules + ("R-ROLE-2", "R-WHO-4"),
        )
    if scenario.saw == "select_product":
        question: tuple[Message, ...] = ()  # the logo step already names the portal
    elif account_type == "corporate":
        question = (Message("step.who.portal_sign_in"),)
    else:
        question = (Message("step.who.if_standard"), Message("step.who.if_corporate"))
    return _verdict(
        "undetermined",
        "corporate_billing_portal",
        steps=steps + question + (Message("step.who.portal_tells"),),
        notices=(Message("notice.who.still_unsure"),),
        rules=rules + ("R-WHO-3", "R-WHO-4"),
    )
