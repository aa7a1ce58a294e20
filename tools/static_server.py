"""Serve a built site the way a production static host does.

    python -m tools.static_server [site] [--port 8001]

What a host adds to the files, and what the tests and the benchmark rely on:
the content types browsers check (`application/wasm`, module scripts), the
pre-compressed `.br` or `.gz` beside a file for a browser that accepts it, long
caching of content-hashed files and revalidation of the rest, and the headers the
build writes in `_headers` (the Content-Security-Policy among them), in the format
Netlify and Cloudflare Pages read.
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".bin": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
}
# Preferred first: brotli is the smaller.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# A content hash in the name of a file or a folder (python-snapshot.3f2a9c01b4de.bin,
# bundle.3f2a9c01b4de/worker.js) or a version folder (pyodide-314.0.7/): such a name
# never gets other bytes, so it may be cached for good.
IMMUTABLE = re.compile(r"\.[0-9a-f]{8,}(?:\.\w+$|/)|/pyodide-\d[\w.]*/")
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@dataclass
class HeaderRules:
    """The `_headers` file: a path pattern, then its headers indented beneath it."""

    rules: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> HeaderRules:
        rules: list[tuple[str, list[tuple[str, str]]]] = []
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                rules.append((line.strip(), []))
            elif rules:
                name, _, value = line.strip().partition(":")
                rules[-1][1].append((name.strip(), value.strip()))
        return cls(rules)

    def for_path(self, path: str) -> list[tuple[str, str]]:
        return [header for pattern, headers in self.rules
                if fnmatch.fnmatchcase(path, pattern) for header in headers]


class StaticHost(BaseHTTPRequestHandler):
    """GET and HEAD of the files under `root`; nothing else."""

    protocol_version = "HTTP/1.1"

    def __init__(self, *args, root: Path, policy: Callable[[HeaderRules], HeaderRules],
                 **kwargs):
        self.root, self.policy = root, policy
        super().__init__(*args, **kwargs)

    def header_rules(self) -> HeaderRules:
        """Return the `_headers` of the site as built now (a rebuild may change them)."""
        file = self.root / "_headers"
        return self.policy(HeaderRules.parse(file.read_text("utf-8") if file.is_file() else ""))

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, *, send_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        file = self.resolve(url_path)
        if file is None:
            file, status = self.root / "404.html", HTTPStatus.NOT_FOUND
            if not file.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        else:
            status = HTTPStatus.OK
        served, encoding = self.negotiate(file)
        stat = served.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding or "identity"}"'
        if status == HTTPStatus.OK and self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = served.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        cache = LONG_CACHE if IMMUTABLE.search(url_path) and status == HTTPStatus.OK else REVALIDATE
        self.send_header("Cache-Control", cache)
        for name, value in self.header_rules().for_path(url_path):
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def resolve(self, url_path: str) -> Path | None:
        """Return the file for a URL path, or None: never a file outside the root."""
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def negotiate(self, file: Path) -> tuple[Path, str | None]:
        """Return the pre-compressed variant the browser accepts, if the build wrote one."""
        accepted = {part.split(";")[0].strip() for part in
                    self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in ENCODINGS:
            variant = file.with_name(file.name + suffix)
            if encoding in accepted and variant.is_file():
                return variant, encoding
        return file, None

    def log_message(self, format, *args):  # callers report failed requests themselves
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that leaves a page cancels its downloads: not the server's error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(root: Path, port: int = 0, *, host: str = "127.0.0.1",
          policy: Callable[[HeaderRules], HeaderRules] | None = None) -> ThreadingHTTPServer:
    """Start serving `root` in a background thread; `policy` may rewrite its `_headers`."""
    handler = partial(StaticHost, root=root.resolve(), policy=policy or (lambda rules: rules))
    server = QuietServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    server = serve(args.site, args.port)
    print(f"Serving {args.site} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
