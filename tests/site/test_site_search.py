"""Search on a page finds pages of the page's language, and only those."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.site.sites import SOURCES, SitePage, by_page, in_language, site_pages
from tests.site.visits import PLAN_ARTICLE, WORDS, search

pytestmark = pytest.mark.browser


@pytest.mark.page_checks("search")
@pytest.mark.parametrize(**by_page(site_pages()))
def test_search_for_the_title_finds_the_article_near_the_top(seen, site_page):
    """The article is one of the first two listed, searched for by its title's words
    (tests/site/visits.py: title_query).

    NOTE: not always the first: Material ranks sections, and a section headed by one of
    the title's words can outrank the article (French "Qui contacter" for the title
    "Qui est le contact de facturation de votre compte ?").
    """
    searched = seen("search")
    paths = searched["paths"]
    articles = list(dict.fromkeys(paths))  # in order, each article once
    assert "/" + site_page.path in articles[:2]
    assert [path for path in paths if not in_language(path, site_page)] == []
    assert searched.problems == []


HELP = SOURCES["help"]
CASES = [(language, word) for language in HELP.languages for word in WORDS[language]]


@pytest.mark.parametrize(("language", "word"), CASES, ids=[f"{lang}-{word}" for lang, word in CASES])
def test_search_finds_the_languages_article_for_its_word(page: Page, built_sites, language, word):
    """From a language's home page, its word for proration (or another form of the word)
    finds the plan-change article in that language, and no page in another."""
    built = built_sites["help"]
    home, article = (SitePage("help", language, p) for p in ("index.md", PLAN_ARTICLE))
    page.goto(built.url_of(home))
    paths = search(page, word, built.url_of(article))
    assert "/" + article.path in paths
    assert [path for path in paths if not in_language(path, home)] == []


def test_the_other_forms_are_found_by_their_stem_alone():
    """The second word of each language is in no page: finding it proves the stemming."""
    for language, (word, other_form) in WORDS.items():
        text = HELP.markdown(language, PLAN_ARTICLE).lower()
        assert word.lower() in text
        for page in HELP.pages:
            assert other_form.lower() not in HELP.markdown(language, page).lower()

