"""Fixtures: the built sites, each built and served once per run (by whichever xdist
worker needs it first), and a browser whose contexts record what their pages request
(tests/site/sites.py has the details).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.site.axe import AXE
from tests.site.engine_visits import EngineRun
from tests.site.panels import PanelPage, StartedPanels
from tests.site.sites import SOURCES, BuiltSite, SitePage, Traffic, shared_site, stop_hosts
from tests.site.visits import FORGET_PALETTE, Seen, Tabs, Visits, visit


@pytest.fixture(scope="session")
def built_sites(run_folder, run_pid: int) -> Iterator[dict[str, BuiltSite]]:
    """Return the built sites by name, each built on first use, once for the whole run."""

    class Lazy(dict):
        def __missing__(self, name: str) -> BuiltSite:
            self[name] = shared_site(SOURCES[name], run_folder, run_pid)
            return self[name]

    yield Lazy()
    if run_pid == os.getpid():  # the whole run is this process: its hosts end with it
        stop_hosts()


@pytest.fixture
def built(built_sites, site_page: SitePage) -> BuiltSite:
    """Return the built site that `site_page` (the test's parameter) belongs to."""
    return built_sites[site_page.site]


# ---------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium (CHROMIUM_PATH elsewhere), kept from calling home."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def traffic() -> Traffic:
    return Traffic()


def new_context(browser: Browser, traffic: Traffic, **options) -> BrowserContext:
    return traffic.watch(browser.new_context(**options))


@pytest.fixture(scope="session")
def light_context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    """The context most tests share: JavaScript on, light colour scheme."""
    context = new_context(browser, traffic, color_scheme="light")
    yield context
    context.close()


@pytest.fixture(scope="session")
def dark_context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    context = new_context(browser, traffic, color_scheme="dark")
    yield context
    context.close()


@pytest.fixture(scope="session")
def no_script_context(browser: Browser, traffic: Traffic) -> Iterator[BrowserContext]:
    context = new_context(browser, traffic, java_script_enabled=False)
    yield context
    context.close()


def checked_page(context: BrowserContext, traffic: Traffic) -> Iterator[Page]:
    """Yield a new page; after the test, fail on anything it requested off the site or in vain."""
    traffic.clear()
    page = context.new_page()
    page.set_default_timeout(10_000)  # pages are local: fail fast
    yield page
    page.close()
    assert traffic.problems() == []


@pytest.fixture
def page(light_context: BrowserContext, traffic: Traffic) -> Iterator[Page]:
    yield from checked_page(light_context, traffic)


@pytest.fixture
def dark_page(dark_context: BrowserContext, traffic: Traffic) -> Iterator[Page]:
    yield from checked_page(dark_context, traffic)


@pytest.fixture
def no_script_page(no_script_context: BrowserContext, traffic: Traffic) -> Iterator[Page]:
    yield from checked_page(no_script_context, traffic)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text("utf-8")


# ---------------------------------------------------------------------------
# A panel started once for the tests that only read it (tests/site/panels.py)


@pytest.fixture(scope="session")
def started_panels(browser: Browser) -> Iterator[StartedPanels]:
    traffic = Traffic()
    context = new_context(browser, traffic, color_scheme="light")
    started = StartedPanels(context, traffic)
    yield started
    started.close()
    context.close()


@pytest.fixture
def live_panel(started_panels: StartedPanels, built_sites, panel_page: PanelPage) -> Iterator[Page]:
    """Return a page at `panel_page` (the test's parameter) with its panel live, loaded and
    started once for the consecutive tests of that panel; fail on anything the page
    requested off the site or in vain, from its load to the end of the test."""
    yield started_panels.page_of(panel_page, built_sites["help"])
    assert started_panels.traffic.problems() == []


# ---------------------------------------------------------------------------
# One visit per page for the page checks (tests/site/visits.py)


@pytest.fixture(scope="session")
def visit_tabs(browser: Browser, traffic: Traffic) -> Iterator[Tabs]:
    """The tabs of the visits, in contexts of their own: with scripts, where each page
    opens with no palette kept from the last, and without."""
    contexts = [new_context(browser, traffic), new_context(browser, traffic,
                                                           java_script_enabled=False)]
    contexts[0].add_init_script(FORGET_PALETTE)
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(10_000)  # pages are local: fail fast
    yield Tabs(*pages)
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page_visits(request: pytest.FixtureRequest, built_sites, visit_tabs: Tabs,
                traffic: Traffic, axe_source: str) -> Visits:
    """Return the pages' visits, each making the checks that the run's tests of the page ask
    for (by their `page_checks` marker)."""
    checks: dict[SitePage, set[str]] = defaultdict(set)
    for item in request.session.items:
        marker = item.get_closest_marker("page_checks")
        if marker is not None:
            checks[item.callspec.params["site_page"]].update(marker.args)

    def make(site_page: SitePage) -> dict[str, Seen]:
        return visit(visit_tabs, traffic, built_sites[site_page.site], site_page,
                     checks[site_page], axe_source)

    return Visits(make)


@pytest.fixture
def seen(page_visits: Visits, site_page: SitePage) -> Callable[[str], Seen]:
    """Return what a check saw on `site_page` (the test's parameter) in the page's visit."""
    return lambda check: page_visits.seen(site_page, check)


# ---------------------------------------------------------------------------
# Firefox and WebKit (tests/site/engine_visits.py)


@pytest.fixture(scope="session")
def engines(built_sites) -> Iterator[EngineRun]:
    """Return the run's Firefox and WebKit, each launched on first use, and their visits."""
    run = EngineRun(lambda: built_sites["help"])
    yield run
    run.close()
