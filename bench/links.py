"""Hostile shared links: at least 240 generated links to a panel followed in Chromium.

    python bench/links.py [--links 240] [--seed N]

Builds the site, serves it as a production static host would, and follows generated
links from one article to another (tests/site/links.py): valid scenarios, wrong values,
markup, script and `javascript:` payloads, broken encodings. For each, the panel must
show the simulator's errors at the fields they concern (or that the link could not be
read), and no link may run code. Prints counts per kind of link, every breach with its
link, and links per second. Ends with one line per target, `target <name> <value>
<limit> PASS|FAIL`; exits 1 when a link breaks the panel, as bench/fuzz.py does.
The tests follow a fixed sample of 48 (tests/site/test_panel_links.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from bench.site import CHROMIUM_ARGS, build_site
from tests.site.links import enough_of_each, follow_links
from tests.site.sites import SOURCES, BuiltSite
from tools.static_server import serve

TARGET_LINKS = 240


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=TARGET_LINKS,
                        help="links to follow (default %(default)s)")
    parser.add_argument("--seed", type=int, default=None,
                        help="the links' seed; a new one each run unless given")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)

    counts = {"valid": 0, "errors at fields": 0, "errors elsewhere": 0, "unreadable": 0}
    breaches: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp, "site")
        server = serve(site)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        build_site(site, url)
        built = BuiltSite(SOURCES["help"], site, url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS)
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            start = time.perf_counter()
            for link in follow_links(page, built, args.links, seed):
                breaches += [f"{link}: {problem}" for problem in problems_of(link, counts)]
            seconds = time.perf_counter() - start
            if page.evaluate("window.canary") is not None:
                breaches.append("a link ran code: the canary is set")
            breaches += [f"a link opened a dialog: {message}" for message in dialogs]
            starts = page.evaluate("window.tryItClient.starts")
            if starts != 1:
                breaches.append(f"the panel's worker started {starts} times, not once")
            browser.close()
        server.shutdown()

    print(f"links: {args.links} followed in {seconds:.1f} s "
          f"({args.links / seconds:.1f} per second), seed {seed} (rerun with --seed {seed})")
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    for breach in breaches:
        print(f"  {breach}")
    results = [("links_breaches", len(breaches), 0, not breaches),
               ("links_followed", args.links, TARGET_LINKS, args.links >= TARGET_LINKS),
               ("links_of_each_kind", float(enough_of_each(counts, args.links)), 1,
                enough_of_each(counts, args.links))]
    for name, value, limit, is_ok in results:
        print(f"target {name} {value} {limit} {'PASS' if is_ok else 'FAIL'}")
    return 1 if breaches else 0


def problems_of(link, counts: dict[str, int]) -> list[str]:
    """Count the link by kind; return what the panel showed wrongly for it."""
    shown = link.shown
    if link.scenario is None:
        counts["unreadable"] += 1
        return [] if shown["linkProblem"] else ["an unreadable link, and no word of it"]
    with_control = {e["field"] for e in link.errors} & set(link.fields)
    elsewhere = len([e for e in link.errors if e["field"] not in with_control])
    if not link.errors:
        counts["valid"] += 1
    counts["errors at fields" if with_control else "errors elsewhere"] += bool(link.errors)
    problems = []
    if set(shown["atFields"]) != with_control:
        problems.append(f"errors shown at {sorted(shown['atFields'])}, "
                        f"expected at {sorted(with_control)}")
    if shown["elsewhere"] != elsewhere:
        problems.append(f"{shown['elsewhere']} errors shown above the form, expected {elsewhere}")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
