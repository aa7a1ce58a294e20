"""One visit per page: the browser's checks of a page made on one load of it, in a written order.

Each page check (the title and language, a clean load, axe-core in light and in dark,
search for the title, the language switch, the switch after an instant navigation,
the article's text without scripts) used to open the page for itself. A visit opens
it once in light, once more in dark and once without scripts, makes the checks the run's selected tests ask for (their `page_checks` marker),
in the order below, and keeps what each check saw, or the error that stopped it, with
the problems the browser reported from the visit's start until then (requests off the
site, failed requests, console errors: tests/site/sites.py). The tests assert on that.

With xdist, every test of a page is in the page's group (`by_page`), so one worker
makes the page's visit, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.site.axe import axe_violations
from tests.site.sites import BuiltSite, SitePage, Traffic

# The checks of one load of the page, in order; a check that leaves the page comes last.
LIGHT = ("render", "axe_light", "settled", "instant_switch")
DARK = ("axe_dark", "search", "switch")
NO_SCRIPT = ("article_text",)  # in the no-script tab
LEAVES = {"instant_switch", "switch"}  # the page needs loading again after these

# Material keeps the reader's palette once one was shown; a visit must start without it,
# so that the page follows the colour scheme the browser gives it (light, then dark).
FORGET_PALETTE = """try {
  for (const key of Object.keys(localStorage)) {
    if (key.endsWith(".__palette")) localStorage.removeItem(key);
  }
} catch (error) {}  // about:blank has no storage of its own"""


# ---------------------------------------------------------------------------
# What the checks do in the page


def switch_language(page: Page, language: str) -> None:
    # NOTE: as a reader who prefers reduced motion: Material then shows its menus without
    # their half-second transition, which a click would otherwise wait out.
    page.emulate_media(reduced_motion="reduce")
    switcher = page.locator(".md-select", has=page.locator("a[hreflang]"))
    switcher.hover()
    switcher.locator(f'a[hreflang="{language}"]').click()


def other_language(site_page: SitePage) -> str:
    """Return the next language of the site, so that every language is switched to and from."""
    languages = site_page.source.languages
    return languages[(languages.index(site_page.language) + 1) % len(languages)]


def other_page(site_page: SitePage) -> SitePage:
    """Return the next page of the navigation, in the same language."""
    pages = site_page.source.pages
    page = pages[(pages.index(site_page.page) + 1) % len(pages)]
    return SitePage(site_page.site, site_page.language, page)


def next_page_has_sections(site_page: SitePage) -> bool:
    destination = other_page(site_page)
    return bool(destination.source.anchors(destination.language, destination.page))


def mark_document(page: Page) -> None:
    """Mark the loaded document: the mark survives an instant navigation, not a page load."""
    page.evaluate("window.loadedOnce = true")


def is_same_document(page: Page) -> bool:
    return page.evaluate("window.loadedOnce === true")


def search(page: Page, query: str, expected_url: str) -> list[str]:
    """Search for `query` once the result `expected_url` is listed; return every result's path.

    One search runs for the whole query (Material searches on keyup, or on being ready
    with what was typed before), so the results listed with the expected one are its.
    """
    search_field = page.locator("input.md-search__input")
    search_field.fill(query)
    search_field.press("End")
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.and_(page.locator(f'[href^="{expected_url}"]')).first.wait_for(state="attached")
    return [urlsplit(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]


# Each language's word for proration (or for the calculation or its credit, where the
# term is more than one word to the search: "calcolo pro rata", "pro-rata"), and another
# form of it that no page uses, which only the language's stemmer turns into the same stem.
PLAN_ARTICLE = "change-plan-gotoassist.md"
WORDS = {"en": ("proration", "prorations"), "es": ("prorrateo", "prorrateos"),
         "it": ("calcolo", "calcoli"), "pt-BR": ("crédito", "créditos"),
         "fr": ("prorata", "proratas"), "de": ("Verrechnung", "Verrechnungen")}


def title_query(site_page: SitePage) -> str:
    """The page's title as a search query: its words, not punctuation (query syntax to
    Material) nor letters left of "account's": each term is searched as a prefix, and
    "s" starts half the words of any page."""
    title = site_page.source.title(site_page.language, site_page.page)
    return " ".join(re.findall(r"\w{3,}", title))


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


def visible_article_texts(page: Page) -> list[str]:
    """Return the article's rendered text, with every collapsible block opened, once per tab shown.

    Without JavaScript, content tabs (CSS) and collapsible blocks (<details>) still work:
    every part of the article must be one click away.
    """
    article = page.locator("article")
    for summary in article.locator("details:not([open]) > summary").all():
        if summary.is_visible():
            summary.click()
    texts = [normalized(article.inner_text())]
    for label in article.locator(".tabbed-labels > label").all():
        if label.is_visible():
            label.click()
            texts.append(normalized(article.inner_text()))
    return texts


@dataclass
class Visitor:
    """The page being visited, and what a check needs beside it."""

    page: Page
    built: BuiltSite
    site_page: SitePage
    axe_source: str

    def render(self) -> dict:
        page = self.page
        return {"lang": page.locator("html").get_attribute("lang"), "title": page.title(),
                "heading": page.locator("article h1").inner_text().removesuffix("¶").strip()}

    def axe(self) -> dict:
        return {"scheme": self.page.locator("body").get_attribute("data-md-color-scheme"),
                "violations": axe_violations(self.page, self.axe_source)}

    axe_light = axe_dark = axe

    def settled(self) -> dict:
        """Nothing requested off 127.0.0.1, nothing missing (404), no console error, once settled."""
        self.page.wait_for_load_state("networkidle")
        return {}

    def instant_switch(self) -> dict:
        """Follow a navigation link (an instant swap), a heading's link, then switch language."""
        page, built, site_page = self.page, self.built, self.site_page
        destination = other_page(site_page)
        anchor = destination.source.anchors(destination.language, destination.page)[-1]
        language = other_language(site_page)
        mark_document(page)
        # Material's instant navigation makes the links' href absolute.
        page.locator(f'.md-sidebar--primary a.md-nav__link[href="{built.url_of(destination)}"]'
                     ).click()
        page.wait_for_url(built.url_of(destination))
        # The address changes before Material swaps the page in: wait for its title too.
        page.wait_for_function("(title) => document.title === title",
                               arg=destination.source.html_title(destination.language,
                                                                 destination.page))
        seen = {"anchor": anchor, "language": language,
                "instant_navigation": is_same_document(page)}
        if not seen["instant_navigation"]:
            return seen  # what follows would not test the switch after one
        page.locator(f'.md-sidebar--secondary a.md-nav__link[href$="#{anchor}"]').click()
        page.wait_for_url(f"{built.url_of(destination)}#{anchor}")
        switch_language(page, language)
        target = SitePage(site_page.site, language, destination.page)
        page.wait_for_url(f"{built.url_of(target)}#{anchor}")
        return {**seen, "same_document_after_switch": is_same_document(page),
                "lang": page.locator("html").get_attribute("lang"),
                "anchors_found": page.locator(f"#{anchor}").count()}

    def search(self) -> dict:
        paths = search(self.page, title_query(self.site_page), self.built.url_of(self.site_page))
        self.page.keyboard.press("Escape")  # and close it, as a reader does
        return {"paths": paths}

    def article_text(self) -> dict:
        """Without JavaScript (the no-script tab)."""
        return {"texts": visible_article_texts(self.page)}

    def switch(self) -> dict:
        language = other_language(self.site_page)
        target = SitePage(self.site_page.site, language, self.site_page.page)
        switch_language(self.page, language)
        self.page.wait_for_url(self.built.url_of(target))
        return {"lang": self.page.locator("html").get_attribute("lang")}


# ---------------------------------------------------------------------------
# The visit


@dataclass
class Seen:
    """What one check saw, and the browser's problems from the visit's start until then."""

    facts: dict
    problems: list[str]
    error: BaseException | None = None

    def __getitem__(self, name: str):
        return self.facts[name]


def visit(tabs: Tabs, traffic: Traffic, built: BuiltSite, site_page: SitePage,
          checks: set[str], axe_source: str) -> dict[str, Seen]:
    """Make the `checks` of a page in one light and one dark load of it, and one without
    scripts; return what each saw.

    The visits' tabs go from one visit to the next (a new tab costs more than the page
    load), and to about:blank between them.
    """
    seen: dict[str, Seen] = {}
    traffic.clear()
    for page, scheme, load in ((tabs.page, "light", LIGHT), (tabs.page, "dark", DARK),
                               (tabs.no_script, None, NO_SCRIPT)):
        load = [check for check in load if check in checks]
        if not load:
            continue
        visitor = Visitor(page, built, site_page, axe_source)
        try:
            if scheme is not None:
                page.emulate_media(color_scheme=scheme, reduced_motion="no-preference")
            is_loaded = False
            for check in load:
                make: Callable[[], dict] = getattr(visitor, check)
                try:
                    if not is_loaded:
                        page.goto(built.url_of(site_page))
                    is_loaded = check not in LEAVES
                    seen[check] = Seen(make(), traffic.problems())
                except Exception as error:  # noqa: BLE001 (the check's test reports it)
                    is_loaded = False
                    seen[check] = Seen({}, traffic.problems(), error)
        finally:
            page.goto("about:blank")  # the page is left: what it still had in flight ends
    if seen:  # what came in as the page was left counts for the last check
        seen[list(seen)[-1]].problems = traffic.problems()
    return seen


@dataclass(frozen=True)
class Tabs:
    """The visits' tabs: one with scripts (light, then dark), one without."""

    page: Page
    no_script: Page


@dataclass
class Visits:
    """The pages' visits, each made when a test first asks for one of its checks."""

    make: Callable[[SitePage], dict[str, Seen]]
    made: dict[SitePage, dict[str, Seen]] = field(default_factory=dict)

    def seen(self, site_page: SitePage, check: str) -> Seen:
        if site_page not in self.made:
            self.made[site_page] = self.make(site_page)
        made = self.made[site_page]
        assert check in made, f"{check} was not made on {site_page}: mark the test page_checks({check!r})"
        seen = made[check]
        if seen.error is not None:
            raise seen.error
        return seen
