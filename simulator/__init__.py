"""Billing rules simulator: the rules behind the help center's "Try it" panels."""

from .boundary import evaluate_json

__all__ = ["evaluate_json"]
__version__ = "1.0.0"
