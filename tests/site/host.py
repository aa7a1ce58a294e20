"""The tests' host: serves a built site as tools/static_server.py does, until the test run ends.

    python -m tests.site.host SITE_FOLDER RUN_PID

Prints the address it serves at as its only line of output, then serves until the
process RUN_PID (pytest, or with xdist its controller) has ended. One host serves
each built site for the whole run: every xdist worker tests the site at the one
address it was built for (tests/site/sites.py), even after the worker that built
it has finished.
"""

from __future__ import annotations

import os
import select
import sys
import time
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from tools.static_server import StaticHost, serve

HOST = "127.0.0.1"


class Unthrottled(StaticHost):
    """Serves files as a production host does, with the header that lifts linkchecker's limit.

    Without it linkchecker waits 0.1-0.6 s between two requests to one host: minutes here.
    NOTE: browsers ignore the header; every site the tests serve sends it, so that
    linkchecker can crawl the site at the address it was built for.
    """

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


def unthrottled(server: ThreadingHTTPServer) -> partial:
    """Return the server's handler (a partial of StaticHost) with Unthrottled in its place."""
    return partial(Unthrottled, **server.RequestHandlerClass.keywords)


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
    server.RequestHandlerClass = unthrottled(server)
    print(f"http://{HOST}:{server.server_address[1]}/", flush=True)
    sys.stdout.close()  # the reader has its line: nothing more comes
    wait_until_ended(run_pid)
    server.shutdown()


if __name__ == "__main__":
    main()
