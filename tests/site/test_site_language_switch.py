"""The language switcher keeps the article and the fragment, also after an instant navigation."""

from __future__ import annotations

import pytest

from tests.site.sites import SitePage, by_page, site_pages
from tests.site.visits import next_page_has_sections, other_language

pytestmark = pytest.mark.browser

PAGES = site_pages(multilingual=True)


@pytest.mark.page_checks("switch")
@pytest.mark.parametrize(**by_page(PAGES))
def test_switch_lands_on_the_same_article(seen, site_page: SitePage):
    """The switch lands on the article's address in the other language (waited for)."""
    switched = seen("switch")
    assert switched["lang"] == other_language(site_page)
    assert switched.problems == []


# From the page before each one with sections (the glossary has none to link to).
@pytest.mark.page_checks("instant_switch")
@pytest.mark.parametrize(**by_page([p for p in PAGES if next_page_has_sections(p)]))
def test_switch_after_instant_navigation_keeps_article_and_fragment(seen, site_page: SitePage):
    """Open a page, follow a navigation link (an instant swap), a heading's link, then switch:
    the switch lands on the other article's address, with its fragment (waited for)."""
    switched = seen("instant_switch")
    assert switched["instant_navigation"], "the navigation link was not followed instantly"
    assert not switched["same_document_after_switch"], (
        "the language was switched without loading the page")
    assert switched["lang"] == switched["language"]
    assert switched["anchors_found"] == 1
    assert switched.problems == []
