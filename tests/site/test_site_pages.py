"""Every page in every language renders as itself, loads nothing in vain, reads without scripts."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.site.sites import BuiltSite, by_page, site_pages
from tests.site.visits import normalized

pytestmark = pytest.mark.browser

PAGES = site_pages()


@pytest.mark.page_checks("render")
@pytest.mark.parametrize(**by_page(PAGES))
def test_page_renders_with_its_title_and_language(seen, site_page):
    rendered = seen("render")
    assert rendered["lang"] == site_page.language
    assert rendered["title"] == site_page.source.html_title(site_page.language, site_page.page)
    assert rendered["heading"] == site_page.source.heading(site_page.language, site_page.page)
    assert rendered.problems == []


@pytest.mark.page_checks("settled")
@pytest.mark.parametrize(**by_page(PAGES))
def test_page_loads_cleanly(seen, site_page):
    """Nothing requested off 127.0.0.1, nothing missing (404), no console error, once settled."""
    assert seen("settled").problems == []


# ---------------------------------------------------------------------------
# Without JavaScript

BLOCKS = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
          "summary", "pre", "figcaption", "blockquote"}
VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source"}


class ArticleBlocks(HTMLParser):
    """Collects the text of each block of a built page's article, without nested blocks' text.

    Elements marked `hidden` (shown by scripts only, such as a panel's error list) are left out.
    """

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article> while > 0
        self.stack: list[tuple[str, list[str] | None]] = []
        self.blocks: list[str] = []
        self.hidden_at: int | None = None  # the stack depth of the hidden element we are in

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag == "br" and self.stack:
                self._text(" ")
            return
        if tag == "article":
            self.depth += 1
        if self.depth:
            if self.hidden_at is None and "hidden" in dict(attrs):
                self.hidden_at = len(self.stack)
            is_kept = self.hidden_at is None and tag in BLOCKS
            self.stack.append((tag, [] if is_kept else None))

    def handle_endtag(self, tag):
        if not self.depth or tag in VOID:
            return
        while self.stack:
            open_tag, text = self.stack.pop()
            if text is not None and normalized("".join(text)):
                self.blocks.append(normalized("".join(text)))
            if self.hidden_at is not None and len(self.stack) <= self.hidden_at:
                self.hidden_at = None
            if open_tag == tag:
                break
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.hidden_at is None:
            self._text(data)

    def _text(self, data):
        for _, text in reversed(self.stack):
            if text is not None:
                text.append(data)
                return


@pytest.mark.page_checks("article_text")
@pytest.mark.parametrize(**by_page(PAGES))
def test_article_text_is_all_there_without_javascript(seen, built: BuiltSite, site_page):
    """Every block of the article shows, each collapsible block opened and each tab clicked
    (tests/site/visits.py: visible_article_texts)."""
    parser = ArticleBlocks()
    parser.feed(built.html(site_page))
    assert parser.blocks, "no article text in the built page"
    without_scripts = seen("article_text")
    shown = without_scripts["texts"]
    missing = [block for block in parser.blocks if not any(block in text for text in shown)]
    assert missing == []
    assert without_scripts.problems == []
