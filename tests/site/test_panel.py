"""The "Try it" panels in Chromium, on the site's own Pyodide: live results, errors, links."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from contextlib import suppress
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.site.axe import axe_violations
from tests.site.links import fragment
from tests.site.panels import (
    BUNDLE, START_MS, PanelPage, by_panel, change, comparable, copied_scenario, evaluations,
    field, field_error, leave_panels, normalized, panel, panel_pages, panel_workers, result,
    wait_live,
)
from tests.site.sites import ROOT, SOURCES, BuiltSite, SitePage
from tests.site.visits import PLAN_ARTICLE

pytestmark = pytest.mark.browser

HELP = SOURCES["help"]
ENGLISH_PANELS = panel_pages("en")
PLAN_CHANGES = [p for p in panel_pages() if p.kind == "change_plan"]


def static_result(no_script_page: Page, built: BuiltSite, panel_page: PanelPage) -> dict:
    no_script_page.goto(built.url_of(panel_page.site_page))
    return result(panel(no_script_page, panel_page.index))


def test_every_kind_has_a_panel_in_an_article():
    kinds = {p.kind for p in ENGLISH_PANELS}
    assert kinds == {"change_plan", "convert_trial", "add_subscription",
                     "remove_pending_cancellation", "find_billing_contact", "route_request"}


@pytest.mark.parametrize(**by_panel(ENGLISH_PANELS))
def test_live_panel_gives_the_worked_example(live_panel: Page, no_script_page: Page, built_sites,
                                             panel_page: PanelPage):
    """Every kind, in English: the panel starts, and its live answer is the static one."""
    built = built_sites["help"]
    expected = static_result(no_script_page, built, panel_page)
    assert expected["origin"] == "static"
    live = result(wait_live(live_panel, panel_page.index))
    assert live["origin"] == "live"
    assert comparable(live) == comparable(expected)


@pytest.mark.parametrize(**by_panel(PLAN_CHANGES))
def test_plan_change_quotes_and_draws_the_period(live_panel: Page, no_script_page: Page,
                                                 built_sites, panel_page: PanelPage):
    """Every language: the quote of the worked example, and a timeline of both periods."""
    built = built_sites["help"]
    expected = static_result(no_script_page, built, panel_page)
    page = live_panel
    root = wait_live(page, panel_page.index)
    live = result(root)
    if panel_page.site_page.page == PLAN_ARTICLE:  # the article's own worked example
        assert live["amounts"] == {"credit": "50.00", "charge": "200.00",
                                   "balance_applied": "0.00", "amount_due": "150.00",
                                   "balance_after": "0.00"}
    assert live["period"] == [["2026-11-16", "2026-12-16"]]
    assert comparable(live) == comparable(expected)
    timeline = root.locator("svg.try-it__timeline")
    assert timeline.get_attribute("role") == "img"
    for part in ("used", "credited", "new", "today"):
        assert timeline.locator(f".try-it__timeline-{part}").count() == 1
    # The amounts as the reader's locale writes them, by the browser's Intl.
    shown = normalized(root.locator('[data-row="amount_due"] td').inner_text())
    formatted = normalized(page.evaluate(
        "([lang, amount]) => new Intl.NumberFormat(lang, {style: 'currency', currency: 'USD'})"
        ".format(amount)", [panel_page.site_page.language, float(live["amounts"]["amount_due"])]))
    assert shown == formatted


def test_a_change_recomputes_the_quote(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = wait_live(page)
    change(page, root, "change.seats", "12")
    assert result(root)["amounts"]["charge"] == "240.00"
    assert result(root)["amounts"]["amount_due"] == "190.00"


@pytest.mark.parametrize("value,code_text", [("abc", "whole number"), ("0", "at least 1"),
                                             ("2.5", "whole number"), ("99999", "at most")])
def test_a_bad_value_shows_its_error_and_keeps_what_was_typed(page: Page, built_sites,
                                                              value, code_text):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = wait_live(page)
    change(page, root, "subscription.seats", value)
    error = field_error(root, "subscription.seats")
    assert error.is_visible() and code_text in error.inner_text()
    assert field(root, "subscription.seats").input_value() == value
    assert field(root, "subscription.seats").get_attribute("aria-invalid") == "true"
    assert root.get_attribute("data-state") == "ready"
    # Mended, the error goes and the result comes back.
    change(page, root, "subscription.seats", "10")
    assert not error.is_visible()
    assert result(root)["amounts"]["amount_due"] == "150.00"


def test_a_bad_value_speaks_the_pages_language(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "de", PLAN_ARTICLE)))
    root = wait_live(page)
    change(page, root, "subscription.unit_price", "-5")
    assert "negativ" in field_error(root, "subscription.unit_price").inner_text()



def test_a_deep_link_restores_the_scenario_also_in_another_language(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = wait_live(page)
    change(page, root, "change.seats", "12")
    page.wait_for_url(re.compile(r"#try-it-0="))  # the address follows once typing pauses
    link = page.url

    page.goto("about:blank")
    page.goto(link)
    root = wait_live(page)
    assert field(root, "change.seats").input_value() == "12"
    assert result(root)["amounts"]["charge"] == "240.00"

    leave_panels(page)
    switcher = page.locator(".md-select", has=page.locator("a[hreflang]"))
    switcher.hover()
    switcher.locator('a[hreflang="es"]').click()
    page.wait_for_url(re.compile(r"/es/change-plan-gotoassist\.html#try-it-0="))
    root = wait_live(page)
    assert page.locator("html").get_attribute("lang") == "es"
    assert field(root, "change.seats").input_value() == "12"
    assert result(root)["amounts"]["charge"] == "240.00"
    assert "Pagar" in " ".join(text for _, text in result(root)["steps"])


def test_a_broken_link_keeps_the_example(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)) + "#try-it-0=%%%not-base64")
    root = panel(page)
    root.scroll_into_view_if_needed()
    assert "could not be read" in root.locator("[data-link-problem]").inner_text()
    root = wait_live(page)
    assert result(root)["amounts"]["amount_due"] == "150.00"


def test_a_link_with_bad_values_shows_them_at_the_fields(page: Page, built_sites):
    built = built_sites["help"]
    scenario = {"kind": "change_plan", "today": "2026-11-16",
                "account": {"type": "online", "role": "billing_contact"},
                "subscription": {"product": "gotoassist_rs5", "tier": "standard", "seats": "ten",
                                 "frequency": "monthly", "unit_price": "10.00", "currency": "USD",
                                 "period_start": "2026-11-01", "status": "active"},
                "change": {"unit_price": "-1"}}
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)) + fragment(0, scenario))
    root = panel(page)
    page.wait_for_function("() => document.getElementById('try-it-0').dataset.state === 'ready'",
                           timeout=START_MS)
    assert field(root, "subscription.seats").input_value() == "ten"
    assert field_error(root, "subscription.seats").is_visible()
    assert field_error(root, "change.unit_price").is_visible()


def test_instant_navigation_keeps_the_started_runtime(page: Page, built_sites):
    """The next article's panel is ready at once: one Pyodide start for the visit."""
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    wait_live(page)
    page.evaluate("window.loadedOnce = true")
    leave_panels(page)
    target = SitePage("help", "en", "billing-contact.md")
    page.locator(f'.md-sidebar--primary a.md-nav__link[href="{built.url_of(target)}"]').click()
    page.wait_for_url(built.url_of(target))
    assert page.evaluate("window.loadedOnce === true"), "not an instant navigation"
    root = wait_live(page)
    assert result(root)["verdict"] == "undetermined"
    assert page.evaluate("window.tryItClient.starts") == 1
    assert page.locator("html").get_attribute("data-try-it-starts") == "1"


def test_copied_json_gives_the_same_answer_on_the_command_line(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "it", PLAN_ARTICLE)))
    root = wait_live(page)
    change(page, root, "change.seats", "12")
    scenario = copied_scenario(root)
    assert scenario["locale"] == "it" and scenario["change"]["seats"] == 12
    done = subprocess.run([sys.executable, "-m", "simulator", "evaluate", "-"], cwd=ROOT,
                          input=json.dumps(scenario), capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    shown = result(root)
    assert answer["quote"]["amount_due"] == shown["amounts"]["amount_due"]
    assert [[s["id"], s["text"]] for s in answer["steps"]] == shown["steps"]
    assert [[n["id"], n["text"]] for n in answer["notices"]] == shown["notices"]


# Logs, in order, the page's questions to a worker and the workers' "ready".
WORKER_LOG = """
window.workerLog = [];
const { postMessage } = Worker.prototype;
Worker.prototype.postMessage = function (data, ...rest) {
  if (data?.id) window.workerLog.push("question");
  return postMessage.call(this, data, ...rest);
};
window.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", ({ data }) => {
      if (data.type === "ready") window.workerLog.push("ready");
    });
  }
};
"""


def test_the_panel_starts_from_the_builds_snapshot(page: Page, built_sites):
    """Restored, not started: no standard library, no wheel fetched, and the right answers.
    The panel's first question goes to the worker before it is ready, not after."""
    built = built_sites["help"]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.add_init_script(WORKER_LOG)
    page.goto(built.url_of(SitePage("help", "pt-BR", PLAN_ARTICLE)))
    root = wait_live(page)
    log = page.evaluate("window.workerLog")
    assert log.index("question") < log.index("ready"), log
    assert page.evaluate("window.tryItClient.startedFrom") == "snapshot"
    assert not [url for url in fetched if re.search(r"/python_stdlib\.|\.whl$|/simulator-bytecode\.", url)]
    change(page, root, "change.seats", "12")
    assert result(root)["amounts"]["charge"] == "240.00"


# What the worker fetches to start Python: Pyodide's loader, runtime and wasm, the snapshot.
PYTHON_FILES = re.compile(r"/pyodide\.(mjs|asm\.)|/python-snapshot\.")


def test_a_link_to_a_panel_starts_its_worker_at_once_and_holds_it_for_the_page(
        page: Page, built_sites):
    """The page starts the worker for a link to a panel; the worker loads its own
    modules but fetches nothing of Python's while the page sets itself up: panel.js,
    held back here, releases it once the page is set up, and adopts it:
    one worker, one start."""
    built = built_sites["help"]
    held, requested = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.route(BUNDLE + "panel.js", lambda route: held.append(route))
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE))
              + fragment(0, {"change": {"seats": 12}}), wait_until="commit")
    # The worker's own modules are in (runtime.js is worker.js's import), panel.js held.
    for _ in range(START_MS // 50):
        if held and any(url.endswith("/runtime.js") for url in requested):
            break
        page.wait_for_timeout(50)
    assert held and panel_workers(page)
    assert not [url for url in requested if PYTHON_FILES.search(url)]
    held[0].continue_()
    root = wait_live(page)
    assert field(root, "change.seats").input_value() == "12"
    assert result(root)["amounts"]["charge"] == "120.00"  # 12 seats at the preset's 10.00
    phases = page.evaluate("window.tryItClient.startPhases")
    assert "holdExpired" not in phases
    set_up = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    assert set_up <= phases["released"] < phases["wasm"]
    assert page.evaluate("window.tryItClient.starts") == 1
    assert page.evaluate("window.tryItEarlyStart") is None
    assert len(panel_workers(page)) == 1


def test_a_held_worker_starts_by_itself_when_the_page_never_releases_it(page: Page,
                                                                         built_sites):
    """The hold is bounded: with panel.js held back until the worker has spoken (its
    hold over), the worker starts anyway, and panel.js adopts it with the messages it
    sent meanwhile."""
    built = built_sites["help"]
    held = []
    page.route(BUNDLE + "panel.js", lambda route: held.append(route))
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE))
              + fragment(0, {"change": {"seats": 12}}), wait_until="commit")
    page.wait_for_function("() => window.tryItEarlyStart?.events.length > 0", timeout=START_MS)
    for _ in range(START_MS // 50):  # Playwright hands the held request over with page events
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    root = wait_live(page)
    assert result(root)["amounts"]["charge"] == "120.00"
    assert "holdExpired" in page.evaluate("window.tryItClient.startPhases")
    assert page.evaluate("window.tryItClient.starts") == 1
    assert len(panel_workers(page)) == 1


def test_an_article_opened_plainly_starts_no_worker_until_its_panel_is_seen(page: Page,
                                                                             built_sites):
    built = built_sites["help"]
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)), wait_until="networkidle")
    assert page.evaluate("window.tryItEarlyStart") is None
    assert not panel_workers(page)
    assert page.locator("html").get_attribute("data-try-it-starts") is None
    # Every module the panel script imports was asked for from the head, beside it.
    preloaded = page.eval_on_selector_all('link[rel="modulepreload"]', "links => links.map(l => l.href)")
    modules = [url for url in requested if re.search(r"/bundle\.[0-9a-f]+/\w+\.js$", url)]
    assert sorted(modules) == sorted([*preloaded, *[url for url in modules if url.endswith("/panel.js")]])
    assert len(preloaded) >= 2


def runtime_with(script: str, problem: str) -> str:
    """The bundle's runtime.js (the build's facts for the worker) with the snapshot's metadata altered."""
    if problem == "base pages":
        altered = re.sub(r'"base_hash":"[0-9a-f]{8}"', '"base_hash":"00000000"', script)
    else:  # the answer the restored simulator is checked against
        altered = re.sub(r'("result":"(?:[^"\\]|\\.)*?)self_service', r"\1not_possible", script,
                         count=1)
    assert altered != script
    return altered


SNAPSHOT_PROBLEMS = {"missing": "HTTP 404", "truncated": "pages are incomplete",
                     "stalled": "stalled", "base pages": "start differs",
                     "self-check": "answers differently"}


@pytest.mark.parametrize("problem", SNAPSHOT_PROBLEMS)
def test_a_snapshot_that_does_not_restore_gives_way_to_a_normal_start(
        page: Page, built_sites, traffic, problem: str):
    """Whatever goes wrong with the snapshot, the panel starts Python from scratch.

    The altered files are answered at once from the built site, and small (a
    truncated snapshot is cut after its first page): nothing large goes through the
    test, so the only waits are the panel's own. A stalled download never answers:
    the worker gives it up (STALL_MS in worker.js) and starts from scratch.
    """
    built = built_sites["help"]
    stalled = []

    def answer(route):
        file = built.root / urlsplit(route.request.url).path.lstrip("/")
        if problem == "missing":
            route.fulfill(status=404, body="")
        elif problem == "truncated":
            route.fulfill(status=200, content_type="application/octet-stream",
                          body=file.read_bytes()[:4096])
        elif problem == "stalled":
            stalled.append(route)
        else:
            route.fulfill(status=200, content_type="text/javascript",
                          body=runtime_with(file.read_text("utf-8"), problem))

    pattern = (BUNDLE + "runtime.js" if problem in ("base pages", "self-check")
               else "**/assets/try-it/python-snapshot.*.bin")
    page.context.route(pattern, answer)
    try:
        page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
        root = wait_live(page)
        started = page.evaluate("window.tryItClient.startedFrom")
        assert started.startswith("scratch (snapshot: ")
        assert SNAPSHOT_PROBLEMS[problem] in started
        change(page, root, "change.seats", "12")
        assert result(root)["amounts"]["charge"] == "240.00"
    finally:
        page.context.unroute(pattern)
        for route in stalled:
            with suppress(PlaywrightError):  # the worker gave it up
                route.abort()
    traffic.clear()  # the refused snapshot is this test's doing


@pytest.fixture
def wasm_blocked_page(page: Page) -> Page:
    """A page whose WebAssembly downloads are refused, as a strict proxy would."""
    page.context.route("**/*.wasm", lambda route: route.abort("blockedbyclient"))
    yield page
    page.context.unroute("**/*.wasm")


def test_a_failed_start_ends_in_the_error_state_and_keeps_the_example(
        wasm_blocked_page: Page, built_sites, traffic):
    page = wasm_blocked_page
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = panel(page)
    root.scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('try-it-0').dataset.state === 'error'",
                           timeout=START_MS)
    assert root.locator("[data-result]").get_attribute("data-origin") == "static"
    assert root.locator(".try-it__retry").is_visible()
    assert "could not start" in root.locator("[data-status]").inner_text()
    traffic.clear()  # the refused download is this test's doing


def test_amounts_are_typed_the_readers_way(page: Page, built_sites):
    """Italian readers see and type a decimal comma; the scenario gets the contract's point."""
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "it", PLAN_ARTICLE)))
    root = wait_live(page)
    assert field(root, "subscription.unit_price").input_value() == "10,00"
    change(page, root, "change.unit_price", "12,50")
    assert result(root)["amounts"]["charge"] == "125.00"
    assert copied_scenario(root)["change"]["unit_price"] == "12.50"


# ---------------------------------------------------------------------------
# Keyboard and accessibility, in every state of a panel

FOCUS_STATE = """() => {
  const active = document.activeElement;
  const box = active.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const style = getComputedStyle(active);
  return {
    inPanel: Boolean(active.closest("[data-try-it]")),
    name: active.name || active.className || active.tagName,
    top: box.top, headerBottom: header.bottom,
    outline: parseFloat(style.outlineWidth) > 0 && style.outlineStyle !== "none",
  };
}"""


@pytest.mark.parametrize(**by_panel(ENGLISH_PANELS))
def test_keyboard_walk_through_the_panel(live_panel: Page, panel_page: PanelPage):
    """Tab through every control: each shows its focus, clear of the sticky header."""
    page = live_panel
    root = wait_live(page, panel_page.index)
    controls = root.locator("input:not([type=radio]):visible, select:visible, button:visible, "
                            "fieldset.try-it__field--radio:visible, a:visible")
    expected = controls.count()
    root.locator("input, select").first.focus()
    page.evaluate("() => window.scrollTo(0, 0)")
    root.locator("input, select").first.focus()  # from the top of the page
    seen = []
    for _ in range(expected + 10):
        state = page.evaluate(FOCUS_STATE)
        if not state["inPanel"]:
            break
        assert state["outline"], f"{state}: no visible focus"
        assert state["top"] >= state["headerBottom"], f"{state['name']}: under the header"
        seen.append(state["name"])
        page.keyboard.press("Tab")
    assert len(seen) >= 3 and any("try-it__copy" in name for name in seen)


def test_keyboard_changes_a_value_and_the_result_follows(page: Page, built_sites):
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = wait_live(page)
    field(root, "change.frequency").focus()
    for _ in range(2):  # "No change" → "Monthly" → "Annual", each answered before the next key
        before = evaluations(root)
        page.keyboard.press("ArrowDown")
        page.wait_for_function("([id, n]) => Number(document.getElementById(id).dataset.evaluations) > n",
                               arg=["try-it-0", before])
    assert field(root, "change.frequency").input_value() == "annual"
    assert result(root)["period"] == [["2026-11-16", "2027-11-16"]]
    assert "Copy as JSON" in root.locator(".try-it__copy").inner_text()
    status = root.locator("[data-status]")
    assert status.get_attribute("role") == "status"  # results are announced
    assert status.inner_text().startswith(result(root)["summary"])
    assert "Amount due today: $" in status.inner_text()  # the figure, beside the form


def axe(page: Page, axe_source: str) -> list[str]:
    return axe_violations(page, axe_source)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_panel_state(request, built_sites, axe_source, scheme):
    page: Page = request.getfixturevalue("page" if scheme == "light" else "dark_page")
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = panel(page)
    assert root.get_attribute("data-state") == "idle"
    assert axe(page, axe_source) == [], "idle"
    root = wait_live(page)
    assert axe(page, axe_source) == [], "ready"
    change(page, root, "subscription.seats", "abc")
    assert axe(page, axe_source) == [], "with a field error"
    change(page, root, "subscription.seats", "10")
    page.context.grant_permissions([])  # no clipboard: the JSON is shown instead
    root.locator(".try-it__copy").click()
    root.locator(".try-it__json").wait_for()
    assert axe(page, axe_source) == [], "with the copied JSON shown"


def test_axe_finds_nothing_while_loading_or_failed(wasm_blocked_page: Page, built_sites,
                                                  axe_source, traffic):
    page = wasm_blocked_page
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = panel(page)
    root.scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('try-it-0').dataset.state !== 'idle'")
    assert root.get_attribute("data-state") in {"loading", "error"}
    assert axe(page, axe_source) == [], "loading"
    page.wait_for_function("() => document.getElementById('try-it-0').dataset.state === 'error'",
                           timeout=START_MS)
    assert axe(page, axe_source) == [], "failed"
    traffic.clear()


def test_a_runaway_evaluation_is_timed_out_and_the_next_call_answers(page: Page, built_sites):
    """A worker that never answers is replaced: the reader is told, and the next change works."""
    built = built_sites["help"]
    page.goto(built.url_of(SitePage("help", "en", PLAN_ARTICLE)))
    root = wait_live(page)
    (worker,) = panel_workers(page)
    closed = []
    worker.on("close", lambda closing: closed.append(closing))
    # The worker's thread spins for ten minutes: from the page, a call that never returns.
    worker.evaluate("() => { setTimeout(() => { const end = Date.now() + 600000;"
                    " while (Date.now() < end) {} }, 0); }")
    field(root, "change.seats").fill("11")
    page.wait_for_function("() => window.tryItClient.starts === 2", timeout=START_MS)
    assert "restarted" in root.locator("[data-status]").inner_text()
    assert root.get_attribute("data-state") == "ready"
    change(page, root, "change.seats", "12")
    assert result(root)["origin"] == "live"
    assert copied_scenario(root)["change"]["seats"] == 12
    if not closed:  # the browser reports the end of a terminated thread a little later
        with worker.expect_event("close", timeout=10_000):
            pass
    assert closed, "the runaway worker was not terminated"
