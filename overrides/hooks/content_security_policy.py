"""A strict Content-Security-Policy for the built site: a `<meta>` in every page, and `_headers`.

Nothing but the site's own files may run: Material's few inline scripts are
allowed by their hashes, computed from the pages as built, and Pyodide may
compile WebAssembly ('wasm-unsafe-eval'), nothing more (no eval).

A page's `<meta>` policy does not reach the workers it starts from a URL (the
panel's Pyodide, the search): they take the policy of their own response. So the
build also writes `_headers`, the file in which Netlify and Cloudflare Pages
(and the test server) take per-path headers; other hosts get the same header from
their configuration (see the README).

Every page carries the hashes of every page: Material's instant navigation keeps
the first page's policy and runs the next page's inline scripts under it.
Writers' previews (`mkdocs serve`) go without, as its live-reload script is inline.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.plugins import event_priority

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<code>.*?)</script>", re.S)
# Only scripts that run need a hash: not data blocks such as Material's JSON config.
DATA_BLOCK = re.compile(r"""\b(?:src=|type=["']?(?!text/javascript|module)[\w/+-])""")
HEAD = re.compile(r"<head>\s*<meta charset=\"utf-8\">")
HEADERS_FILE = "_headers"

_serving = False


def on_startup(command, **_):
    global _serving
    _serving = command == "serve"


def policy(script_hashes: set[str]) -> str:
    sources = " ".join(f"'sha256-{digest}'" for digest in sorted(script_hashes))
    return ("default-src 'self'; "
            f"script-src 'self' 'wasm-unsafe-eval' {sources}; "
            "worker-src 'self'; object-src 'none'; base-uri 'none'")


def inline_script_hashes(html: str) -> set[str]:
    return {base64.b64encode(hashlib.sha256(match["code"].encode()).digest()).decode()
            for match in INLINE_SCRIPT.finditer(html) if not DATA_BLOCK.search(match["attributes"])}


def with_policy_meta(html: str, content: str) -> str:
    """Return the page with the policy as the first thing after its charset, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    page, found = HEAD.subn(lambda match: f"{match[0]}\n    {meta}", html, count=1)
    if not found:
        raise ValueError("page without <head><meta charset>: the policy would come too late")
    return page


def headers_file(content: str) -> str:
    return ("# Response headers for every path, in the _headers format of Netlify and\n"
            "# Cloudflare Pages. Written by the site build; see the README for other hosts.\n"
            "/*\n"
            f"  Content-Security-Policy: {content}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            # No framing (a <meta> policy cannot say frame-ancestors), no shared window.
            "  X-Frame-Options: DENY\n"
            "  Cross-Origin-Opener-Policy: same-origin\n")


@event_priority(-150)  # after the i18n plugin (-100) has built every language
def on_post_build(config, **_):
    i18n = config.plugins.get("i18n")
    if _serving or (i18n is not None and i18n.building):  # once, when the site is complete
        return
    site = Path(config.site_dir)
    pages = {path: path.read_text("utf-8") for path in site.rglob("*.html")}
    content = policy(set().union(*map(inline_script_hashes, pages.values())))
    for path, html in pages.items():
        path.write_text(with_policy_meta(html, content), "utf-8")
    (site / HEADERS_FILE).write_text(headers_file(content), "utf-8")
