"""axe-core finds no WCAG 2.2 AA or best-practice violation on any page, light or dark."""

from __future__ import annotations

import pytest

from tests.site.sites import SitePage, by_page, site_pages

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # Material's names for them


# The help center's pages, and the demo's outdated translation for the notice it shows.
PAGES = [*site_pages(), SitePage("demo", "es", "plans.md")]


@pytest.mark.page_checks("axe_light", "axe_dark")
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(**by_page(PAGES))
def test_no_axe_violations(seen, site_page, scheme: str):
    """The page as the browser's colour scheme shows it (tests/site/visits.py)."""
    axe = seen(f"axe_{scheme}")
    assert axe["scheme"] == SCHEMES[scheme]
    assert axe["violations"] == []
    assert axe.problems == []
