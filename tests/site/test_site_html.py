"""Every built page of every language is valid HTML for the Nu Html Checker (vnu), but for
a short list of Material's own markup, each entry saying why it is harmless.

Our templates, hooks and the Try it panel get no allowance: what they write must be valid.
The pages are checked as served, not as files: vnu checks each page's Content-Security-Policy
against what the page loads, and under a file: URL 'self' matches nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from tests.site.sites import ROOT, site_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = os.environ.get("JAVA", "java")  # vnu.jar 26 needs Java 17 or newer


@dataclass(frozen=True)
class Allowed:
    """A vnu message allowed where it quotes the given markup, and why."""

    message: str  # a regular expression over vnu's message
    markup: str  # a regular expression over the markup vnu quotes (its "extract")
    why: str

    def allows(self, message: dict) -> bool:
        return bool(re.search(self.message, message["message"])
                    and re.search(self.markup, message.get("extract", "")))


MATERIAL_MARKUP = (
    Allowed(r"^Attribute “autocomplete” is only allowed when the input type is ",
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
            r'id="__(drawer|search)" autocomplete="off">',
            "Material's base.html: the drawer and search toggles are hidden checkboxes; "
            "autocomplete=off keeps Firefox from restoring them open after a reload, and other "
            "browsers ignore it."),
    Allowed(r"^Inline script violates Content Security Policy .*“script-src”",
            r'<script id="__config" type="application/json">',
            "Material's base.html: its settings are a JSON data block, which browsers never run, "
            "so script-src does not apply to it (vnu checks it as if it were a script)."),
    Allowed(r"^Bad value “” for attribute “tabindex” on element “label”",
            r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" '
            r'tabindex="">',
            "Material's partials/nav-item.html: with navigation.sections a section's heading "
            "gets an empty tabindex, which browsers read as none: the heading is not focusable, "
            "as meant."),
)


def is_defect(message: dict) -> bool:
    """Errors, warnings and files vnu could not read count; info messages are advice.

    (vnu's infos here: the trailing slash of Python-Markdown's `<hr />`.)
    """
    return message["type"] != "info" or message.get("subType") == "warning"


def validate(urls: list[str]) -> list[dict]:
    """Return vnu's messages for all `urls`, checked in one run."""
    if shutil.which(JAVA) is None:
        pytest.fail(f"vnu needs Java 17 or newer: {JAVA!r} is not on the PATH (set JAVA)")
    done = subprocess.run(
        # NOTE: vnu refuses to fetch from loopback addresses unless told to.
        [JAVA, "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-jar", str(VNU),
         "--format", "json", "--stdout", "--exit-zero-always", *urls],
        check=False, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, f"vnu failed:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)["messages"]


def where(message: dict, site_url: str) -> str:
    return f"{message.get('url', '').removeprefix(site_url)}:{message.get('lastLine', '?')}"


def test_every_page_is_valid_html(built_sites):
    built = built_sites["help"]
    pages = sorted(page.relative_to(built.root).as_posix() for page in built.root.rglob("*.html"))
    missing = {page.path for page in site_pages()} - set(pages)
    assert not missing, f"pages not built: {sorted(missing)}"

    messages = validate([built.url + page for page in pages])
    defects = [message for message in messages if is_defect(message)]
    unexplained = [message for message in defects
                   if not any(allowed.allows(message) for allowed in MATERIAL_MARKUP)]
    assert unexplained == [], (
        f"{len(unexplained)} errors on {len({m.get('url') for m in unexplained})} of "
        f"{len(pages)} pages validated ({len(defects) - len(unexplained)} more allowed):\n"
        + "\n".join(f"{where(m, built.url)}: {m['message']} [{m.get('extract', '').strip()}]"
                    for m in unexplained))

    stale = [allowed.why for allowed in MATERIAL_MARKUP
             if not any(allowed.allows(message) for message in defects)]
    assert stale == [], f"allowances that allow nothing any more (remove them): {stale}"
