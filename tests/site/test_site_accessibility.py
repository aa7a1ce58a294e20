"""axe-core finds no WCAG 2.2 AA or best-practice violation on any page, light or dark."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.site.axe import axe_violations
from tests.site.sites import BuiltSite, SitePage, by_page, site_pages

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # Material's names for them


# The help center's pages, and the demo's outdated translation for the notice it shows.
PAGES = [*site_pages(), SitePage("demo", "es", "plans.md")]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(**by_page(PAGES))
def test_no_axe_violations(request, built: BuiltSite, site_page, scheme: str, axe_source: str):
    page: Page = request.getfixturevalue("page" if scheme == "light" else "dark_page")
    page.goto(built.url_of(site_page))
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    assert axe_violations(page, axe_source) == []
