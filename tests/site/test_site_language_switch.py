"""The language switcher keeps the article and the fragment, also after an instant navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.site.sites import BuiltSite, SitePage, by_page, site_pages

pytestmark = pytest.mark.browser

PAGES = site_pages(multilingual=True)


def other_language(site_page: SitePage) -> str:
    """Return the next language of the site, so that every language is switched to and from."""
    languages = site_page.source.languages
    return languages[(languages.index(site_page.language) + 1) % len(languages)]


def other_page(site_page: SitePage) -> SitePage:
    """Return the next page of the navigation, in the same language."""
    pages = site_page.source.pages
    page = pages[(pages.index(site_page.page) + 1) % len(pages)]
    return SitePage(site_page.site, site_page.language, page)


def switch_language(page: Page, language: str) -> None:
    switcher = page.locator(".md-select", has=page.locator("a[hreflang]"))
    switcher.hover()
    switcher.locator(f'a[hreflang="{language}"]').click()


def mark_document(page: Page) -> None:
    """Mark the loaded document: the mark survives an instant navigation, not a page load."""
    page.evaluate("window.loadedOnce = true")


def is_same_document(page: Page) -> bool:
    return page.evaluate("window.loadedOnce === true")


@pytest.mark.parametrize(**by_page(PAGES))
def test_switch_lands_on_the_same_article(page: Page, built: BuiltSite, site_page: SitePage):
    language = other_language(site_page)
    target = SitePage(site_page.site, language, site_page.page)
    page.goto(built.url_of(site_page))
    switch_language(page, language)
    page.wait_for_url(built.url_of(target))
    assert page.locator("html").get_attribute("lang") == language


def next_page_has_sections(site_page: SitePage) -> bool:
    destination = other_page(site_page)
    return bool(destination.source.anchors(destination.language, destination.page))


# From the page before each one with sections (the glossary has none to link to).
@pytest.mark.parametrize(**by_page([p for p in PAGES if next_page_has_sections(p)]))
def test_switch_after_instant_navigation_keeps_article_and_fragment(
        page: Page, built: BuiltSite, site_page: SitePage):
    """Open a page, follow a navigation link (an instant swap), a heading's link, then switch."""
    destination = other_page(site_page)
    anchor = destination.source.anchors(destination.language, destination.page)[-1]
    language = other_language(site_page)
    page.goto(built.url_of(site_page))
    mark_document(page)

    # Material's instant navigation makes the links' href absolute.
    page.locator(f'.md-sidebar--primary a.md-nav__link[href="{built.url_of(destination)}"]').click()
    page.wait_for_url(built.url_of(destination))
    # The address changes before Material swaps the page in: wait for its title too.
    page.wait_for_function("(title) => document.title === title",
                           arg=destination.source.html_title(destination.language,
                                                             destination.page))
    assert is_same_document(page), "the navigation link was not followed instantly"
    page.locator(f'.md-sidebar--secondary a.md-nav__link[href$="#{anchor}"]').click()
    page.wait_for_url(f"{built.url_of(destination)}#{anchor}")

    switch_language(page, language)
    target = SitePage(site_page.site, language, destination.page)
    page.wait_for_url(f"{built.url_of(target)}#{anchor}")
    assert not is_same_document(page), "the language was switched without loading the page"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(f"#{anchor}").count() == 1
