"""Lighthouse scores of every page of the help center, served as a production host serves it.

    python bench/lighthouse.py [--pages all|articles] [--runs 1] [--preset mobile|desktop|both]

Builds the site into a temporary folder for the URL it is then served at, serves it as
tools/static_server.py does (compression, cache headers, the Content-Security-Policy of
`_headers`), and runs Lighthouse (the npm package pinned in package.json) in headless
Chromium on each page: performance, accessibility, best practices and SEO. The tests check
the rules the site keeps; Lighthouse is what readers' tools and search engines score pages
with, and its failed accessibility and best-practices audits are defects to fix.

  --pages all       every page in every language (the default: 42 pages, about 8 minutes)
  --pages articles  every English page, and the plan-change article in every language
  --preset mobile   the default: Lighthouse's mobile settings (a mid-range phone, slow 4G,
                    4x CPU slowdown) with simulated throttling, which computes the throttled
                    load from an unthrottled one, so figures depend less on the machine
  --preset desktop  Lighthouse's desktop preset (simulated throttling too); `both` runs both
  --runs N          each page N times: medians of scores and metrics; an audit that fails
                    in any run is listed

Nothing may leave 127.0.0.1: Chromium's proxy is a port that refuses every connection
(loopback bypasses it), and every report's network requests are checked. Each run has a
time limit; a run that fails or times out is reported as failed. The JSON reports stay in a
temporary folder named at the end. The last lines are `target <name> <value> <limit>
PASS|FAIL`; it exits 0 either way: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.site import build_site
from tests.site.sites import HOST, SOURCES
from tools.static_server import serve

LIGHTHOUSE_CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The categories whose failed audits are listed by id (in this order, with these labels).
LISTED_AUDITS = {"accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
           "TBT": "total-blocking-time", "CLS": "cumulative-layout-shift"}
PRESET_FLAGS = {"mobile": ["--form-factor=mobile", "--throttling-method=simulate"],
                "desktop": ["--preset=desktop", "--throttling-method=simulate"]}
PLAN_CHANGE_ARTICLE = "change-plan-gotoassist.md"
RUN_TIMEOUT_S = 180  # a page load is given up after 45 s (--max-wait-for-load)
RUN_MARK = "BENCH_LIGHTHOUSE_RUN"
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension"}


# ---------------------------------------------------------------------------
# What is measured


@dataclass(frozen=True)
class Target:
    """One Lighthouse run's subject: a page in one language, with one preset."""

    language: str
    page: str
    preset: str

    @property
    def path(self) -> str:
        return SOURCES["help"].path(self.language, self.page)

    @property
    def name(self) -> str:
        return f"{self.preset}-{self.path.replace('/', '-')}"


def pages_to_measure(selection: str) -> list[tuple[str, str]]:
    """Return (language, page) pairs: all of them, or the English pages and one article."""
    source = SOURCES["help"]
    every = [(language, page) for language in source.languages for page in source.pages]
    if selection == "all":
        return every
    default = source.languages[0]
    return [(language, page) for language, page in every
            if language == default or page == PLAN_CHANGE_ARTICLE]


@dataclass
class RunResult:
    """What one Lighthouse run gave: scores, metrics and failed audits, or why it failed."""

    scores: dict[str, float | None] = field(default_factory=dict)
    metrics: dict[str, float | None] = field(default_factory=dict)
    failed_audits: dict[str, list[str]] = field(default_factory=dict)  # category -> ids
    off_site_requests: list[str] = field(default_factory=list)
    error: str | None = None
    report_file: Path | None = None


def read_report(report: dict) -> RunResult:
    result = RunResult()
    if report.get("runtimeError"):
        error = report["runtimeError"]
        result.error = f"{error.get('code')}: {error.get('message', '')}"[:200]
    audits = report.get("audits", {})
    for category_id in CATEGORIES:
        category = report.get("categories", {}).get(category_id, {})
        result.scores[category_id] = category.get("score")
        if category_id in LISTED_AUDITS:
            result.failed_audits[category_id] = [
                ref["id"] + (" (error)" if audits[ref["id"]]["scoreDisplayMode"] == "error" else "")
                for ref in category.get("auditRefs", []) if failed(audits.get(ref["id"], {}))]
    for label, audit_id in METRICS.items():
        result.metrics[label] = audits.get(audit_id, {}).get("numericValue")
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    result.off_site_requests = [item["url"] for item in requests if is_off_site(item["url"])]
    return result


def failed(audit: dict) -> bool:
    """Whether an audit that counts (not informative, manual or not applicable) failed."""
    mode = audit.get("scoreDisplayMode")
    if mode == "error":
        return True
    return mode in ("binary", "numeric", "metricSavings") and (audit.get("score") or 0) < 1


def is_off_site(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname != HOST


# ---------------------------------------------------------------------------
# Running Lighthouse


@contextmanager
def refusing_port() -> Iterator[int]:
    """A loopback port bound but never listening: every connection to it is refused."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        yield sock.getsockname()[1]


def end_processes_marked(mark: str) -> None:
    """Kill what is left of one run: the processes whose environment holds `mark`."""
    needle = mark.encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes().split(b"\0"):
                os.kill(int(environ.parent.name), signal.SIGKILL)
        except (OSError, ValueError):
            pass  # gone already, or not ours to read


def run_lighthouse(url: str, preset: str, report_file: Path, proxy_port: int) -> RunResult:
    """Run Lighthouse once on `url`; never raise: a failure is returned as the result's error."""
    if not LIGHTHOUSE_CLI.is_file():
        return RunResult(error="Lighthouse is not installed: run `npm ci`")
    chromium_flags = [*CHROMIUM_FLAGS, f"--proxy-server=http://{HOST}:{proxy_port}"]
    command = ["node", str(LIGHTHOUSE_CLI), url, "--output=json",
               f"--output-path={report_file}", f"--only-categories={','.join(CATEGORIES)}",
               *PRESET_FLAGS[preset], f"--chrome-flags={' '.join(chromium_flags)}",
               "--disable-full-page-screenshot", "--no-enable-error-reporting",
               "--max-wait-for-load=45000", "--quiet"]
    report_file.unlink(missing_ok=True)
    # Lighthouse starts Chromium in a process group of its own; every process of this run
    # carries this mark in its environment, so that none outlives the run.
    run_id = uuid.uuid4().hex
    env = {**os.environ, "CHROME_PATH": CHROMIUM, RUN_MARK: run_id}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # Lighthouse then closes its Chromium itself
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        return RunResult(error=f"timed out after {RUN_TIMEOUT_S} s")
    finally:
        end_processes_marked(f"{RUN_MARK}={run_id}")
    try:
        result = read_report(json.loads(report_file.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as problem:
        last_line = (stderr.strip().splitlines() or [f"no report ({problem})"])[-1]
        return RunResult(error=f"exit {process.returncode}: {last_line}"[:200])
    if process.returncode != 0 and result.error is None:
        result.error = f"exit {process.returncode}"
    result.report_file = report_file
    return result


# ---------------------------------------------------------------------------
# Summing up


@dataclass
class PageSummary:
    target: Target
    runs: list[RunResult]

    @property
    def good_runs(self) -> list[RunResult]:
        return [run for run in self.runs if run.error is None]

    @property
    def errors(self) -> list[str]:
        return [run.error for run in self.runs if run.error is not None]

    def score(self, category: str) -> float | None:
        """The median score; a run without one (an audit errored) counts as 0."""
        values = [run.scores.get(category) or 0.0 for run in self.good_runs]
        return statistics.median(values) if values else None

    def metric(self, label: str) -> float | None:
        values = [run.metrics[label] for run in self.good_runs if run.metrics.get(label) is not None]
        return statistics.median(values) if values else None

    def failed_audits(self, category: str) -> list[str]:
        return sorted({audit for run in self.good_runs for audit in run.failed_audits[category]})

    @property
    def off_site_requests(self) -> list[str]:
        return sorted({url for run in self.runs for url in run.off_site_requests})


def show(value: float | None, scale: float = 1, digits: int = 2) -> str:
    return "-" if value is None else f"{value * scale:.{digits}f}"


def print_table(summaries: list[PageSummary], with_preset: bool) -> None:
    columns = ["page", "lang", *(["preset"] if with_preset else []), "perf", "a11y", "bp",
               "seo", "FCP s", "LCP s", "TBT ms", "CLS", "failed audits"]
    rows = []
    for summary in summaries:
        target = summary.target
        if not summary.good_runs:
            cells = ["-"] * 8 + [f"RUN FAILED: {'; '.join(summary.errors)}"]
        else:
            failures = [f"{label}: {', '.join(ids)}" for category, label in LISTED_AUDITS.items()
                        if (ids := summary.failed_audits(category))]
            if summary.errors:
                failures.append(f"{len(summary.errors)} run(s) failed: {summary.errors[0]}")
            if summary.off_site_requests:
                failures.append(f"OFF-SITE: {', '.join(summary.off_site_requests)}")
            cells = [*(show(summary.score(category)) for category in CATEGORIES),
                     show(summary.metric("FCP"), 1 / 1000, 1), show(summary.metric("LCP"), 1 / 1000, 1),
                     show(summary.metric("TBT"), 1, 0), show(summary.metric("CLS"), 1, 3),
                     "; ".join(failures) or "none"]
        rows.append([target.page.removesuffix(".md"), target.language,
                     *([target.preset] if with_preset else []), *cells])
    widths = [max(len(str(row[i])) for row in [columns, *rows]) for i in range(len(columns) - 1)]
    for row in [columns, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)), row[-1])


def print_failed_audit_details(summaries: list[PageSummary]) -> None:
    """Each failed audit once: its title, the pages, and what it points at on one of them."""
    pages_by_audit: dict[str, list[PageSummary]] = {}
    for summary in summaries:
        for category in LISTED_AUDITS:
            for audit in summary.failed_audits(category):
                pages_by_audit.setdefault(audit.removesuffix(" (error)"), []).append(summary)
    if not pages_by_audit:
        return
    print("\nFailed audits")
    for audit_id, failing in sorted(pages_by_audit.items()):
        audit = audit_of_first_failing_run(failing[0], audit_id)
        where = ", ".join(f"{s.target.language}/{s.target.page.removesuffix('.md')}"
                          for s in failing)
        print(f"- {audit_id}: {audit.get('title', '')} ({len(failing)} page(s): {where})")
        if audit.get("errorMessage"):
            print(f"    error: {audit['errorMessage']}")
        for item in (audit.get("details") or {}).get("items", [])[:4]:
            print(f"    e.g. {describe(item)}")


def audit_of_first_failing_run(summary: PageSummary, audit_id: str) -> dict:
    for run in summary.good_runs:
        ids = {audit.removesuffix(" (error)") for audits in run.failed_audits.values()
               for audit in audits}
        if audit_id in ids and run.report_file is not None:
            return json.loads(run.report_file.read_text("utf-8"))["audits"][audit_id]
    return {}


def describe(item: dict) -> str:
    """One line for an item of an audit's details: a node, a URL, or a message."""
    node = item.get("node") or {}
    if node.get("type") == "node":
        text = f"{node.get('selector', '')} {node.get('snippet', '')}"
        explanation = node.get("explanation", "").replace("\n", " ")
        return f"{text[:160]}{' - ' + explanation[:200] if explanation else ''}"
    for key in ("description", "url", "source", "label"):
        value = item.get(key)
        if isinstance(value, str):
            return f"{value[:200]}"
        if isinstance(value, dict) and value.get("type") == "source-location":
            return f"{value.get('url', '')}:{value.get('line', '')}"
    return json.dumps(item)[:200]


def print_targets(summaries: list[PageSummary]) -> None:
    measured = [s for s in summaries if s.good_runs]

    def minimum(category: str) -> float:
        return min((s.score(category) for s in measured), default=math.nan)

    def target(name: str, value: float, limit: float, is_ok: bool) -> None:
        print(f"target {name} {value:.3f} {limit:g} {'PASS' if is_ok else 'FAIL'}")

    for category in ("accessibility", "best-practices", "seo"):
        lowest = minimum(category)
        target(f"lighthouse_{category.replace('-', '_')}_min", lowest, 1.0, lowest >= 1.0)
    performance = [s.score("performance") for s in measured]
    median_performance = statistics.median(performance) if performance else math.nan
    target("lighthouse_performance_median", median_performance, 0.9, median_performance >= 0.9)
    failed_pages = len(summaries) - len(measured)
    target("lighthouse_failed_pages", failed_pages, 0, failed_pages == 0 and bool(summaries))
    off_site = len({url for s in summaries for url in s.off_site_requests})
    target("lighthouse_off_site_requests", off_site, 0, off_site == 0)


# ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", choices=("all", "articles"), default="all")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--preset", choices=("mobile", "desktop", "both"), default="mobile")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    targets = [Target(language, page, preset) for preset in presets
               for language, page in pages_to_measure(args.pages)]
    reports = Path(tempfile.mkdtemp(prefix="lighthouse-reports-"))
    started = time.perf_counter()
    runs: dict[Target, list[RunResult]] = {target: [] for target in targets}

    with tempfile.TemporaryDirectory() as tmp, refusing_port() as proxy_port:
        site = Path(tmp, "site")
        server = serve(site, host=HOST)
        url = f"http://{HOST}:{server.server_address[1]}/"
        try:
            build_seconds = build_site(site, url)
            print(f"built the site for {url} in {build_seconds:.1f} s", flush=True)
        except subprocess.CalledProcessError as problem:
            print(f"mkdocs build failed:\n{problem.stderr.decode('utf-8', 'replace')[-4000:]}")
            runs = {target: [RunResult(error="the site did not build")] for target in targets}
        else:
            for round_index in range(args.runs):  # rounds over all pages: drift spreads evenly
                for number, target in enumerate(targets, 1):
                    report_file = reports / f"{target.name}-{round_index + 1}.json"
                    run_started = time.perf_counter()
                    result = run_lighthouse(url + target.path, target.preset, report_file,
                                            proxy_port)
                    runs[target].append(result)
                    print(f"[{round_index + 1}/{args.runs} {number}/{len(targets)}] "
                          f"{target.preset} {target.path}: "
                          f"{result.error or 'ok'} ({time.perf_counter() - run_started:.0f} s)",
                          flush=True)
        server.shutdown()

    summaries = [PageSummary(target, results) for target, results in runs.items()]
    minutes = (time.perf_counter() - started) / 60
    print(f"\nLighthouse {lighthouse_version()}, {', '.join(presets)}, simulated throttling; "
          f"{len(targets)} pages x {args.runs} run(s) in {minutes:.1f} min; medians; "
          "FCP/LCP/TBT/CLS are Lighthouse's lab figures\n")
    print_table(summaries, with_preset=len(presets) > 1)
    print_failed_audit_details(summaries)
    print(f"\nJSON reports: {reports}")
    print_targets(summaries)
    return 0


def lighthouse_version() -> str:
    try:
        package = json.loads((LIGHTHOUSE_CLI.parent.parent / "package.json").read_text("utf-8"))
        return package["version"]
    except (OSError, ValueError, KeyError):
        return "(not installed)"


if __name__ == "__main__":
    raise SystemExit(main())
