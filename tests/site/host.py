"""The tests' host: serves a built site as tools/static_server.py does, until the test run ends.

    python -m tests.site.host SITE_FOLDER RUN_PID

Prints the address it serves at as its only line of output, then serves until the
process RUN_PID (pytest, or with xdist its controller) has ended. One host serves
each built site for the whole run: every xdist worker tests the site at the one
address it was built for (tests/site/sites.py), even after the worker that built
it has finished.

For the browsers that Playwright does not drive (tests/site/engines.py), the host
also keeps what it served and is told, and does more for a browser that asks with
a cookie (a browser without the cookie gets the production host's responses):

* `host-report-uri=1`: every Content-Security-Policy header names a report-uri, to
  which the browser posts each violation, a worker's too (a worker takes the policy
  of its own script's response, never the page's `<meta>`, which cannot name one);
* `host-probe=1`: every page starts with `<script src="/__host/probe.js">` (probe.js),
  which keeps the page's errors where WebDriver classic can read them;
* `host-without-wasm=1`: the policy without 'wasm-unsafe-eval', which pages keep in
  their `<meta>` but workers lose: a worker's violation, on purpose.

`GET /__host/log?from=N` answers what was logged from the Nth entry on: each
request (its path, status and user agent) and each violation reported; with
`&wait=MS`, once there is such an entry or MS milliseconds have passed.
"""

from __future__ import annotations

import json
import os
import select
import sys
import threading
import time
from functools import partial
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from tools.static_server import StaticHost, serve

HOST = "127.0.0.1"
PROBE = Path(__file__).with_name("probe.js")
LOG_PATH = "/__host/log"
REPORT_PATH = "/__host/csp-report"
PROBE_PATH = "/__host/probe.js"
PROBE_TAG = f'<script src="{PROBE_PATH}"></script>'.encode()


class Unthrottled(StaticHost):
    """Serves files as a production host does, with the header that lifts linkchecker's limit.

    Without it linkchecker waits 0.1-0.6 s between two requests to one host: minutes here.
    NOTE: browsers ignore the header; every site the tests serve sends it, so that
    linkchecker can crawl the site at the address it was built for.
    """

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class Log:
    """What the host served and was told, in order: requests and violation reports."""

    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.added = threading.Condition()

    def add(self, entry: dict) -> None:
        with self.added:
            self.entries.append(entry)
            self.added.notify_all()

    def since(self, start: int, wait_ms: int = 0) -> dict:
        """Return the entries from the `start`th on, once there is one or `wait_ms` passed."""
        with self.added:
            self.added.wait_for(lambda: len(self.entries) > start, timeout=wait_ms / 1000)
            return {"entries": self.entries[start:], "next": len(self.entries)}


class LoggingHost(Unthrottled):
    """Unthrottled, with the log and, for a browser that asks, report-uri and the probe."""

    log: Log  # one per host, set by logging_host()

    def asks_for(self, name: str) -> bool:
        morsel = SimpleCookie(self.headers.get("Cookie", "")).get(f"host-{name}")
        return morsel is not None and morsel.value == "1"

    def respond(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == LOG_PATH:
            query = {name: int(values[0]) for name, values in
                     parse_qs(urlsplit(self.path).query).items()}
            self.answer(json.dumps(self.log.since(query.get("from", 0), query.get("wait", 0)))
                        .encode(), "application/json", send_body)
        elif path == PROBE_PATH:
            self.answer(PROBE.read_bytes(), "text/javascript; charset=utf-8", send_body)
        elif self.asks_for("probe") and (self.resolve(path) or self.root / "404.html").suffix == ".html":
            self.respond_with_probe(path, send_body)
        else:
            super().respond(send_body=send_body)

    def answer(self, body: bytes, content_type: str, send_body: bool,
               status: HTTPStatus = HTTPStatus.OK, headers: list[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def respond_with_probe(self, path: str, send_body: bool) -> None:
        """The page with the probe first in its <head>, and the page's headers."""
        file = self.resolve(path)
        status = HTTPStatus.OK if file else HTTPStatus.NOT_FOUND
        html = (file or self.root / "404.html").read_bytes()
        assert b"<head>" in html, f"{path}: no <head> to put the probe in"
        self.answer(html.replace(b"<head>", b"<head>" + PROBE_TAG, 1), "text/html; charset=utf-8",
                    send_body, status, self.header_rules().for_path(path))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if urlsplit(self.path).path != REPORT_PATH:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
            return
        try:
            report = json.loads(body)
        except ValueError:
            report = {"unread": body[:500].decode("utf-8", "replace")}
        self.log.add({"report": report.get("csp-report", report) if isinstance(report, dict)
                      else report, "agent": self.headers.get("User-Agent", "")})
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_response(self, code, message=None) -> None:
        path = urlsplit(self.path).path
        if path not in (LOG_PATH, REPORT_PATH):
            self.log.add({"path": path, "status": int(code), "method": self.command,
                          "agent": self.headers.get("User-Agent", "")})
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-security-policy":
            if self.asks_for("without-wasm"):
                value = value.replace(" 'wasm-unsafe-eval'", "")
            if self.asks_for("report-uri"):
                value = f"{value}; report-uri {REPORT_PATH}"
        super().send_header(keyword, value)


def unthrottled(server: ThreadingHTTPServer) -> partial:
    """Return the server's handler (a partial of StaticHost) with Unthrottled in its place."""
    return partial(Unthrottled, **server.RequestHandlerClass.keywords)


def logging_host(server: ThreadingHTTPServer) -> partial:
    """Return the server's handler with LoggingHost in its place, and a new log."""
    handler = type("LoggingHostWithLog", (LoggingHost,), {"log": Log()})
    return partial(handler, **server.RequestHandlerClass.keywords)


def wait_until_ended(pid: int) -> None:
    """Return once the process `pid` has ended."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd (not Linux): look once a second
        while is_running(pid):
            time.sleep(1)
        return
    select.select([handle], [], [])  # readable once the process has ended


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main() -> None:
    folder, run_pid = Path(sys.argv[1]), int(sys.argv[2])
    server = serve(folder, host=HOST)
    server.RequestHandlerClass = logging_host(server)
    print(f"http://{HOST}:{server.server_address[1]}/", flush=True)
    sys.stdout.close()  # the reader has its line: nothing more comes
    wait_until_ended(run_pid)
    server.shutdown()


if __name__ == "__main__":
    main()
