"""The sites under test: what their sources hold, and the sites built and served.

Two sites are built with `mkdocs build --strict`: the help center itself (docs/),
which the browser tests visit page by page, and the demo site (tests/site/demo/:
the same configuration, two pages in three languages), a fixture for what the help
center must never ship: a translation made from an older English page.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load
from playwright.sync_api import BrowserContext, ConsoleMessage, Request, Response

from tests.site.host import HOST
from tools.translations import Site

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {"help": ROOT / "mkdocs.yml", "demo": ROOT / "tests" / "site" / "demo" / "mkdocs.yml"}


# ---------------------------------------------------------------------------
# What the sources say the sites hold


def nav_pages(nav) -> Iterator[str]:
    """Yield the pages of a mkdocs.yml `nav`, in order."""
    for item in nav:
        if isinstance(item, str):
            yield item
        else:  # {title: page} or {section: [items]}
            (value,) = item.values()
            yield from ([value] if isinstance(value, str) else nav_pages(value))


@dataclass(frozen=True)
class SiteSource:
    """A site's configuration and pages, read from its sources (no build needed)."""

    name: str
    config_file: Path

    @cached_property
    def docs(self) -> Site:
        return Site.from_config(self.config_file)

    @cached_property
    def config(self) -> dict:
        with open(self.config_file, "rb") as source:
            return yaml_load(source)

    @cached_property
    def languages(self) -> list[str]:
        """Return the languages built: the default and those with pages."""
        return [self.docs.default_language, *self.docs.started_languages()]

    @cached_property
    def pages(self) -> list[str]:
        """Return the English pages (relative to docs/en/), in navigation order."""
        listed = list(nav_pages(self.config.get("nav", [])))
        pages = self.docs.source_pages()
        return [page for page in listed if page in pages] + [p for p in pages if p not in listed]

    def language_config(self, language: str) -> dict:
        (i18n,) = [p["i18n"] for p in self.config["plugins"] if isinstance(p, dict) and "i18n" in p]
        (found,) = [item for item in i18n["languages"] if item["locale"] == language]
        return found

    def site_name(self, language: str) -> str:
        return self.language_config(language).get("site_name") or self.config["site_name"]

    def root(self, language: str) -> str:
        """Return the language's root, relative to the site's ("" for the default)."""
        return "" if language == self.docs.default_language else f"{language}/"

    def path(self, language: str, page: str) -> str:
        """Return the page's path in the built site (use_directory_urls is off)."""
        return self.root(language) + re.sub(r"\.md$", ".html", page)

    def markdown(self, language: str, page: str) -> str:
        return (self.docs.docs_dir / language / page).read_text("utf-8")

    def html_title(self, language: str, page: str) -> str:
        """Return the page's <title> as Material writes it.

        A home page without a title of its own has the site's name alone.
        """
        _, meta = get_data(self.markdown(language, page))
        site_name = self.site_name(language)
        if meta.get("title"):
            return f"{meta['title']} - {site_name}"
        if page == "index.md":
            return site_name
        return f"{self.heading(language, page)} - {site_name}"

    def title(self, language: str, page: str) -> str:
        """Return the page's title: its front matter's, or its first heading's text."""
        _, meta = get_data(self.markdown(language, page))
        return meta.get("title") or self.heading(language, page)

    def heading(self, language: str, page: str) -> str:
        """Return the text of the page's level-1 heading, without its attributes."""
        body, _ = get_data(self.markdown(language, page))
        match = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", body, re.MULTILINE)
        assert match, f"{language}/{page} has no level-1 heading"
        return match.group(1)

    def anchors(self, language: str, page: str) -> list[str]:
        """Return the explicit ids of the page's level-2 headings, in order."""
        body, _ = get_data(self.markdown(language, page))
        return re.findall(r"^## .*?\{[^}]*#([\w-]+)[^}]*\}\s*$", body, re.MULTILINE)


SOURCES = {name: SiteSource(name, path) for name, path in CONFIGS.items()}


@dataclass(frozen=True)
class SitePage:
    """One page of one site in one language: what the tests are parametrized over."""

    site: str
    language: str
    page: str

    @property
    def source(self) -> SiteSource:
        return SOURCES[self.site]

    @property
    def path(self) -> str:
        return self.source.path(self.language, self.page)

    def __str__(self) -> str:
        return f"{self.site}:{self.language}/{self.page.removesuffix('.md')}"


def site_pages(*, sites: tuple[str, ...] = ("help",), multilingual: bool = False) -> list[SitePage]:
    """Return every page in every built language of the sites (with several languages only)."""
    return [SitePage(name, language, page)
            for name in sites
            if not multilingual or len(SOURCES[name].languages) > 1
            for language in SOURCES[name].languages
            for page in SOURCES[name].pages]


def in_language(path: str, site_page: SitePage) -> bool:
    """Return whether a site path belongs to the language of `site_page`."""
    source = site_page.source
    root = "/" + source.root(site_page.language)
    others = ["/" + source.root(language) for language in source.languages
              if language != site_page.language and source.root(language)]
    return path.startswith(root) and not path.startswith(tuple(others))


def parametrized_with(nodeid: str, ids: list[str]) -> str | None:
    """Return which of `ids` (longest first) a test is parametrized with, or None.

    An id stands in the test's parameters between dashes or brackets
    ("...[chromium-help:en/index-light]"); the longest one that does is the test's
    ("help:en/change-plan-gotoassist", not a shorter page's id that starts it).
    """
    if not nodeid.endswith("]"):
        return None
    params = "-" + nodeid.rpartition("[")[2][:-1] + "-"
    return next((found for found in ids if f"-{found}-" in params), None)


def by_page(pages: list[SitePage]) -> dict:
    """Return pytest.mark.parametrize arguments over `pages`, named by site, language and page.

    Each page's tests, in whichever file, are one xdist group (`--dist loadgroup`): one
    worker runs them all, on one visit of the page (tests/site/visits.py). The group is
    also found from the test's id (parametrized_with), as tests/conftest.py's scheduler does.
    """
    return {"argnames": "site_page",
            "argvalues": [pytest.param(p, id=str(p), marks=pytest.mark.xdist_group(str(p)))
                          for p in pages]}


# ---------------------------------------------------------------------------
# Built and served, once per test run


@dataclass(frozen=True)
class BuiltSite:
    """A site built into `root` and served at `url`, the address it was built for."""

    source: SiteSource
    root: Path
    url: str

    def url_of(self, site_page: SitePage) -> str:
        return self.url + site_page.path

    def html(self, site_page: SitePage) -> str:
        return (self.root / site_page.path).read_text("utf-8")


# The hosts this process started (tests/site/host.py), by site name.
HOSTS: dict[str, subprocess.Popen] = {}


def shared_site(source: SiteSource, run_folder: Path, run_pid: int) -> BuiltSite:
    """Return the site built and served once for the whole test run.

    The first xdist worker to ask builds it into `run_folder` (shared by the run's
    workers) while the others wait on a lock, then read what it wrote: one build,
    one host, one address for every worker, and the site built for that address.
    A failed build is recorded too, so that every worker reports it without building again.
    """
    record = run_folder / f"site-{source.name}.json"
    with open(run_folder / f"site-{source.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            built = build_and_serve(source, run_folder / f"site-{source.name}", run_pid)
            record.write_text(json.dumps(built), "utf-8")
    built = json.loads(record.read_text("utf-8"))
    if "error" in built:
        pytest.fail(built["error"])
    return BuiltSite(source, Path(built["root"]), built["url"])


def build_and_serve(source: SiteSource, out: Path, run_pid: int) -> dict[str, str]:
    """Start a host for `out`, then build the site with `mkdocs build --strict` for its address.

    The host (tests/site/host.py, a production host as tools/static_server.py is one)
    serves until the process `run_pid` ends: the worker that builds may end first.
    """
    out.mkdir()
    log = open(out.with_suffix(".host.log"), "w")  # noqa: SIM115 (the host's, for as long as it runs)
    host = subprocess.Popen([sys.executable, "-m", "tests.site.host", str(out), str(run_pid)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True)
    log.close()
    url = host.stdout.readline().strip()
    host.stdout.close()
    if not url:
        return {"error": f"the tests' host did not start for {source.name}: "
                         f"{out.with_suffix('.host.log').read_text('utf-8')[-4000:]}"}
    HOSTS[source.name] = host
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(source.config_file), "--site-dir", str(out)],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        stop_hosts([source.name])
        return {"error": f"mkdocs build --strict failed for {source.name}:\n{done.stderr[-4000:]}"}
    return {"root": str(out), "url": url}


def stop_hosts(names: list[str] | None = None) -> None:
    """Stop the hosts this process started (by default all of them)."""
    for name in list(HOSTS) if names is None else names:
        host = HOSTS.pop(name)
        host.terminate()
        host.wait()


# ---------------------------------------------------------------------------
# What the browser did


REPORT_POLICY_VIOLATIONS = """addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`);
});"""


@dataclass
class Traffic:
    """What the pages of a browser context requested and reported, since the last clear()."""

    off_site: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.off_site.clear()
        self.failed.clear()
        self.errors.clear()

    def problems(self) -> list[str]:
        return ([f"request off the site: {url}" for url in self.off_site]
                + [f"failed request: {failure}" for failure in self.failed]
                + [f"console error: {error}" for error in self.errors])

    def watch(self, context: BrowserContext) -> BrowserContext:
        """Route every request of `context`: only 127.0.0.1 is let through."""

        def route(route, request: Request) -> None:
            if urlsplit(request.url).hostname == HOST:
                route.continue_()
            else:
                self.off_site.append(request.url)
                route.abort("blockedbyclient")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                self.failed.append(f"{response.status} {response.url}")

        def on_request_failed(request: Request) -> None:
            # NOTE: a download cut short by leaving the page (the panel's runtime, still
            # loading when a test moves on) is aborted, not missing: 404s are responses.
            if urlsplit(request.url).hostname == HOST and request.failure != "net::ERR_ABORTED":
                self.failed.append(f"{request.failure} {request.url}")

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(message.text)

        # The browser logs what the site's policy blocks as a console error; this also
        # names the directive, so a report says which rule a page broke.
        context.add_init_script(REPORT_POLICY_VIOLATIONS)
        context.route("**/*", route)
        context.on("response", on_response)
        context.on("requestfailed", on_request_failed)
        context.on("console", on_console)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))
        return context
