"""The Content-Security-Policy the site promises: written by the build, sent by the host, kept.

Every browser test also counts violations (tests/site/sites.py reports each one
as a console error, which fails the test); these prove that the policy is there,
is the promised one, is enforced, and that the panel fails cleanly without wasm.
"""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.site.panels import START_MS, panel, result
from tests.site.sites import ROOT, BuiltSite, SitePage
from tools.static_server import HeaderRules, serve

PLAN_ARTICLE = SitePage("help", "en", "change-plan-gotoassist.md")
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
PROMISED = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # and the hashes of inline scripts
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
}
SCRIPT_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in
            (part.split() for part in policy.split(";") if part.strip())}


def header_policy(built: BuiltSite) -> str:
    rules = HeaderRules.parse((built.root / "_headers").read_text("utf-8"))
    (policy,) = [value for name, value in rules.for_path("/index.html")
                 if name == "Content-Security-Policy"]
    return policy


def start_timeout_ms() -> int:
    """The panel's own bound on a start, as its client sets it."""
    source = (ROOT / "overrides" / "try-it" / "client.js").read_text("utf-8")
    return int(re.search(r"const START_TIMEOUT_MS = (\d+);", source)[1])


def test_the_policy_is_the_promised_one(built_sites):
    found = directives(header_policy(built_sites["help"]))
    hashes = [source for source in found["script-src"] if SCRIPT_HASH.fullmatch(source)]
    assert hashes, "Material's inline scripts need their hashes"
    assert {**found, "script-src": [s for s in found["script-src"] if s not in hashes]} == PROMISED


def test_every_page_carries_the_policy_before_any_script(built_sites):
    built = built_sites["help"]
    policy = header_policy(built)
    pages = sorted(built.root.rglob("*.html"))
    assert len(pages) >= 42
    for path in pages:
        html = path.read_text("utf-8")
        meta = META_POLICY.search(html)
        assert meta, f"{path.relative_to(built.root)} has no policy"
        assert meta[1] == policy
        first_script = html.find("<script")
        assert first_script == -1 or meta.start() < first_script


@pytest.mark.parametrize(("pattern", "content_type", "cache"), [
    ("index.html", "text/html", "no-cache"),
    ("assets/try-it/pyodide-314.0.7/pyodide.asm.wasm", "application/wasm", "immutable"),
    ("assets/try-it/pyodide.asm.*.mjs", "text/javascript", "immutable"),  # patched by the build
])
def test_the_host_sends_policy_type_compression_and_caching(built_sites, pattern, content_type,
                                                             cache):
    built = built_sites["help"]
    (file,) = built.root.glob(pattern)
    path = file.relative_to(built.root).as_posix()
    request = urllib.request.Request(built.url + path, method="HEAD",
                                     headers={"Accept-Encoding": "gzip, deflate, br"})
    with urllib.request.urlopen(request) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == header_policy(built)
    assert headers["Content-Type"].startswith(content_type)
    assert headers["Content-Encoding"] == "br"
    assert cache in headers["Cache-Control"]


def test_the_worker_gets_the_policy_from_its_response(built_sites):
    """A page's <meta> does not reach a worker started from a URL: its own header must."""
    built = built_sites["help"]
    (worker,) = (built.root / "assets" / "try-it").glob("bundle.*/worker.js")
    with urllib.request.urlopen(built.url + worker.relative_to(built.root).as_posix()) as response:
        assert response.headers["Content-Security-Policy"] == header_policy(built)
        assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.browser
def test_an_injected_inline_script_does_not_run(page: Page, built_sites, traffic):
    """The policy is enforced, not only written: markup that slips in cannot run code."""
    page.goto(built_sites["help"].url_of(PLAN_ARTICLE))
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.canary = 'ran'";
      document.body.append(script);
    }""")
    page.wait_for_function("() => true")
    assert page.evaluate("window.canary") is None
    assert any("CSP violation: script-src-elem" in error for error in traffic.errors)
    traffic.clear()  # the violation is this test's doing


def without_wasm_compilation(rules: HeaderRules) -> HeaderRules:
    return HeaderRules([(pattern, [(name, value.replace(" 'wasm-unsafe-eval'", ""))
                                   for name, value in headers])
                        for pattern, headers in rules.rules])


@pytest.fixture
def site_refusing_wasm(built_sites) -> Iterator[str]:
    """The same built site from a host whose policy leaves out 'wasm-unsafe-eval'."""
    server = serve(built_sites["help"].root, policy=without_wasm_compilation)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_without_wasm_compilation_the_panel_fails_within_its_bound(page: Page, site_refusing_wasm,
                                                                   traffic):
    started = time.monotonic()
    page.goto(site_refusing_wasm + PLAN_ARTICLE.path)
    root = panel(page)
    root.scroll_into_view_if_needed()
    page.wait_for_function("() => document.getElementById('try-it-0').dataset.state === 'error'",
                           timeout=START_MS)
    # The worker finds out at once (it compiles an empty module first), well inside the bound.
    assert time.monotonic() - started <= start_timeout_ms() / 1000
    assert result(root)["origin"] == "static"
    assert result(root)["amounts"]["amount_due"] == "150.00"
    assert "could not start" in root.locator("[data-status]").inner_text()
    traffic.clear()  # the refused compilation is this test's doing
