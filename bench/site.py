"""Benchmark of the site and its "Try it" panel, against stock Pyodide, in three engines.

    python bench/site.py [--rounds 5] [--engine chromium|firefox|webkit|all] [--against SITE]

Builds the site, serves it as a production static host would (tools/static_server.py:
`application/wasm`, pre-compressed `.br`/`.gz`, cache headers), and measures in one
run, cells rotated within each round, medians over the rounds:

  B0  stock `loadPyodide()` + `runPython("1")` in a module worker, cold: the baseline
      (the npm package's files as they come, from the same server), in each engine
  B1  the panel, cold: navigation start to the first live result shown
  B2  the same after a full page load with a warm cache
  start on view: the article opened plainly, then its panel scrolled into view: from
      the scroll to the first live result
  B3  after an instant navigation to another article: from the end of Material's page
      swap (its document$, where the panel first sees the page) to the live result,
      and from the reader's click
  B4  a re-evaluation after one input change: p50 and p95 (a second after the start)
  B5  the longest main-thread task from navigation until the panel is ready, and on
      the same article with the panel's scripts refused (Material's own), from a
      Chromium trace: their paired difference is the panel's, in duration and in the
      most CPU time a task took (a task longer for no more CPU time waited for a
      core: the panel's worker starts beside the page)
  B6  bytes an article transfers before the panel starts, and the panel's start
  B7  when the static worked example is first painted, against the first contentful
      paint, on the article opened at its panel (#try-it-0, cold)
  B8  a full `mkdocs build`, and the rebuild after one page edit under `mkdocs serve`

B0, B1, B2 and the start on view are measured in every engine asked for; the rest in
Chromium. Chromium runs through Playwright, every cold cell in a new browser with an
empty profile (no HTTP or code cache); Firefox ESR and WebKitGTK through the tests'
driver (tests/site/engines.py), every cold cell in a new tab with an empty profile.
--against SITE also measures a site built elsewhere (another revision, say; built with
SITE_URL http://127.0.0.1:PORT/ and served here at that address, which its sitemap
gives, for Material's instant navigation follows only the sitemap's links) in the same
rounds, and prints each figure's ratio to it, paired within a round. It ends with one
line per target, `target <name> <value> <limit> PASS|FAIL`, and exits 0 either way: it
is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, sync_playwright

from bench.simulator import percentile
from tests.site.engines import launch
from tests.site.links import fragment
from tools.static_server import serve

PYODIDE = ROOT / "node_modules" / "pyodide"
ARTICLE = "change-plan-gotoassist.html"  # its panel, a plan change, is below the fold
NEXT_ARTICLE = "subscribe-after-free-trial.html"
# B1, B2, B7 open the article as a reader opens a scenario someone shared: 12 seats
# instead of 10 (the panel writes such links; tests/site/test_panel.py reads them).
SHARED_LINK = fragment(0, {
    "kind": "change_plan", "today": "2026-11-16",
    "account": {"type": "online", "role": "billing_contact"},
    "subscription": {"product": "gotoassist_rs5", "tier": "standard", "seats": 12,
                     "frequency": "monthly", "unit_price": "10.00", "currency": "USD",
                     "period_start": "2026-11-01", "status": "active"},
    "change": {"tier": "premium", "unit_price": "20.00"},
})
EDITED_PAGE = ROOT / "docs" / "en" / "glossary.md"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 60_000
ENGINES = ("chromium", "firefox", "webkit")
# Stock Pyodide takes a minute in WebKit on a loaded machine.
ENGINE_TIMEOUT_S = 240

BASELINE_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Stock Pyodide</title>
<script type="module">
  const worker = new Worker("./worker.mjs", { type: "module" });
  worker.onmessage = ({ data }) => { window.firstResult = performance.now(); window.answer = data; };
</script>"""
BASELINE_WORKER = """import { loadPyodide } from "./pyodide.mjs";
const pyodide = await loadPyodide();
postMessage(String(pyodide.runPython("1")));"""

# Records, from the first script on, when the panel shows a live result and is ready,
# and when the static example was painted.
PROBES = """(() => {
  const marks = window.benchMarks = { examplePaint: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === "try-it-example") marks.examplePaint ??= entry.renderTime;
    }
  }).observe({ type: "element", buffered: true });
  const seen = () => {
    const live = document.querySelector(
      '[data-try-it]:not([data-left])[data-state="ready"] [data-origin="live"]');
    if (live && marks.firstLive === undefined) marks.firstLive = performance.now();
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true,
                                                 attributes: true, attributeFilter: ["data-state"] });
})();"""

FIRST_PAINT = """() => {
  const paints = Object.fromEntries(performance.getEntriesByType("paint")
    .map((entry) => [entry.name, entry.startTime]));
  return paints["first-contentful-paint"] ?? null;
}"""

# Changes the seats, then resolves with the milliseconds until the panel has answered.
REEVALUATE = """async (seats) => {
  const root = document.getElementById("try-it-0");
  const input = root.querySelector('[name="change.seats"]');
  const before = Number(root.dataset.evaluations);
  const answered = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (Number(root.dataset.evaluations) > before) { observer.disconnect(); resolve(); }
    });
    observer.observe(root, { attributes: true, attributeFilter: ["data-evaluations"] });
  });
  const start = performance.now();
  input.value = String(seats);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await answered;
  return performance.now() - start;
}"""

# The panel's own User Timing marks (overrides/try-it/form.js, panel.js).
# A site without the first mark (an older revision, for --against): when the live
# answer is seen, which the engines' wait_for checks on every DOM change.
FIRST_LIVE = """() => performance.getEntriesByName("try-it:first-live")[0]?.startTime
  ?? (document.querySelector('[data-try-it][data-state="ready"] [data-origin="live"]')
      ? performance.now() : undefined)"""
LAST_PAGE = "() => performance.getEntriesByName('try-it:page').at(-1)?.startTime"
# Scrolls the panel into view; returns when, on the page's clock.
SCROLL_TO_PANEL = """() => {
  document.getElementById("try-it-0").scrollIntoView();
  return performance.now();
}"""

PANEL_LIVE = """() => {
  const root = document.getElementById("try-it-0");
  return root && root.dataset.state === "ready"
    && root.querySelector("[data-result]").dataset.origin === "live";
}"""


def median(values: list[float]) -> float:
    return statistics.median(values)


# ---------------------------------------------------------------------------
# Building and serving


def build_site(out: Path, url: str) -> float:
    """Build the site for `url` into `out`; return the seconds it took."""
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def baseline_site(out: Path) -> None:
    """Stock Pyodide: the npm package's own files, as they come, and a page that starts it."""
    out.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"):
        shutil.copyfile(PYODIDE / name, out / name)
    (out / "index.html").write_text(BASELINE_PAGE, "utf-8")
    (out / "worker.mjs").write_text(BASELINE_WORKER, "utf-8")


def built_for(site: Path) -> str:
    """Return the address a built site was built for (its SITE_URL), from its sitemap."""
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    first = sitemap[sitemap.index("<loc>") + len("<loc>"):sitemap.index("</loc>")]
    return urljoin(first, "/")


def serve_rebuild_seconds() -> float:
    """Start `mkdocs serve`, edit a page once, and return the seconds until it serves the edit."""
    original = EDITED_PAGE.read_bytes()
    marker = f"bench-edit-{time.time_ns()}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with preview(env) as url:
        time.sleep(1.0)  # let the watcher settle after the first build
        try:
            start = time.perf_counter()
            EDITED_PAGE.write_bytes(original + f"\n<!-- {marker} -->\n".encode())
            wait_for(lambda: marker in fetch(url + "glossary.html"), 60)
            return time.perf_counter() - start
        finally:
            EDITED_PAGE.write_bytes(original)  # the page as it was, whatever happened


@contextmanager
def preview(env: dict[str, str], attempts: int = 3) -> Iterator[str]:
    """Run the writers' preview (`mkdocs serve`) on a free port; yield its address.

    The port is free when chosen; should another program take it before mkdocs binds
    it, mkdocs exits, and the next attempt takes another port.
    """
    for attempt in range(attempts):
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        with tempfile.TemporaryFile("w+") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--livereload",
                 "-a", f"127.0.0.1:{port}"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
            try:
                wait_for(lambda url=url, server=server: ("<html" in fetch(url + "glossary.html")
                                                         or server.poll() is not None), 120)
                if server.poll() is None:
                    yield url
                    return
                log.seek(0)
                error = log.read()[-2000:]
            finally:
                server.terminate()
                server.wait(30)
        if "Address already in use" not in error or attempt == attempts - 1:
            raise RuntimeError(f"the writers' preview stopped:\n{error}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the writers' preview did not answer")
        time.sleep(0.02)


# ---------------------------------------------------------------------------
# The browser


@contextmanager
def fresh_profile(playwright) -> Iterator[BrowserContext]:
    """A browser with an empty profile: nothing cached, nothing compiled."""
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, headless=True, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800},
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
        context.add_init_script(PROBES)
        try:
            yield context
        finally:
            context.close()


class Transfer:
    """Bytes on the wire (headers and compressed bodies) of a page and its workers."""

    def __init__(self, page: Page) -> None:
        self.bytes = 0
        page.on("requestfinished", self.add)

    def add(self, request) -> None:
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]


def baseline_cold(playwright, url: str) -> float:
    """B0: milliseconds from navigation start to stock Pyodide's first result."""
    with fresh_profile(playwright) as context:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.firstResult", timeout=TIMEOUT_MS)
        assert page.evaluate("window.answer") == "1"
        return page.evaluate("window.firstResult")


# Chromium's trace categories for the main thread's tasks, with their CPU time.
TASK_CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline"
TASK_NAMES = {"RunTask", "ThreadControllerImpl::RunTask"}


def longest_task_cold(playwright, url: str, panel: bool) -> dict:
    """B5: the page's longest main-thread task, from navigation until the panel is
    ready (or, `panel` False, on the same article and link with the panel's scripts
    refused: Material's own), from a trace: its duration and what ran in it, and the
    most CPU time a task took."""
    with fresh_profile(playwright) as context:
        page = context.new_page()
        if not panel:
            page.route("**/assets/try-it/**", lambda route: route.abort())
        with traced(context, page) as events:
            page.goto(url + ARTICLE + SHARED_LINK, wait_until="networkidle")
            if panel:
                page.wait_for_function(PANEL_LIVE, timeout=TIMEOUT_MS)
            page.wait_for_timeout(500)
        return longest_task(events, url + ARTICLE)


@contextmanager
def traced(context: BrowserContext, page: Page) -> Iterator[list[dict]]:
    """Record a Chromium trace of `page` (its main thread's tasks) into the yielded list."""
    session = context.new_cdp_session(page)
    events: list[dict] = []
    done: list[bool] = []
    session.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    session.on("Tracing.tracingComplete", lambda message: done.append(True))
    session.send("Tracing.start", {"categories": TASK_CATEGORIES, "transferMode": "ReportEvents"})
    yield events
    session.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)


def longest_task(events: list[dict], page_url: str) -> dict:
    """Return the longest task of the renderer main thread that parsed `page_url`, what
    ran in it, and the most CPU time any of its tasks took."""
    threads = {(e["pid"], e["tid"]) for e in events
               if e.get("name") == "ParseHTML" and e["args"].get("beginData", {}).get("url",
                                                                                     "").startswith(page_url)}
    tasks = [e for e in events if (e["pid"], e["tid"]) in threads and e.get("ph") == "X"
             and e["name"] in TASK_NAMES]
    task = max(tasks, key=lambda e: e["dur"])
    start, end = task["ts"], task["ts"] + task["dur"]
    inside = [e for e in events if (e["pid"], e["tid"]) == (task["pid"], task["tid"])
              and e.get("ph") == "X" and start <= e["ts"] < end and e["name"] not in TASK_NAMES]
    main = max(inside, key=lambda e: e["dur"], default={"name": "?", "args": {}})
    script = (main["args"].get("data") or {}).get("url", "")
    return {"wall_ms": task["dur"] / 1000, "cpu_ms": max(e.get("tdur", 0) for e in tasks) / 1000,
            "what": main["name"] + (f" {script.rsplit('/', 1)[-1]}" if script else "")}


def example_cold(playwright, url: str) -> dict:
    """B7: the article opened at its panel (a link to it), its worked example marked for
    Element Timing."""
    with fresh_profile(playwright) as context:
        page = context.new_page()
        page.route("**/" + ARTICLE, mark_worked_example)
        page.goto(url + ARTICLE + "#try-it-0")
        page.wait_for_function("() => window.benchMarks.examplePaint", timeout=TIMEOUT_MS)
        return {"first_paint_ms": page.evaluate(FIRST_PAINT),
                "example_paint_ms": page.evaluate("window.benchMarks.examplePaint")}


def article_cold(playwright, url: str) -> dict:
    """B6, and when to start the worker, in one fresh profile."""
    with fresh_profile(playwright) as context:
        page = context.new_page()
        transfer = Transfer(page)
        # The article as a reader opens it: the panel below the fold has not started.
        page.goto(url + ARTICLE, wait_until="networkidle")
        assert page.locator("html").get_attribute("data-try-it-starts") is None
        page_bytes = transfer.bytes
        # The reader scrolls to the panel: on view, the worker starts now. Were it
        # started on a first interaction instead, the reader would wait all of this.
        start = page.evaluate(SCROLL_TO_PANEL)
        page.wait_for_function("() => window.benchMarks.firstLive", timeout=TIMEOUT_MS)
        view_to_live = page.evaluate("window.benchMarks.firstLive") - start
        page.wait_for_load_state("networkidle")
        return {"page_bytes": page_bytes, "panel_bytes": transfer.bytes - page_bytes,
                "view_to_live_ms": view_to_live}


def panel_cold(playwright, url: str) -> dict:
    """B1, B2, B3, B4 in one fresh profile."""
    figures = {}
    with fresh_profile(playwright) as context:
        page = context.new_page()
        page.goto(url + ARTICLE + SHARED_LINK)
        page.wait_for_function("() => window.benchMarks.firstLive", timeout=TIMEOUT_MS)
        figures["cold_ms"] = page.evaluate("window.benchMarks.firstLive")

        # B4: one input change at a time, answered before the next, once the reader
        # has had a second with the live panel (Chromium tiers the runtime's wasm
        # up in the background meanwhile: the first second is not typing time).
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        figures["reevaluate_ms"] = [page.evaluate(REEVALUATE, 2 + n % 20) for n in range(40)]

        # B3: an instant navigation to another article; its panel is ready at once.
        # From the reader's click (the event's time stamp), not from the driver's call.
        page.evaluate("""() => {
          window.benchMarks.firstLive = undefined;
          for (const left of document.querySelectorAll("[data-try-it]")) left.dataset.left = "";
          addEventListener("click", (event) => { window.benchMarks.click = event.timeStamp; },
                           { capture: true, once: true });
        }""")
        page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{NEXT_ARTICLE}"]').click()
        page.wait_for_url("**/" + NEXT_ARTICLE)
        page.wait_for_function(PANEL_LIVE, timeout=TIMEOUT_MS)  # ready: it needs no scrolling
        page.wait_for_function("() => window.benchMarks.firstLive")
        figures["instant_ms"] = page.evaluate("window.benchMarks.firstLive - window.benchMarks.click")
        figures["swap_to_live_ms"] = page.evaluate(f"window.benchMarks.firstLive - ({LAST_PAGE})()")
        assert page.evaluate("window.tryItClient.starts") == 1
        page.close()

        # B2: a full page load, the cache warm.
        page = context.new_page()
        page.goto(url + ARTICLE + SHARED_LINK)
        page.wait_for_function("() => window.benchMarks.firstLive", timeout=TIMEOUT_MS)
        figures["warm_ms"] = page.evaluate("window.benchMarks.firstLive")
    return figures


def mark_worked_example(route) -> None:
    """Serve the article with `elementtiming` on its worked example's first line.

    Only here: the attribute is a draft of the Element Timing API, not HTML, so
    the site does not ship it.
    """
    response = route.fetch()
    html = response.text().replace('class="try-it__summary"',
                                   'class="try-it__summary" elementtiming="try-it-example"', 1)
    route.fulfill(response=response, body=html)


# ---------------------------------------------------------------------------
# Firefox and WebKit (tests/site/engines.py): B0, B1, B2 and the start on view


def engine_baseline(tab, url: str) -> float:
    """B0 in the tab's engine."""
    tab.open(url)
    tab.wait_for("() => window.firstResult", timeout=ENGINE_TIMEOUT_S)
    assert tab.evaluate("() => window.answer") == "1"
    return tab.evaluate("() => window.firstResult")


def engine_panel(tab, url: str) -> dict:
    """B1 and B2 in the tab's engine, and when each step of the cold start ended."""
    tab.open(url + ARTICLE + SHARED_LINK)
    figures = {"cold_ms": tab.wait_for(FIRST_LIVE, timeout=ENGINE_TIMEOUT_S),
               "phases": tab.evaluate("() => window.tryItClient.startPhases"),
               "started": tab.evaluate("() => window.tryItClient.startedFrom")}
    tab.open("about:blank")  # the same address again would only move to its fragment
    tab.open(url + ARTICLE + SHARED_LINK)
    figures["warm_ms"] = tab.wait_for(FIRST_LIVE, timeout=ENGINE_TIMEOUT_S)
    return figures


def engine_view(tab, url: str) -> dict:
    """The start on view in the tab's engine."""
    tab.open(url + ARTICLE)
    tab.wait_for("() => document.getElementById('try-it-0')?.dataset.state === 'idle'")
    start = tab.evaluate(SCROLL_TO_PANEL)
    return {"view_to_live_ms": tab.wait_for(FIRST_LIVE, timeout=ENGINE_TIMEOUT_S) - start}


def in_fresh_tab(browser, measure: Callable, site: str, url: str):
    """Return `measure(tab, url)` in a new tab of `browser` with an empty profile."""
    tab = browser.tab(site)
    try:
        return measure(tab, url)
    finally:
        tab.close()


def round_cells(engines: list[str], sites: dict[str, str], baseline_url: str, playwright,
                browsers: dict) -> list[tuple[tuple[str, str, str], Callable]]:
    """Return a round's cells: ((engine, site, cell), measure); the baseline's site is ""."""
    cells = []
    for engine in engines:
        if engine == "chromium":
            cells.append(((engine, "", "baseline"), partial(baseline_cold, playwright,
                                                             baseline_url)))
            for site, url in sites.items():
                cells += [((engine, site, "panel"), partial(panel_cold, playwright, url)),
                          ((engine, site, "article"), partial(article_cold, playwright, url)),
                          ((engine, site, "example"), partial(example_cold, playwright, url)),
                          ((engine, site, "tasks"), partial(longest_task_cold, playwright, url, True)),
                          ((engine, site, "no_panel"), partial(longest_task_cold, playwright, url,
                                                               False))]
        else:
            browser = browsers[engine]
            cells.append(((engine, "", "baseline"),
                          partial(in_fresh_tab, browser, engine_baseline, baseline_url,
                                  baseline_url)))
            for site, url in sites.items():
                cells += [((engine, site, name), partial(in_fresh_tab, browser, measure, url, url))
                          for name, measure in (("panel", engine_panel), ("view", engine_view))]
    return cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--engine", choices=[*ENGINES, "all"], default="chromium")
    parser.add_argument("--against", type=Path, metavar="SITE",
                        help="a built site (of another revision, say) to measure in the same "
                             "rounds: each figure is also given as a ratio to it")
    args = parser.parse_args()
    engines = list(ENGINES) if args.engine == "all" else [args.engine]

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        site, baseline = Path(tmp, "site"), Path(tmp, "baseline")
        site_server = serve(site)
        stack.callback(site_server.shutdown)
        site_url = f"http://127.0.0.1:{site_server.server_address[1]}/"
        build_site(site, site_url)  # fills the build caches, as a writer's machine has them
        build_seconds = (median([build_site(site, site_url) for _ in range(3)])
                         if "chromium" in engines else None)
        baseline_site(baseline)
        baseline_server = serve(baseline)
        stack.callback(baseline_server.shutdown)
        baseline_url = f"http://127.0.0.1:{baseline_server.server_address[1]}/"
        sites = {"site": site_url}
        if args.against:
            sites["against"] = built_for(args.against)
            against_server = serve(args.against.resolve(), urlsplit(sites["against"]).port)
            stack.callback(against_server.shutdown)

        playwright = stack.enter_context(sync_playwright()) if "chromium" in engines else None
        browsers = {}
        for engine in engines:
            if engine != "chromium":
                browsers[engine] = launch(engine)
                stack.callback(browsers[engine].quit)
        cells = round_cells(engines, sites, baseline_url, playwright, browsers)
        rounds = []
        for round_index in range(args.rounds):
            shift = round_index % len(cells)  # each cell takes each place in turn
            measured: dict = {}
            for key, cell in cells[shift:] + cells[:shift]:
                measured[key] = cell()
            rounds.append(measured)
            print(f"round {round_index + 1}: {load()}; " + "; ".join(
                f"{engine}{' ' + site if site == 'against' else ''} B0 "
                f"{measured[(engine, '', 'baseline')]:.0f} ms, B1 "
                f"{measured[(engine, site, 'panel')]['cold_ms']:.0f} ms"
                for engine in engines for site in sites), flush=True)
    rebuild_seconds = serve_rebuild_seconds() if "chromium" in engines else None
    report(rounds, engines, list(sites), build_seconds, rebuild_seconds)
    return 0


def load() -> str:
    """The machine's load averages, which the figures depend on."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def report(rounds: list[dict], engines: list[str], sites: list[str],
           build_seconds: float | None, rebuild_seconds: float | None) -> None:
    print(f"\n{len(rounds)} rounds, medians; ratios paired within a round; {load()}")
    targets: list[tuple[str, float, float]] = []  # name, value, limit (at most)
    if "chromium" in engines:
        targets += chromium_report(rounds, build_seconds, rebuild_seconds)
    for site in sites:
        if len(sites) > 1:
            print(f"\n{'this site' if site == 'site' else 'the site measured against'}:")
        targets += engines_report(rounds, engines, site, is_against=site != "site")
    if "against" in sites:
        against_report(rounds, engines)
    print()
    for name, value, limit in targets:
        print(f"target {name} {value:.3f} {limit:g} {'PASS' if value <= limit else 'FAIL'}")


def paired(rounds: list[dict], figure: Callable[[dict], float]) -> float:
    """The median over the rounds of `figure(round)`."""
    return median([figure(measured) for measured in rounds])


def engines_report(rounds: list[dict], engines: list[str], site: str,
                   is_against: bool) -> list[tuple[str, float, float]]:
    """Print B0, B1, B2 and the start on view per engine; return the targets."""

    def panel(measured: dict, engine: str) -> dict:
        return measured[(engine, site, "panel")]

    def view(measured: dict, engine: str) -> float:
        cell = measured[(engine, site, "view" if engine != "chromium" else "article")]
        return cell["view_to_live_ms"]

    def b0(measured: dict, engine: str) -> float:
        return measured[(engine, "", "baseline")]

    def row(engine: str) -> float:
        """Print the engine's line; return its B1 over B0."""
        cold = paired(rounds, lambda m: panel(m, engine)["cold_ms"])
        cold_ratio = paired(rounds, lambda m: panel(m, engine)["cold_ms"] / b0(m, engine))
        warm = paired(rounds, lambda m: panel(m, engine)["warm_ms"])
        warm_ratio = paired(rounds, lambda m: panel(m, engine)["warm_ms"] / b0(m, engine))
        print(f"{engine:<10}{paired(rounds, lambda m: b0(m, engine)):>7.0f} ms"
              f"{cold:>7.0f} ms {cold_ratio:4.2f}x B0{warm:>7.0f} ms {warm_ratio:4.2f}x B0"
              f"{paired(rounds, lambda m: view(m, engine)):>12.0f} ms")
        return cold_ratio

    def steps(engine: str, names: list[str]) -> list[float]:
        return [*(paired(rounds, lambda m, n=name: (panel(m, engine)["phases"] or {}).get(n, 0.0))
                  for name in names), paired(rounds, lambda m: panel(m, engine)["cold_ms"])]

    targets = []
    print(f"{'engine':<10}{'B0 stock':>10}{'B1 cold':>18}{'B2 warm':>18}{'start on view':>15}")
    for engine in engines:
        cold_ratio = row(engine)
        if not is_against:
            targets.append((f"B1_over_B0_{engine}", cold_ratio, 0.50))
    if "firefox" in engines and "webkit" in engines:
        cold = paired(rounds, lambda m: panel(m, "webkit")["cold_ms"] / panel(m, "firefox")["cold_ms"])
        seen = paired(rounds, lambda m: view(m, "webkit") / view(m, "firefox"))
        print(f"WebKit/Firefox: B1 {cold:.2f}, start on view {seen:.2f}")
        if not is_against:
            targets += [("B1_webkit_over_firefox", cold, 1.3),
                        ("view_webkit_over_firefox", seen, 1.3)]
    phases = [engine for engine in engines if engine != "chromium"]
    if phases:
        print("the cold start's steps, from navigation start (ms; the worker's own clock, "
              "put on the page's):")
        names = ["modules", "released", "runtime", "wasm", "pyodide", "simulator"]
        print(f"{'engine':<10}" + "".join(f"{name:>11}" for name in names + ["live"]))
        for engine in phases:
            print(f"{engine:<10}" + "".join(f"{value:>11.0f}" for value in steps(engine, names)))
    return targets


def against_report(rounds: list[dict], engines: list[str]) -> None:
    """Print each engine's figures as ratios to the site measured against."""
    def ratios(engine: str) -> str:
        view_cell = "view" if engine != "chromium" else "article"
        figures = {"B1": lambda m, s: m[(engine, s, "panel")]["cold_ms"],
                   "B2": lambda m, s: m[(engine, s, "panel")]["warm_ms"],
                   "start on view": lambda m, s: m[(engine, s, view_cell)]["view_to_live_ms"]}
        if engine == "chromium" and not any(  # a site older than the mark has no B3 swap
                math.isnan(m[(engine, "against", "panel")]["swap_to_live_ms"]) for m in rounds):
            figures["B3 swap to live"] = lambda m, s: m[(engine, s, "panel")]["swap_to_live_ms"]
        return ", ".join(
            f"{name} {paired(rounds, lambda m, f=figure: f(m, 'site') / f(m, 'against')):.2f}"
            for name, figure in figures.items())

    def webkit_over_firefox(site: str) -> float:
        return paired(rounds, lambda m: m[("webkit", site, "panel")]["cold_ms"]
                      / m[("firefox", site, "panel")]["cold_ms"])

    print("\nthis site / the site measured against, paired:")
    for engine in engines:
        print(f"{engine:<10}{ratios(engine)}")
    if "firefox" in engines and "webkit" in engines:
        print(f"WebKit/Firefox B1: this site {webkit_over_firefox('site'):.2f}, "
              f"the site measured against {webkit_over_firefox('against'):.2f}")


def chromium_report(rounds: list[dict], build_seconds: float,
                    rebuild_seconds: float) -> list[tuple[str, float, float]]:
    """Print B0-B8 in Chromium; return their targets."""
    site = "site"
    panels = [r[("chromium", site, "panel")] for r in rounds]
    baselines = [r[("chromium", "", "baseline")] for r in rounds]
    b0 = median(baselines)
    b1_ratio = median([p["cold_ms"] / b for p, b in zip(panels, baselines)])
    b2_ratio = median([p["warm_ms"] / b for p, b in zip(panels, baselines)])
    b3 = median([p["instant_ms"] for p in panels])
    b3_swap = median([p["swap_to_live_ms"] for p in panels])
    evaluations = [ms for p in panels for ms in p["reevaluate_ms"]]
    b4_p50, b4_p95 = percentile(evaluations, 0.50), percentile(evaluations, 0.95)
    with_panel = [r[("chromium", site, "tasks")] for r in rounds]
    no_panel = [r[("chromium", site, "no_panel")] for r in rounds]
    b5_wall = median([p["wall_ms"] - n["wall_ms"] for p, n in zip(with_panel, no_panel)])
    b5_cpu = median([p["cpu_ms"] - n["cpu_ms"] for p, n in zip(with_panel, no_panel)])
    articles = [r[("chromium", site, "article")] for r in rounds]
    page_kb = median([a["page_bytes"] for a in articles]) / 1000
    panel_mb = median([a["panel_bytes"] for a in articles]) / 1e6
    examples = [r[("chromium", site, "example")] for r in rounds]
    in_first_paint = all(e["example_paint_ms"] is not None and e["first_paint_ms"] is not None
                         and e["example_paint_ms"] <= e["first_paint_ms"] + 1 for e in examples)
    example_paint = median([e["example_paint_ms"] or 0 for e in examples])
    first_paint = median([e["first_paint_ms"] or 0 for e in examples])

    print("Chromium")
    print(f"B0 stock Pyodide, cold, to runPython('1'): {b0:.0f} ms")
    print(f"B1 panel, cold, to first live result:     {median([p['cold_ms'] for p in panels]):.0f}"
          f" ms = {b1_ratio:.2f} x B0")
    print(f"B2 panel, warm full load:                 {median([p['warm_ms'] for p in panels]):.0f}"
          f" ms = {b2_ratio:.2f} x B0")
    print(f"B3 instant navigation: {b3_swap:.0f} ms from the end of Material's page swap to the "
          f"live result; {b3:.0f} ms from the click")
    view_to_live = median([a["view_to_live_ms"] for a in articles])
    print(f"   start on view: {view_to_live:.0f} ms from the panel scrolled into view to its first "
          f"live result; started on a first interaction, that is the reader's wait; on view, a "
          f"reader who reads the panel that long first waits a re-evaluation (B4)")
    print(f"B4 re-evaluation:                         p50 {b4_p50:.1f} ms, p95 {b4_p95:.1f} ms "
          f"({len(evaluations)} changes)")
    print(f"B5 longest main-thread task: the panel's {b5_wall:.0f} ms (paired difference), "
          f"{median([p['wall_ms'] for p in with_panel]):.0f} ms with the panel, "
          f"{median([n['wall_ms'] for n in no_panel]):.0f} ms with its scripts refused; "
          f"the most CPU time a task took: the panel's {b5_cpu:.0f} ms, "
          f"{median([p['cpu_ms'] for p in with_panel]):.0f} ms with, "
          f"{median([n['cpu_ms'] for n in no_panel]):.0f} ms without; the task: "
          + ", ".join(sorted({p["what"] for p in with_panel})))
    print(f"B6 article before the panel starts:       {page_kb:.0f} KB; the panel's start "
          f"{panel_mb:.2f} MB (on the wire)")
    print(f"B7 static example painted at {example_paint:.0f} ms, first contentful paint at "
          f"{first_paint:.0f} ms: {'in' if in_first_paint else 'NOT in'} the first paint")
    print(f"B8 mkdocs build {build_seconds:.1f} s; rebuild after an edit under mkdocs serve "
          f"{rebuild_seconds:.1f} s\n")
    return [("B1_over_B0", b1_ratio, 0.50), ("B1_over_B0_stretch", b1_ratio, 0.35),
            ("B2_over_B0", b2_ratio, 0.35), ("B3_swap_to_live_ms", b3_swap, 30),
            ("B4_p95_ms", b4_p95, 16), ("B5_panel_longest_task_ms", b5_wall, 10),
            ("B5_panel_longest_task_cpu_ms", b5_cpu, 10),
            ("B6_page_kb", page_kb, 300), ("B6_panel_start_mb", panel_mb, 6),
            ("B7_example_not_in_first_paint", float(not in_first_paint), 0),
            ("B8_build_s", build_seconds, 10), ("B8_rebuild_s", rebuild_seconds, 3)]


if __name__ == "__main__":
    raise SystemExit(main())
