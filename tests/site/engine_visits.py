"""The cross-engine pass: what Firefox and WebKit are shown, each page loaded once.

The same pages (sites.py: site_pages), panels (panels.py: panel_pages), result reader
(panels.py: READ_RESULT) and expectations as the Chromium tests, through the small
interface of tests/site/engines.py. As tests/site/visits.py does for Chromium, a visit
makes its checks in a written order and keeps what each saw, or the error that stopped
it, with the problems reported meanwhile by the tab (console errors, uncaught errors,
failed requests) and by the host (responses >= 400, CSP violations reported, a worker's
too where the engine reports them); the tests (test_engines.py) assert on that.

A language's visit (visit_language), in one tab:

1. every page but the first with panels, loaded as a reader opens it: its <html lang>,
   its panels' worked examples, and what it reported until its network was quiet; on
   the home page of a language other than English, a search;
2. the first page with panels, loaded the same way; its panels start as they come into
   view, and the language's other pages with panels are reached through the site's
   navigation (an instant navigation: the worker lives on, as for a reader, so that a
   language costs one start of the simulator, not one per page). Each panel goes live,
   then gets one bad value where a number is typed, then one edit; on the English page
   with the add-a-subscription panel, a date is typed in three ways.

A link's visit (visit_link), in a fresh profile: a link to a panel, then the language switch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.site.engines import HostLog, Tab, launch
from tests.site.links import fragment
from tests.site.panels import (
    BAD_VALUES, EDITS, IS_LIVE, READ_RESULT, PanelPage, field_error_selector, field_selector,
    panel_pages,
)
from tests.site.sites import SOURCES, BuiltSite, SitePage
from tests.site.visits import PLAN_ARTICLE, WORDS, Seen

HELP = SOURCES["help"]
PLAN = SitePage("help", "en", PLAN_ARTICLE)

# Reads the loaded page: its language and title, the fonts of its text and of its
# panels' form controls, and each panel's result box.
READ_PAGE = f"""() => ({{
  lang: document.documentElement.lang,
  title: document.title,
  textFont: getComputedStyle(document.body).fontFamily,
  controlFonts: [...new Set([...document.querySelectorAll("[data-try-it] :is(input, select)")]
    .map((control) => getComputedStyle(control).fontFamily))],
  results: Object.fromEntries([...document.querySelectorAll("[data-try-it]")]
    .map((root) => [root.id, ({READ_RESULT})(root.querySelector("[data-result]"))])),
}})"""
LOADED = "(url) => location.href === url && document.readyState === 'complete' && document.body !== null"
READ_PANEL = f"(id) => ({READ_RESULT})(document.getElementById(id).querySelector('[data-result]'))"

# Whether the page's network has been quiet for 250 ms since its load (as Playwright's
# "networkidle" waits 500 ms): what comes late (Material's sitemaps, its search worker)
# is then in the tab's and the host's reports.
QUIET = """() => {
  const quiet = (window.__quiet ??= { count: -1, since: 0 });
  const count = performance.getEntriesByType("resource").length;
  if (count !== quiet.count) Object.assign(quiet, { count, since: performance.now() });
  return document.readyState === "complete" && performance.now() - quiet.since >= 250;
}"""

# Typing sends one input event per key, and the panel answers each, dropping answers that
# a newer input overtook, uncounted: "answered" means an answer counted after the LAST
# input event. Counted, not timed: Firefox's clock is coarse enough that a quick answer
# can bear the time of the input it answers. WATCH_EDIT starts watching a panel for one
# edit; EDIT_ANSWERED waits.
WATCH_EDIT = """(id) => {
  const root = document.getElementById(id);
  const edits = (window.__edits ??= new WeakMap());
  if (!edits.has(root)) {
    const edit = { inputs: 0, answeredAt: 0 };
    root.addEventListener("input", () => { edit.inputs += 1; }, true);
    new MutationObserver(() => { edit.answeredAt = edit.inputs; })
      .observe(root, { attributes: true, attributeFilter: ["data-evaluations"] });
    edits.set(root, edit);
  }
  Object.assign(edits.get(root), { inputs: 0, answeredAt: 0 });
}"""
EDIT_ANSWERED = """(id) => {
  const edit = window.__edits.get(document.getElementById(id));
  return edit.inputs > 0 && edit.answeredAt === edit.inputs;
}"""
# Whether an answer came after the last input; asked once the worker has answered a
# call made after that input (calls are answered in order), so nothing is on its way.
EDIT_STATE = """async (id) => {
  await window.tryItClient.evaluate("{}").catch(() => null);
  const edit = window.__edits.get(document.getElementById(id));
  return { hasInput: edit.inputs > 0, isAnswered: edit.inputs > 0 && edit.answeredAt === edit.inputs };
}"""
READ_FIELD = """([id, control, error]) => {
  const root = document.getElementById(id);
  const input = root.querySelector(control);
  const message = root.querySelector(error);
  return { value: input.value, isBadInput: input.validity.badInput,
           invalid: input.getAttribute("aria-invalid"), error: message.hidden ? null : message.textContent,
           evaluations: Number(root.dataset.evaluations || 0) };
}"""
# What a panel shows of itself, should it not answer: its state, its status line, the
# field's value and the worker's start (a call timed out restarts the worker).
PANEL_STATE = """(id) => {
  const root = document.getElementById(id);
  return { state: root.dataset.state, status: root.querySelector("[role=status]")?.textContent,
           evaluations: root.dataset.evaluations, starts: window.tryItClient.starts,
           ready: window.tryItClient.readyState };
}"""
COPY_JSON = "(id) => document.getElementById(id).dataset.copied"
LEAVE_PANELS = """() => {
  for (const root of document.querySelectorAll("[data-try-it]")) root.dataset.left = "";
}"""  # panels.py: leave_panels
FOLLOW_NAVIGATION = """(href) => {
  window.loadedOnce = true;
  const link = [...document.querySelectorAll(".md-sidebar--primary a.md-nav__link")]
    .find((a) => a.href === href);
  link.click();
}"""
ARRIVED = "([href, title]) => location.href === href && document.title === title"
SEARCH_RESULTS = """(expected) => {
  const links = [...document.querySelectorAll(".md-search-result__list a.md-search-result__link")];
  const paths = links.map((a) => new URL(a.href).pathname);
  return paths.includes(expected) && paths;
}"""

# A date typed three ways into an emptied date field (every part deleted, as a reader
# does): the date of DATE_TYPING, in the engines' en-US order.
DATE_PANEL = PanelPage(SitePage("help", "en", "gotomeeting-subscription.md"), 0, "add_subscription")
DATE_FIELD = "today"
DATE = "2027-01-15"
DATE_TYPING = {
    "digits": ("01152027",),
    "separators": ("01/15/2027",),
    "parts": ("01", "Tab", "15", "Tab", "2027"),
}
EMPTY_DATE = ("Backspace", "Tab", "Backspace", "Tab", "Backspace")

# The link of the link's visit: the plan change of PLAN_ARTICLE, with 12 seats.
LINKED = {
    "kind": "change_plan", "today": "2026-11-16",
    "account": {"type": "online", "role": "billing_contact"},
    "subscription": {"product": "gotoassist_rs5", "tier": "standard", "seats": 10,
                     "frequency": "monthly", "unit_price": "10.00", "currency": "USD",
                     "period_start": "2026-11-01", "status": "active"},
    "change": {"tier": "premium", "seats": 12, "unit_price": "20.00"},
}
SWITCHED_TO = "es"
# What the panel's worker asks of the host as it starts from the build's snapshot: its
# module, the snapshot, Pyodide's runtime as the build patched it, and its WebAssembly.
WORKER_FILES = (r"/worker\.js$", r"/python-snapshot\.\w+\.bin$", r"/pyodide\.asm\.\w+\.mjs$",
                r"/pyodide\.asm\.wasm$")



def panel_id(panel_page: PanelPage) -> str:
    return f"try-it-{panel_page.index}"


@dataclass
class Visitor:
    """A tab and the host's log of it, and what a check needs beside them."""

    tab: Tab
    log: HostLog
    built: BuiltSite

    def problems(self) -> list[str]:
        return self.tab.problems() + self.log.problems()

    def clear(self) -> None:
        self.tab.clear()
        self.log.clear()

    def load(self, site_page: SitePage) -> dict:
        url = self.built.url_of(site_page)
        self.tab.open(url)
        # NOTE: WebKitWebDriver can return from a page load while the document is still
        # being replaced (no body yet): the page is read once it is the one asked for.
        self.tab.wait_for(LOADED, url)
        seen = self.tab.evaluate(READ_PAGE)
        self.tab.wait_for(QUIET)
        return seen

    def follow(self, site_page: SitePage) -> dict:
        """Go to `site_page` through the site's navigation; say whether it was instant."""
        self.tab.evaluate(LEAVE_PANELS)
        url = self.built.url_of(site_page)
        self.tab.evaluate(FOLLOW_NAVIGATION, url)
        self.tab.wait_for(ARRIVED, [url, site_page.source.html_title(site_page.language,
                                                                     site_page.page)])
        return {"instant_navigation": self.tab.evaluate("() => window.loadedOnce === true")}

    def search(self, language: str) -> dict:
        article = SitePage("help", language, PLAN_ARTICLE)
        word = WORDS[language][0]
        self.tab.type("input.md-search__input", word)
        return {"word": word, "paths": self.tab.wait_for(SEARCH_RESULTS, "/" + article.path)}

    def change(self, ident: str, name: str, value: str) -> None:
        """Type or choose `value` in a field and wait until the panel has answered it."""
        selector = f"#{ident} {field_selector(name)}"
        self.tab.evaluate(WATCH_EDIT, ident)
        control = self.tab.evaluate(
            "(s) => { const c = document.querySelector(s); return c.type || c.tagName; }", selector)
        if control == "select-one":
            self.tab.select(selector, value)
        elif control in ("radio", "checkbox"):
            self.tab.click(f'#{ident} [name="{name}"][value="{value}"]')
        else:
            self.tab.type(selector, value)
        try:
            self.tab.wait_for(EDIT_ANSWERED, ident)
        except Exception as error:  # said again, with what the panel shows
            raise AssertionError(f"{ident} did not answer {name}={value}: "
                                 f"{self.tab.evaluate(PANEL_STATE, ident)}") from error

    def copy(self, ident: str) -> dict:
        """Press "Copy as JSON"; return the scenario it gave."""
        self.tab.click(f"#{ident} .try-it__copy")
        return json.loads(self.tab.evaluate(COPY_JSON, ident))

    def read_field(self, ident: str, name: str) -> dict:
        return self.tab.evaluate(READ_FIELD, [ident, field_selector(name),
                                              field_error_selector(name)])

    def panel(self, panel_page: PanelPage, worked_example: dict) -> dict:
        """Start the panel; a bad value, where a number is typed; then one edit."""
        ident = panel_id(panel_page)
        self.tab.wait_for(IS_LIVE, [ident, 1])
        seen = {"worked_example": worked_example, "live": self.tab.evaluate(READ_PANEL, ident)}
        if panel_page.kind in BAD_VALUES:
            name, value = BAD_VALUES[panel_page.kind]
            self.change(ident, name, value)
            seen["bad"] = {**self.read_field(ident, name), "copied": self.copy(ident)}
        name, value = EDITS[panel_page.kind]
        self.change(ident, name, value)
        seen["edited"] = {**self.read_field(ident, name), "copied": self.copy(ident),
                          "shown": self.tab.evaluate(READ_PANEL, ident)}
        return seen

    def type_date(self, way: str) -> dict:
        """Empty the date field part by part, then type DATE the `way` of DATE_TYPING."""
        ident = panel_id(DATE_PANEL)
        selector = f"#{ident} {field_selector(DATE_FIELD)}"
        self.tab.keys(selector, *EMPTY_DATE)
        before = self.read_field(ident, DATE_FIELD)
        self.tab.evaluate(WATCH_EDIT, ident)
        self.tab.keys(selector, *DATE_TYPING[way])
        edit = self.tab.evaluate(EDIT_STATE, ident)
        seen = {"emptied": before, **edit, "typed": self.read_field(ident, DATE_FIELD),
                "shown": self.tab.evaluate(READ_PANEL, ident)}
        if edit["isAnswered"]:
            seen["copied"] = self.copy(ident)
        return seen


def check(seen: dict, key, visitor: Visitor, make: Callable[[], dict]) -> bool:
    """Make one check, keep what it saw and the problems reported meanwhile; return
    whether it went through."""
    visitor.clear()
    try:
        facts = make()
    except Exception as error:  # noqa: BLE001 (the check's test reports it)
        seen[key] = Seen({}, visitor.problems(), error)
        return False
    seen[key] = Seen(facts, visitor.problems())
    return True


def visit_language(visitor: Visitor, language: str) -> dict:
    """Make the checks of a language's pages and panels (the module's docstring); return
    what each saw, by ("page", SitePage), ("search",), ("panel", PanelPage), ("date", way)."""
    seen: dict = {}
    pages = [SitePage("help", language, page) for page in HELP.pages]
    panels = panel_pages(language)
    with_panels = list(dict.fromkeys(panel.site_page for panel in panels))
    worked_examples: dict[PanelPage, dict] = {}

    def load(site_page: SitePage) -> dict:
        loaded = visitor.load(site_page)
        for panel in panels:
            if panel.site_page == site_page:
                worked_examples[panel] = loaded["results"][panel_id(panel)]
        return loaded

    for site_page in [page for page in pages if page != with_panels[0]] + with_panels[:1]:
        check(seen, ("page", site_page), visitor, lambda site_page=site_page: load(site_page))
        if site_page.page == "index.md" and language != HELP.docs.default_language:
            check(seen, ("search",), visitor, lambda: visitor.search(language))
    for site_page in with_panels:
        if site_page != with_panels[0]:
            arrived = check(seen, ("arrived", site_page), visitor,
                            lambda site_page=site_page: visitor.follow(site_page))
            if not arrived:
                continue
        for panel in [panel for panel in panels if panel.site_page == site_page]:
            check(seen, ("panel", panel), visitor,
                  lambda panel=panel: visitor.panel(panel, worked_examples[panel]))
            if panel == DATE_PANEL:
                for way in DATE_TYPING:
                    check(seen, ("date", way), visitor, lambda way=way: visitor.type_date(way))
    return seen


def visit_link(visitor: Visitor) -> dict:
    """Open a link to a panel in a fresh profile, then switch the language; return what
    each saw, by "opened" and "switched"."""
    seen: dict = {}
    tab = visitor.tab

    def opened() -> dict:
        tab.open(visitor.built.url_of(PLAN) + fragment(0, LINKED))
        tab.wait_for(IS_LIVE, ["try-it-0", 1])
        return {"fields": visitor.read_field("try-it-0", "change.seats"),
                "shown": tab.evaluate(READ_PANEL, "try-it-0"),
                "started_from": tab.evaluate("() => window.tryItClient.startedFrom"),
                "requested": visitor.log.requested()}

    def switched() -> dict:
        tab.evaluate(LEAVE_PANELS)
        tab.hover(".md-header .md-select")
        tab.click(f'.md-header a.md-select__link[hreflang="{SWITCHED_TO}"]')
        tab.wait_for("(lang) => document.documentElement?.lang === lang", SWITCHED_TO)
        tab.wait_for(IS_LIVE, ["try-it-0", 1])
        return {"url": tab.url(), "fields": visitor.read_field("try-it-0", "change.seats"),
                "shown": tab.evaluate(READ_PANEL, "try-it-0")}

    if check(seen, "opened", visitor, opened):
        check(seen, "switched", visitor, switched)
    return seen


class EngineRun:
    """The engines' browsers, each launched once, on first use; a tab of each that goes from
    one visit to the next; and the visits, each made when a test first asks what it saw."""

    def __init__(self, built: Callable[[], BuiltSite]) -> None:
        self.built = built  # the site, built when first needed
        self.browsers: dict = {}
        self.visitors: dict[str, Visitor] = {}
        self.made: dict[tuple[str, str], dict] = {}

    def browser(self, engine: str):
        if engine not in self.browsers:
            self.browsers[engine] = launch(engine)
        return self.browsers[engine]

    def visitor(self, engine: str) -> Visitor:
        """Return the engine's tab for the visits."""
        if engine not in self.visitors:
            self.visitors[engine] = self.new_visitor(engine)
        return self.visitors[engine]

    def new_visitor(self, engine: str, **cookies: str) -> Visitor:
        built = self.built()
        tab = self.browser(engine).tab(built.url, **cookies)
        return Visitor(tab, HostLog(built.url, tab.user_agent), built)

    @contextmanager
    def fresh(self, engine: str, **cookies: str) -> Iterator[Visitor]:
        """Yield a tab with a fresh profile, and the host's `cookies` (tests/site/host.py)."""
        visitor = self.new_visitor(engine, **cookies)
        try:
            yield visitor
        finally:
            visitor.tab.close()

    def seen(self, engine: str, visit: str, key) -> Seen:
        """Return what the check `key` of the visit `visit` (a language, or "link") saw."""
        if (engine, visit) not in self.made:
            if visit == "link":
                with self.fresh(engine) as visitor:
                    self.made[engine, visit] = visit_link(visitor)
            else:
                self.made[engine, visit] = visit_language(self.visitor(engine), visit)
        made = self.made[engine, visit]
        assert key in made, f"{key} was not checked in the visit {visit}"
        if made[key].error is not None:
            raise made[key].error
        return made[key]

    def close(self) -> None:
        for visitor in self.visitors.values():
            visitor.tab.close()
        for browser in self.browsers.values():
            browser.quit()
