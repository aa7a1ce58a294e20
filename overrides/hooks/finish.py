"""After each language's build, its own files; once every language is built, the site's rewrites.

The order, written once (on_post_build below):

1. each language, as its build ends: its search index (search.py) and its
   sitemap (i18n.py), at its root;
2. the complete site, once: robots.txt (i18n.py); the panels' worked examples
   (try_it.py), so that the steps after it see the pages as they ship; Material's
   stylesheet icons as files; the Content-Security-Policy of every page, made of
   the hashes of the pages' inline scripts as they are now; and last the
   compressed copies of the files, as they are now.

NOTE: the one event priority of the site's hooks: mkdocs-static-i18n builds the
other languages from within its own post_build (priority -100), then writes one
search index of all languages at the root, and leaves the last language's
sitemap there; this runs after it (-110). Every other handler runs in the order
of `hooks:` in mkdocs.yml.

Icons: the site's policy allows images from its own origin only (`default-src
'self'`), which blocks `data:` images, and Material draws admonition, tab and
search icons from `data:` SVGs in its CSS. As files named by their content they
are allowed, cached for good, and fetched only by the pages that show them.

Content-Security-Policy: nothing but the site's own files may run: Material's
few inline scripts (and the one that starts a linked panel's worker) are allowed
by their hashes, and Pyodide may compile WebAssembly ('wasm-unsafe-eval'),
nothing more (no eval). Every page carries the hashes of every page: Material's
instant navigation keeps the first page's policy and runs the next page's inline
scripts under it. A page's `<meta>` policy does not reach the workers it starts
from a URL (the panel's Pyodide, the search): they take the policy of their own
response. So the build also writes `_headers`, the file in which Netlify and
Cloudflare Pages (and the test server) take per-path headers; other hosts get the
same header from their configuration (see the README).

Compression: `.br` and `.gz` beside each large text, wasm, zip and `.bin` file.
Static hosts serve them to browsers that accept them, with no compression work
per request and at a quality no host compresses at on the fly (brotli 11): the
panel's runtime goes from about 24 MB to about 6 MB on the wire. Compressing
Pyodide at brotli 11 takes most of a minute, so each result is kept in .cache/ by
the content's hash: a build compresses only what changed.

Writers' previews (`mkdocs serve`) go without the policy (its live-reload script
is inline) and without compression.

NOTE: the steps of other hooks are their modules' functions, imported here: MkDocs
loads each hook under its own path, so these are second copies of those modules,
and the steps keep no state.
"""

from __future__ import annotations

import base64
import fcntl
import gzip
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote

import brotli
import i18n  # hooks beside this one: their functions only (see the NOTE above)
import search
import try_it
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
_serving = False


def on_startup(command, **_):
    global _serving
    _serving = command == "serve"


@event_priority(-110)  # after mkdocs-static-i18n's post_build (-100): see the NOTE above
def on_post_build(config, **_):
    search.write_language_index(config)
    i18n.write_language_sitemap(config)
    if not i18n.is_site_complete(config):
        return
    site = Path(config.site_dir)
    i18n.write_robots_txt(config)
    try_it.write_worked_examples(site)
    move_stylesheet_icons(site)
    if _serving:
        return
    add_content_security_policy(site)
    precompress(site)


# ---------------------------------------------------------------------------
# Material's stylesheet icons, as files

DATA_SVG = re.compile(r"""url\((["']?)data:image/svg\+xml;charset=utf-8,(?P<svg>.*?)\1\)""")
ICONS = "assets/images/stylesheet-icons"


def _with_icon_files(css: str, icons: dict[str, str], icons_url: str) -> str:
    """Return `css` with each data: SVG replaced by a URL; `icons` collects file name -> SVG."""

    def to_file(match: re.Match) -> str:
        svg = unquote(match["svg"])
        name = f"{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"
        icons[name] = svg
        return f'url("{icons_url}/{name}")'

    return DATA_SVG.sub(to_file, css)


def move_stylesheet_icons(site: Path) -> None:
    icons: dict[str, str] = {}
    for stylesheet in (site / "assets" / "stylesheets").glob("*.css"):
        css = stylesheet.read_text("utf-8")
        icons_url = Path(os.path.relpath(site / ICONS, stylesheet.parent)).as_posix()
        rewritten = _with_icon_files(css, icons, icons_url)
        if rewritten != css:
            stylesheet.write_text(rewritten, "utf-8")
    (site / ICONS).mkdir(parents=True, exist_ok=True)
    for name, svg in icons.items():
        (site / ICONS / name).write_text(svg, "utf-8")


# ---------------------------------------------------------------------------
# The Content-Security-Policy

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<code>.*?)</script>", re.DOTALL)
# Only scripts that run need a hash: not data blocks such as Material's JSON config.
DATA_BLOCK = re.compile(r"""\b(?:src=|type=["']?(?!text/javascript|module)[\w/+-])""")
HEAD = re.compile(r"<head>\s*<meta charset=\"utf-8\">")
HEADERS_FILE = "_headers"


def policy(script_hashes: set[str]) -> str:
    sources = " ".join(f"'sha256-{digest}'" for digest in sorted(script_hashes))
    return ("default-src 'self'; "
            f"script-src 'self' 'wasm-unsafe-eval' {sources}; "
            "worker-src 'self'; object-src 'none'; base-uri 'none'")


def _inline_script_hashes(html: str) -> set[str]:
    return {base64.b64encode(hashlib.sha256(match["code"].encode()).digest()).decode()
            for match in INLINE_SCRIPT.finditer(html) if not DATA_BLOCK.search(match["attributes"])}


def _with_policy_meta(html: str, content: str) -> str:
    """Return the page with the policy as the first thing after its charset, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    page, found = HEAD.subn(lambda match: f"{match[0]}\n    {meta}", html, count=1)
    if not found:
        raise ValueError("page without <head><meta charset>: the policy would come too late")
    return page


def _headers_file(content: str) -> str:
    return ("# Response headers for every path, in the _headers format of Netlify and\n"
            "# Cloudflare Pages. Written by the site build; see the README for other hosts.\n"
            "/*\n"
            f"  Content-Security-Policy: {content}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            # No framing (a <meta> policy cannot say frame-ancestors), no shared window.
            "  X-Frame-Options: DENY\n"
            "  Cross-Origin-Opener-Policy: same-origin\n")


def add_content_security_policy(site: Path) -> None:
    pages = {path: path.read_text("utf-8") for path in site.rglob("*.html")}
    content = policy(set().union(*map(_inline_script_hashes, pages.values())))
    for path, html in pages.items():
        path.write_text(_with_policy_meta(html, content), "utf-8")
    (site / HEADERS_FILE).write_text(_headers_file(content), "utf-8")


# ---------------------------------------------------------------------------
# Compressed copies

CACHE = ROOT / ".cache" / "compressed"
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".bin", ".svg",
                ".xml", ".txt", ".map"}
# Below a packet's size compression saves no round trip; under a tenth smaller it
# is not worth the host's negotiation.
MIN_SIZE = 1400
MIN_SAVING = 0.10
ENCODINGS = {
    "br": lambda data: brotli.compress(data, quality=11, lgwin=24),
    "gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),  # mtime: same bytes
}


def _compressed(data: bytes, encoding: str) -> bytes:
    """Return `data` compressed, from the cache when the same bytes were compressed before."""
    cached = CACHE / f"{hashlib.sha256(data).hexdigest()}.{encoding}"
    if cached.exists():
        return cached.read_bytes()
    CACHE.mkdir(parents=True, exist_ok=True)
    # Parallel builds (the tests' workers) wait for one another instead of all compressing.
    with open(cached.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            partial = cached.with_suffix(f".{encoding}.partial")
            partial.write_bytes(ENCODINGS[encoding](data))
            partial.replace(cached)
    return cached.read_bytes()


def precompress(site: Path) -> None:
    files = [path for path in site.rglob("*")
             if path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE]
    for path in files:
        data = path.read_bytes()
        for encoding in ENCODINGS:
            packed = _compressed(data, encoding)
            target = path.with_name(f"{path.name}.{encoding}")
            if len(packed) <= len(data) * (1 - MIN_SAVING):
                target.write_bytes(packed)
            else:
                target.unlink(missing_ok=True)
