"""Benchmark of the site and its "Try it" panel in Chromium, against stock Pyodide.

    python bench/site.py [--rounds 5]

Builds the site, serves it as a production static host would (tools/static_server.py:
`application/wasm`, pre-compressed `.br`/`.gz`, cache headers), and measures in one
run, cells rotated within each round, medians over the rounds:

  B0  stock `loadPyodide()` + `runPython("1")` in a module worker, cold: the baseline
      (the npm package's files as they come, from the same server)
  B1  the panel, cold: navigation start to the first live result shown
  B2  the same after a full page load with a warm cache
  B3  after an instant navigation to another article: the click to its live result
  B4  a re-evaluation after one input change: p50 and p95 (a second after the start)
  B5  the longest main-thread task from navigation until the panel is ready (and, for
      reference, on the same article with the panel's scripts refused: Material's own)
  B6  bytes an article transfers before the panel starts, and the panel's start
  B7  when the static worked example is first painted, against the first contentful
      paint, on the article opened at its panel (#try-it-0, cold)
  B8  a full `mkdocs build`, and the rebuild after one page edit under `mkdocs serve`

Every cold run has a fresh browser profile (no HTTP or code cache). Ratios are paired
within a round. It ends with one line per target, `target <name> <value> <limit>
PASS|FAIL`, and exits 0 either way: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import base64
import json
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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, sync_playwright

from bench.simulator import percentile
from tools.static_server import serve

PYODIDE = ROOT / "node_modules" / "pyodide"
ARTICLE = "change-plan-gotoassist.html"  # its panel, a plan change, is below the fold
NEXT_ARTICLE = "subscribe-after-free-trial.html"
# B1, B2, B7 open the article as a reader opens a scenario someone shared: 12 seats
# instead of 10 (the panel writes such links; tests/site/test_panel.py reads them).
SHARED_LINK = "#try-it-0=" + base64.urlsafe_b64encode(json.dumps({
    "kind": "change_plan", "today": "2026-11-16",
    "account": {"type": "online", "role": "billing_contact"},
    "subscription": {"product": "gotoassist_rs5", "tier": "standard", "seats": 12,
                     "frequency": "monthly", "unit_price": "10.00", "currency": "USD",
                     "period_start": "2026-11-01", "status": "active"},
    "change": {"tier": "premium", "unit_price": "20.00"},
}).encode()).decode().rstrip("=")
EDITED_PAGE = ROOT / "docs" / "en" / "glossary.md"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 60_000

BASELINE_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Stock Pyodide</title>
<script type="module">
  const worker = new Worker("./worker.mjs", { type: "module" });
  worker.onmessage = ({ data }) => { window.firstResult = performance.now(); window.answer = data; };
</script>"""
BASELINE_WORKER = """import { loadPyodide } from "./pyodide.mjs";
const pyodide = await loadPyodide();
postMessage(String(pyodide.runPython("1")));"""

# Records, from the first script on, when the panel shows a live result and is ready,
# the long tasks, and when the static example was painted.
PROBES = """(() => {
  const marks = window.benchMarks = { longTasks: [], examplePaint: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks.longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
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


def no_panel_cold(playwright, url: str) -> float:
    """B5's reference: the longest task on the same article and link, its panel's
    scripts refused (Material's own tasks)."""
    with fresh_profile(playwright) as context:
        page = context.new_page()
        page.route("**/assets/try-it/**", lambda route: route.abort())
        page.goto(url + ARTICLE + SHARED_LINK, wait_until="networkidle")
        page.wait_for_timeout(500)
        return max(page.evaluate("window.benchMarks.longTasks"), default=0.0)


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
        start = page.evaluate("""() => {
          document.getElementById("try-it-0").scrollIntoView();
          return performance.now();
        }""")
        page.wait_for_function("() => window.benchMarks.firstLive", timeout=TIMEOUT_MS)
        view_to_live = page.evaluate("window.benchMarks.firstLive") - start
        page.wait_for_load_state("networkidle")
        return {"page_bytes": page_bytes, "panel_bytes": transfer.bytes - page_bytes,
                "view_to_live_ms": view_to_live}


def panel_cold(playwright, url: str) -> dict:
    """B1, B2, B3, B4, B5 in one fresh profile."""
    figures = {}
    with fresh_profile(playwright) as context:
        page = context.new_page()
        page.goto(url + ARTICLE + SHARED_LINK)
        page.wait_for_function("() => window.benchMarks.firstLive", timeout=TIMEOUT_MS)
        marks = page.evaluate("window.benchMarks")
        figures["cold_ms"] = marks["firstLive"]
        figures["longest_task_ms"] = max(marks["longTasks"], default=0.0)

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site, baseline = Path(tmp, "site"), Path(tmp, "baseline")
        site_server = serve(site)
        site_url = f"http://127.0.0.1:{site_server.server_address[1]}/"
        build_site(site, site_url)  # fills the build caches, as a writer's machine has them
        build_seconds = median([build_site(site, site_url) for _ in range(3)])
        baseline_site(baseline)
        baseline_server = serve(baseline)
        baseline_url = f"http://127.0.0.1:{baseline_server.server_address[1]}/"

        rounds = []
        with sync_playwright() as playwright:
            for round_index in range(args.rounds):
                cells = [("baseline", lambda: baseline_cold(playwright, baseline_url)),
                         ("panel", lambda: panel_cold(playwright, site_url)),
                         ("article", lambda: article_cold(playwright, site_url)),
                         ("example", lambda: example_cold(playwright, site_url)),
                         ("no_panel", lambda: no_panel_cold(playwright, site_url))]
                shift = round_index % len(cells)  # each cell takes each place in turn
                cells = cells[shift:] + cells[:shift]
                measured = {name: cell() for name, cell in cells}
                rounds.append(measured)
                panel = measured["panel"]
                print(f"round {round_index + 1}: B0 {measured['baseline']:.0f} ms, "
                      f"B1 {panel['cold_ms']:.0f} ms, B2 {panel['warm_ms']:.0f} ms, "
                      f"B3 {panel['instant_ms']:.0f} ms", flush=True)
        site_server.shutdown()
        baseline_server.shutdown()
    rebuild_seconds = serve_rebuild_seconds()
    report(rounds, build_seconds, rebuild_seconds)
    return 0


def report(rounds: list[dict], build_seconds: float, rebuild_seconds: float) -> None:
    panels = [r["panel"] for r in rounds]
    b0 = median([r["baseline"] for r in rounds])
    b1_ratio = median([p["cold_ms"] / r["baseline"] for p, r in zip(panels, rounds)])
    b2_ratio = median([p["warm_ms"] / r["baseline"] for p, r in zip(panels, rounds)])
    b3 = median([p["instant_ms"] for p in panels])
    evaluations = [ms for p in panels for ms in p["reevaluate_ms"]]
    b4_p50, b4_p95 = percentile(evaluations, 0.50), percentile(evaluations, 0.95)
    b5 = median([p["longest_task_ms"] for p in panels])
    b5_reference = median([r["no_panel"] for r in rounds])
    articles = [r["article"] for r in rounds]
    page_kb = median([a["page_bytes"] for a in articles]) / 1000
    panel_mb = median([a["panel_bytes"] for a in articles]) / 1e6
    examples = [r["example"] for r in rounds]
    in_first_paint = all(e["example_paint_ms"] is not None and e["first_paint_ms"] is not None
                         and e["example_paint_ms"] <= e["first_paint_ms"] + 1 for e in examples)
    example_paint = median([e["example_paint_ms"] or 0 for e in examples])
    first_paint = median([e["first_paint_ms"] or 0 for e in examples])

    print(f"\n{len(rounds)} rounds, medians; ratios paired within a round")
    print(f"B0 stock Pyodide, cold, to runPython('1'): {b0:.0f} ms")
    print(f"B1 panel, cold, to first live result:     {median([p['cold_ms'] for p in panels]):.0f}"
          f" ms = {b1_ratio:.2f} x B0")
    print(f"B2 panel, warm full load:                 {median([p['warm_ms'] for p in panels]):.0f}"
          f" ms = {b2_ratio:.2f} x B0")
    print(f"B3 instant navigation to ready:           {b3:.0f} ms")
    view_to_live = median([a["view_to_live_ms"] for a in articles])
    print(f"   start on view: {view_to_live:.0f} ms from the panel scrolled into view to its first "
          f"live result; started on a first interaction, that is the reader's wait; on view, a "
          f"reader who reads the panel that long first waits a re-evaluation (B4)")
    print(f"B4 re-evaluation:                         p50 {b4_p50:.1f} ms, p95 {b4_p95:.1f} ms "
          f"({len(evaluations)} changes)")
    print(f"B5 longest main-thread task:              {b5:.0f} ms; the same article, its panel's "
          f"scripts refused: {b5_reference:.0f} ms (tasks under 50 ms go unreported: "
          "0 means none that long)")
    print(f"B6 article before the panel starts:       {page_kb:.0f} KB; the panel's start "
          f"{panel_mb:.2f} MB (on the wire)")
    print(f"B7 static example painted at {example_paint:.0f} ms, first contentful paint at "
          f"{first_paint:.0f} ms: {'in' if in_first_paint else 'NOT in'} the first paint")
    print(f"B8 mkdocs build {build_seconds:.1f} s; rebuild after an edit under mkdocs serve "
          f"{rebuild_seconds:.1f} s")

    def target(name: str, value: float, limit: float, is_ok: bool) -> None:
        print(f"target {name} {value:.3f} {limit:g} {'PASS' if is_ok else 'FAIL'}")

    target("B1_over_B0", b1_ratio, 0.50, b1_ratio <= 0.50)
    target("B1_over_B0_stretch", b1_ratio, 0.35, b1_ratio <= 0.35)
    target("B2_over_B0", b2_ratio, 0.35, b2_ratio <= 0.35)
    target("B3_ms", b3, 100, b3 <= 100)
    target("B4_p95_ms", b4_p95, 16, b4_p95 <= 16)
    target("B5_longest_task_ms", b5, 50, b5 <= 50)
    target("B6_page_kb", page_kb, 300, page_kb <= 300)
    target("B6_panel_start_mb", panel_mb, 6, panel_mb <= 6)
    target("B7_example_in_first_paint", float(in_first_paint), 1, in_first_paint)
    target("B8_build_s", build_seconds, 10, build_seconds <= 10)
    target("B8_rebuild_s", rebuild_seconds, 3, rebuild_seconds <= 3)


if __name__ == "__main__":
    raise SystemExit(main())
