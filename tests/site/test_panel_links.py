"""Shared links are untrusted input: generated fragments, hostile ones among them, in Chromium.

A reader follows generated links from one article to another (instant navigation, as
inside the site): valid scenarios, wrong values, markup, script and `javascript:`
payloads, broken encodings (tests/site/links.py). None may run code (a dialog or the
canary would say so), every page keeps a working panel, and the simulator's errors show
at the fields they concern. A fixed sample of 48 runs here; bench/links.py follows 240
or more, from a new seed each run.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.site.links import enough_of_each, follow_links

pytestmark = pytest.mark.browser

LINKS = 48
SEED = 20261203


def test_generated_links_run_no_code_and_show_errors_at_the_fields(page: Page, built_sites):
    built = built_sites["help"]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    counts = {"valid": 0, "errors at fields": 0, "errors elsewhere": 0, "unreadable": 0}
    for link in follow_links(page, built, LINKS, SEED):
        shown = link.shown
        if link.scenario is None:
            assert shown["linkProblem"], str(link)
            counts["unreadable"] += 1
            continue
        errors = link.errors
        with_control = {e["field"] for e in errors} & set(link.fields)
        assert set(shown["atFields"]) == with_control, str(link)
        assert shown["elsewhere"] == len([e for e in errors if e["field"] not in with_control])
        if not errors:
            counts["valid"] += 1
        counts["errors at fields" if with_control else "errors elsewhere"] += bool(errors)
    assert page.evaluate("window.canary") is None
    assert dialogs == []
    assert page.evaluate("window.tryItClient.starts") == 1
    assert enough_of_each(counts, LINKS), counts
