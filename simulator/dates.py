"""Billing-period date arithmetic: the one helper that clamps to a month's end."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

MONTHS_PER_PERIOD = {"monthly": 1, "annual": 12}


def add_months_clamped(start: date, months: int) -> date:
    """Return the same day `months` later, or that month's last day if it has none.

    R-PRO-1: 31 Jan + 1 month → 28 Feb (29 in a leap year); 29 Feb 2028 + 12
    months → 28 Feb 2029; 30 Nov + 1 month → 30 Dec.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


@lru_cache(maxsize=4096)  # pure, and called for every quote and every date check
def period_end(start: date, frequency: str) -> date:
    """Return the first day after a billing period that starts on `start` (R-PRO-1)."""
    return add_months_clamped(start, MONTHS_PER_PERIOD[frequency])
