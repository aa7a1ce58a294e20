"""No broken link or anchor on any page in any language, and no link off the site but to the
product's own addresses: checked by linkchecker crawling the served site.

linkchecker follows what HTML and CSS link to. The files the Try it panel's scripts fetch (its
worker, the simulator's wheel, the Pyodide runtime) are not linked from pages: the browser tests
load them.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site.host import HOST, unthrottled
from tests.site.sites import BuiltSite, site_pages
from tools.static_server import serve

# The places the articles send readers to: the addresses in the Places table of the billing
# rules reference (rules.md), as the source help files give them. Nothing else may be linked.
PRODUCT_ADDRESSES = {
    "https://billing.logmeininc.com",  # billing_center
    "https://myaccount.logmeininc.com",  # my_account
    "https://admin.logmeininc.com",  # admin_center
    "https://link.logmeininc.com/corp-billing",  # corporate_billing_portal
}

LINKCHECKER_CONFIG = """\
[checking]
# The site is served on loopback for this test alone: no need to spare it (see Unthrottled).
maxrequestspersecond=1000
threads=4

[filtering]
# Links off the site are listed, never fetched: the tests run offline.
checkextern=0

[AnchorCheck]

[csv]
# The columns read, and no comment lines (a row may start with "#": a link to an anchor).
# NOTE: line comes last: it is left out, not left empty, for a start URL.
parts=parentname,result,warningstring,valid,url,line
"""


@dataclass(frozen=True)
class CheckedUrl:
    """One URL linkchecker met, as its CSV output reports it."""

    url: str
    parent: str
    line: str
    result: str
    warning: str
    valid: bool

    def __str__(self) -> str:
        where = f"{self.parent}, line {self.line}" if self.parent else "start URL"
        return f"{self.url} ({where}): {self.warning or self.result}"


def linkchecker(start_urls: list[str], workdir: Path) -> list[CheckedUrl]:
    """Crawl from `start_urls` with anchors checked; return every URL met, each once."""
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status", "--verbose",
         "--output", "csv/utf-8", *start_urls],
        check=False, capture_output=True, text=True, encoding="utf-8", timeout=180)
    # NOTE: exit status 1 means "found a broken link", which the assertions report better.
    assert done.returncode in (0, 1), f"linkchecker failed:\n{done.stderr[-4000:]}"
    rows = csv.DictReader(io.StringIO(done.stdout, newline=""), delimiter=";")
    return [CheckedUrl(row["url"], row["parentname"], row["line"] or "", row["result"],
                       row["warningstring"], row["valid"] == "True") for row in rows]


def problems(checked: list[CheckedUrl]) -> list[str]:
    """Return the broken links (errors) and the missing anchors and other warnings."""
    return [str(url) for url in checked if not url.valid or url.warning]


def off_site(checked: list[CheckedUrl], site_url: str) -> dict[str, str]:
    """Return the links leaving the site, each with a page that has it (data: URLs are inline)."""
    return {url.url: url.parent for url in checked
            if not url.url.startswith(site_url) and urlsplit(url.url).scheme != "data"}


def unlisted(links: dict[str, str]) -> list[str]:
    return [f"{url} (on {page})" for url, page in sorted(links.items())
            if url.rstrip("/") not in PRODUCT_ADDRESSES]


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    server = serve(directory, host=HOST)
    server.RequestHandlerClass = unthrottled(server)
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------
# The check can fail: a broken link, a missing anchor and a link off the site are all reported

BROKEN_SITE = {
    "index.html": """<!doctype html><html lang="en"><title>Start</title>
        <a href="other.html#present">kept</a> <a href="other.html#absent">gone</a>
        <a href="missing.html">missing</a> <a href="#top" id="top">here</a> <a href="#nowhere">x</a>
        <a href="https://billing.logmeininc.com">product</a>
        <a href="https://elsewhere.example/page">elsewhere</a></html>""",
    "other.html": """<!doctype html><html lang="en"><title>Other</title>
        <h2 id="present">Present</h2></html>""",
}


def test_linkchecker_reports_broken_links_missing_anchors_and_links_off_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name, html in BROKEN_SITE.items():
        (site / name).write_text(html, "utf-8")
    with serving(site) as url:
        checked = linkchecker([url + "index.html"], tmp_path)
        found = problems(checked)
        assert len(found) == 3, found
        assert any(problem.startswith(f"{url}missing.html (") for problem in found), found
        for anchor in (f"{url}other.html#absent", f"{url}index.html#nowhere"):
            assert any(problem.startswith(f"{anchor} (") and "Anchor" in problem
                       for problem in found), found
        assert unlisted(off_site(checked, url)) == [
            f"https://elsewhere.example/page (on {url}index.html)"]


# ---------------------------------------------------------------------------
# The help center


@pytest.fixture
def unthrottled_site(built_sites) -> BuiltSite:
    """The served help center, answering linkchecker without its wait between requests
    (the tests' host always does: tests/site/host.py)."""
    return built_sites["help"]


def test_no_broken_link_or_anchor_and_no_link_off_the_site_but_the_product(
        unthrottled_site: BuiltSite, tmp_path):
    """Every page of every language is a start, so none is left out for being unlinked."""
    built = unthrottled_site
    pages = [built.url + page.path for page in site_pages()] + [built.url + "404.html"]
    checked = linkchecker(pages, tmp_path)

    checked_pages = {url.url for url in checked}
    assert set(pages) <= checked_pages, f"not checked: {sorted(set(pages) - checked_pages)}"
    anchors = [url for url in checked if urlsplit(url.url).fragment]
    assert anchors, "no link with an anchor was checked"
    found = problems(checked)
    assert found == [], (
        f"{len(found)} broken links or anchors among {len(checked)} URLs "
        f"({len(anchors)} with anchors) from {len(pages)} pages:\n" + "\n".join(found))

    links_off_site = off_site(checked, built.url)
    elsewhere = unlisted(links_off_site)
    assert elsewhere == [], (
        f"{len(elsewhere)} of {len(links_off_site)} addresses linked off the site are not the "
        "product's:\n" + "\n".join(elsewhere))
