"""Shared links to a panel, generated: hostile ones among them, followed in Chromium.

A reader follows links from one article to another (instant navigation, as inside the
site), each carrying a generated scenario: valid ones, wrong values, markup, script and
`javascript:` payloads, broken encodings. tests/site/test_panel_links.py follows a
sample of them and bench/links.py as many as it is asked to: none may run code (a
dialog or the canary would say so), every page keeps a working panel, and the
simulator's errors show at the fields they concern.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from playwright.sync_api import Page

from simulator.boundary import evaluate_json
from tests.site.panels import START_MS, leave_panels
from tests.site.sites import BuiltSite, SitePage

ARTICLES = (SitePage("help", "en", "change-plan-gotoassist.md"),
            SitePage("help", "en", "subscribe-after-free-trial.md"))
CANARY = "window.canary = 1"
PAYLOADS = [
    f"<script>{CANARY}</script>",
    f'"><img src=x onerror="{CANARY}">',
    f"<svg onload=\"{CANARY}\"></svg>",
    f"javascript:{CANARY}",
    f"</textarea></select><script>{CANARY}</script>",
    f"<a href=\"javascript:{CANARY}\">x</a>",
    "{{constructor.constructor('window.canary = 1')()}}",
    "${window.canary = 1}",
    "\u202eevil\u202c", "\u0000", "ten", "", " ", "1e400", "-0", "0x10", "NaN",
    "2026-02-30", "9999-99-99", "10,5", "1.005", "٣", "😀" * 10, "x" * 5000,
]
ODD_VALUES = [None, True, False, 0, -1, 1.5, 10**30, [], {}, ["10"], {"a": "<b>"}]


def encoded(value) -> str:
    """Return `value` as a link carries it (overrides/try-it/link.js): base64url of its JSON."""
    text = json.dumps(value, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def fragment(index: int, scenario: dict) -> str:
    """Return the fragment of a link to the panel `index` with `scenario`."""
    return f"#try-it-{index}={encoded(scenario)}"


def leaf_paths(value: dict, prefix: str = "") -> list[str]:
    paths = []
    for key, item in value.items():
        path = f"{prefix}{key}"
        paths.extend(leaf_paths(item, f"{path}.") if isinstance(item, dict) else [path])
    return paths


def with_value(scenario: dict, path: str, value) -> dict:
    changed = json.loads(json.dumps(scenario))
    *parents, last = path.split(".")
    node = changed
    for key in parents:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[last] = value
    return changed


def fragments(preset: dict, rng: random.Random) -> Iterator[tuple[str, dict | None]]:
    """Yield fragments for panel 0 and the scenario each carries (None: unreadable)."""
    paths = leaf_paths(preset) + ["kind", "locale", "subscription", "extra.field"]
    while True:
        shape = rng.random()
        if shape < 0.70:  # a readable scenario with one or two hostile or wrong values
            scenario = dict(preset)
            for _ in range(rng.choice((1, 1, 2))):
                value = rng.choice(PAYLOADS + ODD_VALUES)
                scenario = with_value(scenario, rng.choice(paths), value)
            yield f"try-it-0={encoded(scenario)}", scenario
        elif shape < 0.80:  # the reader's own valid scenario
            yield f"try-it-0={encoded(preset)}", preset
        else:  # what does not decode to an object
            payload = rng.choice(PAYLOADS)
            yield rng.choice([
                f"try-it-0={payload}",
                f"try-it-0={encoded(payload)}",
                f"try-it-0={encoded([payload])}",
                "try-it-0=" + base64.urlsafe_b64encode(b"\xff\xfe" + payload.encode()).decode(),
                f"try-it-0={'A' * 9000}",
                f"try-it-0={encoded(preset)[:-3]}",
            ]), None


def expected_errors(preset: dict, kind: str, locale: str, scenario: dict) -> list[dict]:
    """What the simulator says of the scenario the panel evaluates from the link."""
    evaluated = {**preset, **scenario, "kind": kind, "locale": locale}
    return json.loads(evaluate_json(json.dumps(evaluated))).get("errors", [])


FOLLOW_LINK = """(href) => {
  const link = document.createElement("a");
  link.href = href;
  link.textContent = "shared link";
  document.querySelector("article").append(link);
  link.click();
}"""
SETTLED = """() => {
  const root = document.getElementById("try-it-0");
  return root && !root.hasAttribute("data-left") && root.dataset.mounted === "true"
    && (root.querySelector("[data-link-problem]")
        || (root.dataset.state === "ready" && Number(root.dataset.evaluations || 0) >= 1));
}"""
SHOWN_ERRORS = """() => {
  const root = document.getElementById("try-it-0");
  const atFields = [...root.querySelectorAll("[data-field]")]
    .filter((f) => !f.querySelector(".try-it__error").hidden).map((f) => f.dataset.field);
  const elsewhere = root.querySelector("[data-form-errors]");
  return {atFields, elsewhere: elsewhere.hidden ? 0 : elsewhere.querySelectorAll("li").length,
          linkProblem: Boolean(root.querySelector("[data-link-problem]"))};
}"""


@dataclass(frozen=True)
class Followed:
    """One link followed: what it carried and what the panel showed."""

    number: int
    fragment: str
    scenario: dict | None  # None: the link does not decode to a scenario
    errors: list[dict]  # what the simulator says of the scenario the panel evaluates
    fields: list[str]  # the panel's fields
    shown: dict  # SHOWN_ERRORS

    def __str__(self) -> str:
        return f"link {self.number}: #{self.fragment[:120]}"


def follow_links(page: Page, built: BuiltSite, count: int, seed: int) -> Iterator[Followed]:
    """Follow `count` generated links, alternately to the two articles, from one page load."""
    page.goto(built.url_of(ARTICLES[1]))
    rng = random.Random(seed)
    panels = {target: first_panel(built, target, rng) for target in ARTICLES}
    for number in range(count):
        target = ARTICLES[number % 2]
        preset, kind, locale, generator = panels[target]
        fragment, scenario = next(generator)
        leave_panels(page)  # waiting for the next page's panel cannot find this one
        page.evaluate(FOLLOW_LINK, built.url_of(target) + "#" + fragment)
        page.wait_for_url(built.url_of(target) + "#**")
        page.wait_for_function(SETTLED, timeout=START_MS)
        shown = page.evaluate(SHOWN_ERRORS)
        if scenario is None:
            yield Followed(number, fragment, None, [], [], shown)
        else:
            yield Followed(number, fragment, scenario,
                           expected_errors(preset, kind, locale, scenario), field_names(page),
                           shown)


def enough_of_each(counts: dict[str, int], links: int) -> bool:
    """Whether the sample held enough unreadable links and errors at fields: about one
    link in twelve and one in five (20 and 50 of 240)."""
    return counts["unreadable"] >= links // 12 and counts["errors at fields"] >= links * 5 // 24


class FirstPanel(HTMLParser):
    """The first panel's attributes, as the build wrote them into the page."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id") == "try-it-0":
            self.attributes = found


def first_panel(built: BuiltSite, site_page: SitePage, rng: random.Random):
    """Return the article's first panel (its preset, kind and locale) and its fragments."""
    parser = FirstPanel()
    parser.feed(built.html(site_page))
    attributes = parser.attributes
    preset = {key: value for key, value in json.loads(attributes["data-panel"])["preset"].items()
              if key not in ("kind", "locale")}
    return preset, attributes["data-kind"], attributes["data-locale"], fragments(preset, rng)


def field_names(page: Page) -> list[str]:
    return page.locator("#try-it-0 [data-field]").evaluate_all(
        "(fields) => fields.map((f) => f.dataset.field)")
