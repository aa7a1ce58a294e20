"""One test (at least) per rule of rules.md, each marked with the rule it proves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from simulator.catalog import load_catalog
from simulator.rules import RULES_BY_KIND, decide
from simulator.scenario import KINDS, REQUESTS, Account, Scenario
from tests.scenarios import evaluate, notice_ids, scenario, step_ids

rule = pytest.mark.rule

TRIAL_EXPIRED = scenario(**{
    "kind": "convert_trial",
    "subscription.product": "gotoassist_rs5",
    "subscription.tier": "standard",
    "subscription.seats": 2,
    "subscription.unit_price": "44.00",
    "subscription.status": "trial_expired",
    "subscription.period_start": None,
    "change": {"seats": 5},
})
TRIAL_RUNNING = scenario(TRIAL_EXPIRED, **{
    "subscription.product": "gotomeeting", "subscription.tier": "pro",
    "subscription.status": "trial", "change": {},
})
ADD_BUY = {
    "kind": "add_subscription",
    "today": "2026-11-22",
    "account": {"type": "online", "role": "billing_contact"},
    "change": {"product": "gotomeeting", "tier": "pro", "seats": 3, "frequency": "annual",
               "unit_price": "192.00", "currency": "USD"},
}
PENDING = scenario(**{"kind": "remove_pending_cancellation",
                      "subscription.status": "pending_cancellation", "change": None})


def find(signed_in_to: str, saw: str, portal: str = "not_tried", account_type: str | None = None):
    document = {"kind": "find_billing_contact", "today": "2026-11-22",
                "signed_in_to": signed_in_to, "saw": saw, "portal_sign_in": portal}
    if account_type:
        document["account"] = {"type": account_type}
    return evaluate(document)


def route(request: str, account_type: str = "online", role: str = "billing_contact", **more):
    return evaluate({"kind": "route_request", "today": "2026-11-22", "request": request,
                     "account": {"type": account_type, "role": role}, **more})


# Roles and account types -------------------------------------------------------------


@rule("R-ROLE-1")
@pytest.mark.parametrize("role", ["account_admin", "user"])
@pytest.mark.parametrize("kind_scenario", [scenario(), TRIAL_EXPIRED, ADD_BUY, PENDING],
                         ids=["change_plan", "convert_trial", "add_subscription", "remove_pending"])
def test_only_the_billing_contact_changes_billing(role, kind_scenario):
    result = evaluate(scenario(kind_scenario, **{"account.role": role}))
    assert result["outcome"] == "billing_contact_only"
    assert "quote" not in result
    assert "R-ROLE-1" in result["rules"]
    assert step_ids(result)[0] == "step.role.ask_billing_contact"


@rule("R-ROLE-2")
def test_corporate_accounts_are_not_managed_in_the_billing_center():
    online, corporate = evaluate(scenario()), evaluate(scenario(**{"account.type": "corporate"}))
    assert online["channel"]["id"] == "my_account" and "quote" in online
    assert corporate["outcome"] == "account_rep" and "quote" not in corporate
    assert "R-ROLE-2" in corporate["rules"]


# Finding the billing contact ----------------------------------------------------------


@rule("R-WHO-1")
def test_billing_center_subscriptions_page_means_billing_admin():
    result = find("billing_center", "subscriptions_page")
    assert (result["verdict"], result["outcome"]) == ("billing_contact", "self_service")
    assert result["channel"]["url"] == "https://billing.logmeininc.com"
    assert "R-WHO-1" in result["rules"]


@rule("R-WHO-2")
def test_wrong_location_leads_to_my_account_then_admin_or_portal():
    unknown = find("billing_center", "wrong_location")
    assert unknown["verdict"] == "undetermined"
    assert step_ids(unknown)[:2] == ["step.who.billing_center.sign_in", "step.who.open_my_account"]
    assert {"step.who.if_standard", "step.who.if_corporate"} <= set(step_ids(unknown))
    standard = find("billing_center", "wrong_location", account_type="online")
    assert standard["verdict"] == "not_billing_contact"
    assert "step.who.standard_contact_admin" in step_ids(standard)
    corporate = find("billing_center", "wrong_location", account_type="corporate")
    assert corporate["channel"]["url"] == "https://link.logmeininc.com/corp-billing"
    assert "step.who.portal_sign_in" in step_ids(corporate)
    assert all("R-WHO-2" in r["rules"] for r in (unknown, standard, corporate))


@rule("R-WHO-3")
@pytest.mark.parametrize("signed_in_to,saw", [("billing_center", "wrong_location"),
                                              ("admin_center", "select_product")])
def test_only_a_failed_portal_sign_in_settles_it(signed_in_to, saw):
    failed = find(signed_in_to, saw, "failed")
    assert failed["verdict"] == "not_billing_contact" and "R-WHO-3" in failed["rules"]
    # The converse is not stated: signing in shows where the account is managed, not who you are.
    succeeded = find(signed_in_to, saw, "succeeded")
    assert succeeded["verdict"] == "undetermined" and "R-WHO-3" in succeeded["rules"]
    assert succeeded["channel"]["id"] == "corporate_billing_portal"
    assert step_ids(succeeded)[-2:] == ["step.who.portal_succeeded", "step.who.ask_account_manager"]


@rule("R-WHO-3")
@pytest.mark.parametrize("account_type", [None, "online", "corporate"])
@pytest.mark.parametrize("signed_in_to,saw", [
    ("billing_center", "subscriptions_page"), ("billing_center", "wrong_location"),
    ("admin_center", "subscriptions_page"), ("admin_center", "contact_billing_admin"),
    ("admin_center", "select_product"),
])
def test_no_answer_says_a_portal_sign_in_makes_you_the_billing_admin(signed_in_to, saw,
                                                                      account_type):
    for portal in ("succeeded", "not_tried"):
        result = find(signed_in_to, saw, portal, account_type)
        if saw != "subscriptions_page":  # R-WHO-1, R-WHO-5 say so; nothing else does
            assert result["verdict"] != "billing_contact"
        texts = " ".join(step["text"] for step in result["steps"])
        assert "you are a billing admin" not in texts and "If you can sign in" not in texts


@rule("R-WHO-4")
def test_still_unsure_means_asking_the_account_manager():
    failed = find("billing_center", "wrong_location", "failed")
    assert failed["channel"]["id"] == "account_manager"
    assert "step.who.ask_account_manager" in step_ids(failed)
    assert "notice.who.still_unsure" in notice_ids(find("admin_center", "select_product"))


@rule("R-WHO-5")
def test_admin_center_add_licenses_to_subscriptions_means_billing_admin():
    result = find("admin_center", "subscriptions_page")
    assert result["verdict"] == "billing_contact"
    assert step_ids(result)[:2] == ["step.who.admin_center.sign_in", "step.who.add_licenses"]
    assert "R-WHO-5" in result["rules"]


@rule("R-WHO-6")
def test_contact_billing_admin_message_means_not_billing_admin():
    result = find("admin_center", "contact_billing_admin")
    assert result["verdict"] == "not_billing_contact"
    assert "step.who.send_email" in step_ids(result)
    assert "“Send email”" in result["steps"][-1]["text"]


@rule("R-WHO-7")
def test_select_product_message_depends_on_the_portal():
    result = find("admin_center", "select_product")
    assert result["verdict"] == "undetermined"
    assert "step.who.click_product_logo" in step_ids(result)
    assert find("admin_center", "select_product", "failed")["verdict"] == "not_billing_contact"
    assert find("admin_center", "select_product", "succeeded")["verdict"] == "undetermined"
    # "You may or may not be the billing admin, *but* the account is managed in the portal."
    assert "may or may not be the billing admin, but your account is managed in the Corporate " \
        "Billing Portal" in result["steps"][-2]["text"]


@rule("R-WHO-2")
@rule("R-WHO-7")
@pytest.mark.parametrize("signed_in_to,saw", [
    ("billing_center", "contact_billing_admin"), ("billing_center", "select_product"),
    ("admin_center", "wrong_location"),
])
def test_a_message_not_shown_at_that_place_is_an_error(signed_in_to, saw):
    result = find(signed_in_to, saw)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("saw", "not_shown_there")]


# Free trial ---------------------------------------------------------------------------


@rule("R-TRIAL-1")
def test_an_expired_trial_charged_nothing():
    result = evaluate(TRIAL_EXPIRED)
    assert "notice.trial.nothing_charged" in notice_ids(result)
    assert result["quote"]["credit"] == "0.00"


@rule("R-TRIAL-2")
def test_expired_trial_is_converted_in_the_billing_center():
    result = evaluate(TRIAL_EXPIRED)
    assert result["channel"]["id"] == "billing_center"
    assert step_ids(result) == [
        "step.billing_center.sign_in", "step.trial.subscribe", "step.plan.change_and_choose",
        "step.plan.click_checkout", "step.trial.review_order", "step.checkout.payment",
    ]
    with_vat = evaluate(scenario(TRIAL_EXPIRED, **{"account.vat_applicable": True}))
    assert step_ids(with_vat)[-1] == "step.checkout.payment_and_vat"
    unchanged = evaluate(scenario(TRIAL_EXPIRED, change={}))
    assert "step.plan.change_and_choose" not in step_ids(unchanged)  # "Change" is optional


@rule("R-TRIAL-3")
def test_running_trial_is_converted_from_my_account():
    result = evaluate(TRIAL_RUNNING)
    assert step_ids(result) == [
        "step.my_account.sign_in", "step.my_account.go_to_billing", "step.trial.subscribe_now",
        "step.plan.review_summary", "step.checkout.review_period",
        "step.checkout.confirm_payment_method",
    ]
    assert result["quote"]["period_start"] == TRIAL_RUNNING["today"]


@rule("R-TRIAL-4")
def test_purchase_is_available_at_once_and_moves_the_billing_date():
    result = evaluate(TRIAL_EXPIRED)
    assert {"notice.purchase.available_at_once", "notice.purchase.confirmation_email"} <= set(
        notice_ids(result))
    assert result["quote"]["period_start"] == TRIAL_EXPIRED["today"]


@rule("R-TRIAL-5")
def test_added_seats_must_be_assigned():
    assert "notice.seats.assign" in notice_ids(evaluate(TRIAL_EXPIRED))  # 2 → 5 seats
    same = evaluate(scenario(TRIAL_EXPIRED, change={}))
    assert "notice.seats.assign" not in notice_ids(same)
    more_seats = evaluate(scenario(**{"change.seats": 12}))
    assert "notice.seats.assign" in notice_ids(more_seats)


@rule("R-TRIAL-6")
def test_corporate_trials_go_through_the_representative():
    result = evaluate(scenario(TRIAL_EXPIRED, **{"account.type": "corporate"}))
    assert result["outcome"] == "account_rep"
    assert "R-TRIAL-6" in result["rules"]


def test_a_paid_subscription_is_not_a_trial_to_convert():
    result = evaluate(scenario(TRIAL_EXPIRED, **{"subscription.status": "active"}))
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("subscription.status", "not_a_trial")]


# Changing a plan ----------------------------------------------------------------------


@rule("R-PLAN-1")
@pytest.mark.parametrize("change", [
    {"tier": "plus"}, {"seats": 11}, {"frequency": "annual", "unit_price": "100.00"},
])
def test_billing_contact_changes_tier_seats_or_frequency(change):
    result = evaluate(scenario(change=change))
    assert result["outcome"] == "self_service" and "R-PLAN-1" in result["rules"]


@rule("R-PLAN-2")
def test_changes_start_a_new_period_today():
    result = evaluate(scenario())
    assert result["quote"]["period_start"] == "2026-11-16"
    assert "notice.plan.takes_effect_now" in notice_ids(result)


@rule("R-PLAN-3")
def test_payment_is_asked_only_when_the_price_rises():
    up = evaluate(scenario(**{"account.vat_applicable": True, "subscription.product":
                              "gotoassist_rs5", "subscription.tier": "standard",
                              "change": {"tier": "premium", "unit_price": "20.00"}}))
    assert step_ids(up)[-1] == "step.checkout.payment_and_vat"
    down = evaluate(scenario(change={"seats": 2}))
    assert down["quote"]["payment_required"] is False
    assert step_ids(down)[-1] == "step.checkout.place_order"


@rule("R-PLAN-4")
def test_gotoassist_tier_downgrade_needs_customer_care_but_seats_reduce_online():
    gotoassist = {"subscription.product": "gotoassist_rs5", "subscription.tier": "premium"}
    down = evaluate(scenario(**gotoassist, change={"tier": "standard", "seats": 5}))
    assert (down["outcome"], down["channel"]["id"]) == ("customer_care", "customer_care")
    assert "notice.plan.seats_reduce_online" in notice_ids(down)
    fewer = evaluate(scenario(**gotoassist, change={"seats": 5}))
    assert fewer["outcome"] == "self_service"
    # GoToMeeting's article has no such limit: per-product data, not a code branch.
    meeting = evaluate(scenario(change={"tier": "starter"}))
    assert meeting["outcome"] == "self_service"


@rule("R-PLAN-5")
def test_gotoassist_steps_go_through_options_and_edit_subscription():
    result = evaluate(scenario(**{"subscription.product": "gotoassist_rs5",
                                  "subscription.tier": "standard",
                                  "change": {"tier": "premium"}}))
    assert step_ids(result) == [
        "step.billing_center.sign_in", "step.plan.options_edit", "step.plan.choose",
        "step.plan.review_summary", "step.checkout.review_period", "step.checkout.payment",
    ]
    assert "“Options”" in result["steps"][1]["text"]


@rule("R-PLAN-6")
def test_a_trial_has_no_options_icon_so_subscribe_instead():
    ended = evaluate(scenario(TRIAL_EXPIRED, kind="change_plan", change={"seats": 5},
                              **{"subscription.period_start": "2026-10-22"}))
    assert "notice.plan.no_options_icon" in notice_ids(ended)
    assert "R-PLAN-6" in ended["rules"] and ended["quote"]["credit"] == "0.00"
    assert step_ids(ended)[1] == "step.trial.subscribe"
    # GoToMeeting's plans have no "Options" icon to miss: its running trial subscribes now.
    running = evaluate(scenario(**{"subscription.status": "trial"}))
    assert "notice.plan.no_options_icon" not in notice_ids(running)
    assert "R-PLAN-6" not in running["rules"] and "R-TRIAL-3" in running["rules"]
    assert step_ids(running)[2] == "step.trial.subscribe_now"


@rule("R-TRIAL-2")
@rule("R-TRIAL-3")
@pytest.mark.parametrize("document,status", [
    (TRIAL_EXPIRED, "trial"), (TRIAL_RUNNING, "trial_expired"),
])
def test_each_product_is_answered_only_for_the_trial_its_sources_cover(document, status):
    """GoToAssist's sources cover an ended trial (R-TRIAL-2), GoToMeeting's a running one
    (R-TRIAL-3): the other case is not answered with the other product's steps."""
    for kind in ("convert_trial", "change_plan"):
        result = evaluate(scenario(document, kind=kind, **{
            "subscription.status": status, "subscription.period_start": "2026-10-22"}))
        assert [(e["field"], e["code"]) for e in result["errors"]] == [
            ("subscription.status", "not_covered")]


@rule("R-PLAN-7")
def test_gotomeeting_steps_and_the_add_organizers_shortcut():
    edit = evaluate(scenario())
    assert "step.plan.view_edit" in step_ids(edit)
    seats_only = evaluate(scenario(change={"seats": 12}))
    assert step_ids(seats_only)[2:4] == ["step.seats.add_button", "step.seats.set_count"]
    assert "“Add organizers”" in seats_only["steps"][2]["text"]


@rule("R-PLAN-8")
def test_products_are_not_swapped():
    result = evaluate(scenario(change={"product": "gotoassist_rs5"}))
    assert result["outcome"] == "not_possible"
    assert step_ids(result)[0] == "step.switch.cancel_current"
    assert "“Pending cancellation”" in result["steps"][0]["text"]


@rule("R-CART-1")
@pytest.mark.parametrize("document", [scenario(), TRIAL_EXPIRED, ADD_BUY])
def test_items_in_the_cart_turn_checkout_into_add_to_cart(document):
    plain = evaluate(document)
    with_cart = evaluate(scenario(document, **{"account.cart_has_items": True}))
    assert "notice.cart.add_to_cart" in notice_ids(with_cart)
    assert "notice.cart.add_to_cart" not in notice_ids(plain)
    texts = " ".join(step["text"] for step in with_cart["steps"])
    assert "“Add to cart”, then “Checkout”" in texts


# Adding a subscription, pending cancellation ------------------------------------------


@rule("R-ADD-1")
def test_a_subscription_is_added_from_my_account():
    result = evaluate(ADD_BUY)
    assert step_ids(result)[:3] == [
        "step.my_account.sign_in", "step.my_account.go_to_billing", "step.add.open"]
    assert "GoToMeeting" in result["steps"][2]["text"]


@rule("R-ADD-2")
def test_buying_a_new_plan():
    result = evaluate(ADD_BUY)
    assert step_ids(result)[3:] == [
        "step.add.buy", "step.add.tier", "step.add.seats", "step.add.next_again",
        "step.add.frequency", "step.checkout.review_period", "step.checkout.confirm_payment_method",
    ]  # two "Next" clicks in a row, as the source has them
    assert result["quote"]["charge"] == "576.00"  # 3 × 192.00, R-PRO-8
    assert result["quote"]["period_end"] == "2027-11-22"


@rule("R-ADD-3")
def test_trying_a_product_starts_a_trial_without_money():
    result = evaluate(scenario(ADD_BUY, **{"change.mode": "try", "change.unit_price": None,
                                           "change.frequency": None, "change.currency": None}))
    assert "quote" not in result
    assert step_ids(result)[3:] == ["step.add.try", "step.add.trial_tier", "step.add.trial_seats"]
    assert "“Start trial”" in result["steps"][-1]["text"]
    assert "notice.add.trial_confirmation" in notice_ids(result)


@rule("R-CANCEL-1")
def test_removing_a_pending_cancellation():
    result = evaluate(PENDING)
    assert step_ids(result)[2:] == ["step.cancel.view_edit_remove", "step.cancel.confirm"]
    assert result["renewal_date"] == "2026-12-01"
    nothing = evaluate(scenario(PENDING, **{"subscription.status": "active"}))
    assert nothing["outcome"] == "no_change"


# Corporate accounts -------------------------------------------------------------------


@rule("R-CORP-1")
@pytest.mark.parametrize("request_", ["add_seats", "reduce_seats", "change_tier", "subscribe"])
def test_corporate_changes_go_through_the_representative(request_):
    result = route(request_, "corporate", product="gotomeeting")
    assert (result["outcome"], result["channel"]["id"]) == ("account_rep", "account_rep")
    assert "R-CORP-1" in result["rules"]
    assert step_ids(result) == ["step.corp.contact_rep", "step.corp.accept_quote"]


@rule("R-ROLE-2")
@pytest.mark.parametrize("document", [
    {"kind": "route_request", "request": "add_seats", "product": "gotoassist_rs5"},
    {"kind": "route_request", "request": "pay_invoice"},
    {"kind": "route_request", "request": "change_payment_details", "product": "gotomeeting"},
])
def test_corporate_accounts_are_managed_with_the_representative_and_the_portal(document):
    """Quotes and invoices are GoToMeeting's corporate instructions (004); what every source
    says of corporate accounts is that they are managed with the representative (or Corporate
    Account Services) in the Corporate Billing Portal."""
    result = route(document["request"], "corporate", **{k: v for k, v in document.items()
                                                          if k == "product"})
    assert (result["outcome"], step_ids(result)) == ("account_rep", ["step.corp.manage_with_rep"])
    assert "R-CORP-1" not in result["rules"]


@rule("R-CORP-2")
def test_corporate_quotes_are_accepted_in_the_portal():
    result = route("accept_quote", "corporate", product="gotomeeting")
    assert result["channel"]["id"] == "corporate_billing_portal"
    assert "step.corp.accept_quote" in step_ids(evaluate(scenario(**{"account.type": "corporate"})))


@rule("R-CORP-3")
def test_corporate_invoices_are_paid_by_card_in_the_portal():
    result = route("pay_invoice", "corporate", product="gotomeeting")
    assert result["outcome"] == "self_service"
    assert result["channel"]["url"] == "https://link.logmeininc.com/corp-billing"
    assert "notice.corp.customer_care" in notice_ids(result)


def test_routing_online_requests():
    assert route("downgrade_tier", product="gotoassist_rs5")["outcome"] == "customer_care"
    assert route("downgrade_tier", product="gotomeeting")["outcome"] == "self_service"
    assert route("switch_product")["outcome"] == "not_possible"
    assert route("accept_quote")["outcome"] == "not_possible"
    assert route("cancel", role="user")["outcome"] == "billing_contact_only"
    assert route("downgrade_tier")["errors"][0]["field"] == "product"


# Proration ----------------------------------------------------------------------------


@rule("R-PRO-1")
@pytest.mark.parametrize("start,frequency,end", [
    ("2026-01-31", "monthly", "2026-02-28"),
    ("2028-01-31", "monthly", "2028-02-29"),
    ("2028-02-29", "annual", "2029-02-28"),
    ("2026-11-30", "monthly", "2026-12-30"),
    ("2026-12-15", "monthly", "2027-01-15"),
])
def test_periods_end_on_the_same_day_or_the_month_end(start, frequency, end):
    result = evaluate(scenario(**{"kind": "remove_pending_cancellation", "today": start,
                                  "subscription.period_start": start,
                                  "subscription.frequency": frequency,
                                  "subscription.status": "pending_cancellation"}))
    assert result["renewal_date"] == end


@rule("R-PRO-2")
def test_the_change_day_must_fall_inside_the_current_period():
    quote = evaluate(scenario())["quote"]
    assert (quote["unused_days"], quote["period_days"]) == (15, 30)
    for today in ("2026-10-31", "2026-12-01"):
        errors = evaluate(scenario(today=today))["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("today", "outside_period")]
    assert evaluate(scenario(today="2026-11-30"))["quote"]["unused_days"] == 1
    assert evaluate(scenario(today="2026-11-01"))["quote"]["unused_days"] == 30


@rule("R-PRO-3")
def test_credit_is_prorated_and_rounded_once_half_up():
    assert evaluate(scenario())["quote"]["credit"] == "50.00"
    # 1 seat × 0.01 × 15 / 30 = 0.005 → 0.01 (half up, not half even).
    tiny = evaluate(scenario(**{"subscription.seats": 1, "subscription.unit_price": "0.01"}))
    assert tiny["quote"]["credit"] == "0.01"
    # 3 seats × 10.00 × 1 / 30 = 1.00; 1 × 10.00 × 14 / 30 = 4.666… → 4.67.
    thirds = evaluate(scenario(**{"subscription.seats": 1, "today": "2026-11-17"}))
    assert thirds["quote"]["credit"] == "4.67"


@rule("R-PRO-4")
def test_the_new_plan_is_charged_for_a_full_new_period():
    quote = evaluate(scenario())["quote"]
    assert (quote["charge"], quote["period_start"], quote["period_end"]) == (
        "200.00", "2026-11-16", "2026-12-16")
    annual = evaluate(scenario(change={"frequency": "annual", "unit_price": "100.00"}))["quote"]
    assert (annual["charge"], annual["period_end"]) == ("1000.00", "2027-11-16")


@rule("R-PRO-5")
def test_account_credit_pays_first_and_excess_credit_stays():
    covered = evaluate(scenario(**{"account.credit_balance": "500.00"}))["quote"]
    assert (covered["balance_applied"], covered["amount_due"], covered["balance_after"]) == (
        "150.00", "0.00", "350.00")
    partial = evaluate(scenario(**{"account.credit_balance": "20.00"}))["quote"]
    assert (partial["balance_applied"], partial["amount_due"], partial["balance_after"]) == (
        "20.00", "130.00", "0.00")
    fewer = evaluate(scenario(change={"seats": 2}))  # credit 50.00 > charge 20.00
    assert (fewer["quote"]["amount_due"], fewer["quote"]["balance_after"]) == ("0.00", "30.00")
    assert "notice.credit.kept_on_account" in notice_ids(fewer)
    q = fewer["quote"]
    assert Decimal(q["charge"]) - Decimal(q["credit"]) == (
        Decimal(q["amount_due"]) + Decimal("0.00") - Decimal(q["balance_after"]))


@rule("R-PRO-6")
def test_payment_is_required_exactly_when_something_is_due():
    assert evaluate(scenario())["quote"]["payment_required"] is True
    assert evaluate(scenario(**{"account.credit_balance": "150.00"}))["quote"][
        "payment_required"] is False


@rule("R-PRO-7")
@pytest.mark.parametrize("currency,price,expected", [
    ("USD", "10", "50.00"), ("JPY", "1000", "5000"), ("EUR", "10.5", "52.50"),
])
def test_amounts_are_strings_with_the_currencys_minor_digits(currency, price, expected):
    result = evaluate(scenario(**{"subscription.currency": currency,
                                  "subscription.unit_price": price, "change": {"seats": 11}}))
    assert result["quote"]["credit"] == expected
    assert all(isinstance(result["quote"][k], str) for k in ("credit", "charge", "amount_due"))


@rule("R-PRO-7")
def test_a_json_number_price_is_read_exactly_not_as_a_float():
    result = evaluate(scenario(**{"subscription.unit_price": 0.1, "subscription.seats": 3,
                                  "today": "2026-11-01", "change": {"seats": 4}}))
    assert result["quote"]["credit"] == "0.30"  # 3 × 0.1 exactly, not 0.30000000000000004


@rule("R-PRO-8")
def test_new_purchases_have_no_credit():
    for document in (TRIAL_EXPIRED, ADD_BUY):
        quote = evaluate(document)["quote"]
        assert (quote["credit"], quote["unused_days"]) == ("0.00", 0)
        assert quote["period_start"] == document["today"]


# Steps per product: never one product's steps for another (R-PLAN-4) -----------------

CATALOG = load_catalog()
PRODUCTS = sorted(CATALOG.products)


def product_steps(product_id: str) -> set[str]:
    """Return the step ids of a product's own flows (its catalog entry names them)."""
    return {f"step.{step}" for flow in CATALOG.products[product_id].flows.values()
            for step in flow.steps if not step.startswith("$")}


def foreign_steps(product_id: str) -> set[str]:
    """Return the step ids that only the other products' own flows have (not the shared
    flows every product takes, such as adding a subscription from My Account, R-ADD-1)."""
    own_flows = {flow.id for product in CATALOG.products.values()
                 for flow in product.flows.values()}
    shared = {f"step.{step}" for flow in CATALOG.flows.values() if flow.id not in own_flows
              for step in flow.steps}
    others = set().union(*(product_steps(p) for p in PRODUCTS if p != product_id))
    return others - product_steps(product_id) - shared


def test_each_product_has_steps_of_its_own():
    assert all(foreign_steps(p) for p in PRODUCTS)
    assert "step.plan.options_edit" in foreign_steps("gotomeeting")  # R-PLAN-5
    assert {"step.plan.view_edit", "step.seats.add_button", "step.trial.subscribe_now"} <= (
        foreign_steps("gotoassist_rs5"))


@rule("R-PLAN-4")
@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("request_", [r for r in REQUESTS if r not in ("pay_invoice",)])
def test_a_request_is_answered_with_its_products_steps(product, request_):
    result = route(request_, product=product)
    route_ = CATALOG.routes["online"][request_]
    if CATALOG.route_flow(route_, CATALOG.products[product]) is None:
        # Not in this product's sources: said so at the product, not answered with another's.
        assert [(e["field"], e["code"]) for e in result["errors"]] == [
            ("product", "product_not_covered")]
        return
    assert not set(step_ids(result)) & foreign_steps(product), step_ids(result)
    if route_.is_per_product and result["outcome"] == "self_service":
        flow = CATALOG.route_flow(route_, CATALOG.products[product])
        assert flow is not None and flow in CATALOG.products[product].flows.values()
        assert step_ids(result)[0] == f"step.{flow.steps[0]}"


@rule("R-PLAN-4")
@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("change", [{"tier": "top"}, {"seats": 12}, {"seats": 2},
                                    {"frequency": "annual", "unit_price": "100.00"}])
def test_a_plan_change_is_answered_with_its_products_steps(product, change):
    tiers = CATALOG.products[product].tiers
    change = {**change, "tier": tiers[-1]} if change.get("tier") == "top" else change
    document = scenario(**{"subscription.product": product, "subscription.tier": tiers[0],
                           "change": change})
    for kind in ("change_plan", "remove_pending_cancellation"):
        result = evaluate(scenario(document, kind=kind, **{
            "subscription.status": "pending_cancellation"}))
        if kind == "remove_pending_cancellation" and product == "gotoassist_rs5":
            # R-CANCEL-1 comes from GoToMeeting's source: not answered for another product.
            assert [(e["field"], e["code"]) for e in result["errors"]] == [
                ("subscription.product", "product_not_covered")]
            continue
        assert result["outcome"] == "self_service"
        assert not set(step_ids(result)) & foreign_steps(product), step_ids(result)


def test_example_tier_names_are_said_to_be_examples():
    """GoToAssist's tier names are the catalog's examples: every answer that shows one says so."""
    gotoassist = evaluate(scenario(**{"subscription.product": "gotoassist_rs5",
                                      "subscription.tier": "standard",
                                      "change": {"tier": "premium"}}))
    (choose,) = [s["text"] for s in gotoassist["steps"] if s["id"] == "step.plan.choose"]
    assert "Premium (example tier name)" in choose
    meeting = evaluate(scenario())  # GoToMeeting's tiers are named by its source (R-ADD-2)
    assert "example" not in " ".join(s["text"] for s in meeting["steps"])


def test_every_kind_is_dispatched_by_name():
    """An unknown kind is a field error; it can never fall through to another kind's rules."""
    assert evaluate(scenario(kind="refund"))["errors"][0]["field"] == "kind"
    assert set(RULES_BY_KIND) == set(KINDS)
    parsed = load_catalog()
    with pytest.raises(KeyError):
        decide(Scenario(kind="refund", today=date(2026, 11, 16), locale="en",
                        account=Account("online", "billing_contact", False, False, None)), parsed)
