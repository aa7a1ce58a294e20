"""Search on a page finds pages of the page's language, and only those."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.site.sites import SOURCES, BuiltSite, SitePage, by_page, site_pages

pytestmark = pytest.mark.browser


def search(page: Page, query: str, expected_url: str) -> list[str]:
    """Search for `query` once the result `expected_url` is listed; return every result's path.

    One search runs for the whole query (Material searches on keyup, or on being ready
    with what was typed before), so the results listed with the expected one are its.
    """
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.and_(page.locator(f'[href^="{expected_url}"]')).first.wait_for(state="attached")
    return [urlsplit(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]


def in_language(path: str, site_page: SitePage) -> bool:
    """Return whether a site path belongs to the language of `site_page`."""
    source = site_page.source
    root = "/" + source.root(site_page.language)
    others = ["/" + source.root(language) for language in source.languages
              if language != site_page.language and source.root(language)]
    return path.startswith(root) and not path.startswith(tuple(others))


@pytest.mark.parametrize(**by_page(site_pages()))
def test_search_for_the_title_finds_the_article_first(page: Page, built: BuiltSite, site_page):
    title = site_page.source.title(site_page.language, site_page.page)
    # Words, not punctuation (query syntax to Material) or letters left of "account's":
    # each term is searched as a prefix, and "s" starts half the words of any page.
    query = " ".join(re.findall(r"\w{3,}", title))
    page.goto(built.url_of(site_page))
    paths = search(page, query, built.url_of(site_page))
    assert paths[0] == "/" + site_page.path
    assert [path for path in paths if not in_language(path, site_page)] == []


# The demo site's words: the same brand in every language, and each language's word
# for proration, which only its own article uses.
DEMO = SOURCES["demo"]
WORDS = [
    *[(SitePage("demo", language, "index.md"), "GoToAssist") for language in DEMO.languages],
    (SitePage("demo", "en", "index.md"), "prorated"),
    (SitePage("demo", "es", "index.md"), "prorrateo"),
    (SitePage("demo", "pt-BR", "index.md"), "proporcional"),
]


@pytest.mark.parametrize(("site_page", "word"), WORDS,
                         ids=[f"{site_page.language}-{word}" for site_page, word in WORDS])
def test_search_finds_only_the_pages_language(page: Page, built: BuiltSite, site_page, word):
    """From a language's home page, a word finds the plans article in that language only."""
    article = SitePage("demo", site_page.language, "plans.md")
    page.goto(built.url_of(site_page))
    paths = search(page, word, built.url_of(article))
    assert "/" + article.path in paths
    assert [path for path in paths if not in_language(path, site_page)] == []
