"""Steps and notices shared by every purchase flow: cart, checkout, payment."""

from __future__ import annotations

from .catalog import Product
from .decision import Message, Quote, Term
from .scenario import Account, Plan


def checkout_click(account: Account) -> Term:
    """R-CART-1: with items in the cart the button reads "Add to cart", then "Checkout"."""
    return Term("click.add_to_cart_then_checkout" if account.has_cart_items else "click.checkout")


def cart_notices(account: Account) -> tuple[tuple[Message, ...], tuple[str, ...]]:
    if account.has_cart_items:
        return (Message("notice.cart.add_to_cart"),), ("R-CART-1",)
    return (), ()


def plan_choice(product: Product, plan: Plan) -> dict[str, object]:
    """Return the parameters that name a plan: tier, seat label and count, frequency."""
    return {
        "tier": Term(f"tier.{plan.tier}"),
        "seat_label": Term(f"seat.{product.seat_name}"),
        "seats": plan.seats,
        "frequency": Term(f"frequency.{plan.frequency}"),
    }


def billing_center_payment(quote: Quote, account: Account) -> Message:
    """R-TRIAL-2, R-PLAN-3: payment details (and VAT number) only when a price is due."""
    if not quote.is_payment_required:
        return Message("step.checkout.place_order")
    if account.is_vat_applicable:
        return Message("step.checkout.payment_and_vat")
    return Message("step.checkout.payment")


def my_account_payment(quote: Quote) -> Message:
    """R-TRIAL-3, R-PLAN-7, R-ADD-2: confirm the payment method when something is due."""
    if not quote.is_payment_required:
        return Message("step.checkout.place_order")
    return Message("step.checkout.confirm_payment_method")


def seat_notices(before: int, after: int) -> tuple[tuple[Message, ...], tuple[str, ...]]:
    """R-TRIAL-5: added seats must be assigned before their users can sign in."""
    if after > before:
        return (Message("notice.seats.assign"),), ("R-TRIAL-5",)
    return (), ()


def credit_notices(quote: Quote) -> tuple[Message, ...]:
    """R-PRO-5: credit beyond the charge stays on the account; it is not refunded."""
    if quote.credit > quote.charge:
        return (Message("notice.credit.kept_on_account"),)
    if quote.balance_applied.is_positive():
        return (Message("notice.credit.balance_applied"),)
    return ()
