"""The "Try it" panels as the tests see them: where they are, their state, their result."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Worker

from articles import TRY_IT_BLOCK
from tests.site.sites import SOURCES, BuiltSite, SitePage, Traffic

KIND = re.compile(r"^kind:\s*(\S+)", re.MULTILINE)
# The panel's bundle: its browser code in a folder named by its content.
BUNDLE = "**/assets/try-it/bundle.*/"
PANEL_WORKER = re.compile(r"/assets/try-it/bundle\.[0-9a-f]+/worker\.js(#held)?$")
# Cold starts of Pyodide take seconds here; a start that fails must end within the
# panel's own bound (START_TIMEOUT_MS in client.js), which this stays above.
START_MS = 60_000

# Whether the panel `id` shows its live result, after `count` answers at least; it
# scrolls the panel into view (which starts it) at every check: after an instant
# navigation the panel of the page left behind may still be there for a moment.
IS_LIVE = """([id, count]) => {
  const root = document.getElementById(id);
  if (!root || root.hasAttribute("data-left")) return false;  // see leave_panels
  root.scrollIntoView({ block: "nearest" });
  return root.dataset.state === "ready"
    && Number(root.dataset.evaluations || 0) >= count
    && root.querySelector("[data-result]").dataset.origin === "live";
}"""

# Reads what a result box shows, by its data attributes and texts.
READ_RESULT = """(box) => ({
  origin: box.dataset.origin,
  summary: box.querySelector(".try-it__summary, .try-it__verdict").textContent.trim(),
  outcome: box.querySelector("[data-outcome]")?.dataset.outcome ?? null,
  verdict: box.querySelector("[data-verdict]")?.dataset.verdict ?? null,
  channel: box.querySelector("[data-channel]").dataset.channel,
  amounts: Object.fromEntries([...box.querySelectorAll("[data-amount]")]
    .map((cell) => [cell.closest("tr").dataset.row, cell.dataset.amount])),
  period: [...box.querySelectorAll("[data-start]")].map((c) => [c.dataset.start, c.dataset.end]),
  renewal: box.querySelector("[data-renewal]")?.dataset.renewal ?? null,
  steps: [...box.querySelectorAll("[data-step]")].map((li) => [li.dataset.step, li.textContent.trim()]),
  notices: [...box.querySelectorAll("[data-notice]")]
    .map((n) => [n.dataset.notice, n.lastElementChild.textContent.trim()]),
})"""


@dataclass(frozen=True)
class PanelPage:
    """One page with a panel: the page, and the panel's index and kind on it."""

    site_page: SitePage
    index: int
    kind: str

    def __str__(self) -> str:
        return f"{self.site_page}#{self.index}-{self.kind}"


def panel_pages(language: str | None = None) -> list[PanelPage]:
    """Return every panel of the help center's pages (in one language, or in all)."""
    source = SOURCES["help"]
    found = []
    for lang in source.languages if language is None else [language]:
        for page in source.pages:
            for index, match in enumerate(TRY_IT_BLOCK.finditer(source.markdown(lang, page))):
                found.append(PanelPage(SitePage("help", lang, page), index,
                                       KIND.search(match["body"])[1]))
    return found


def panel_workers(page: Page) -> list[Worker]:
    """Return the page's simulator workers (Material's search has a worker of its own)."""
    return [worker for worker in page.workers if PANEL_WORKER.search(worker.url)]


def by_panel(panels: list[PanelPage]) -> dict:
    """Return pytest.mark.parametrize arguments over `panels`; each panel's tests are one
    xdist group (`--dist loadgroup`), so that they can share its start (StartedPanels)."""
    return {"argnames": "panel_page",
            "argvalues": [pytest.param(p, id=str(p), marks=pytest.mark.xdist_group(str(p)))
                          for p in panels]}


@dataclass
class StartedPanels:
    """One page at a time with a live panel, for the tests of that panel that only read it.

    The page is loaded and its panel started once for consecutive tests of one panel,
    in a context of its own, whose traffic (requests off the site, failed requests,
    console errors) each of those tests checks from the page's load on.
    """

    context: BrowserContext
    traffic: Traffic
    current: tuple[PanelPage, Page] | None = None

    def page_of(self, panel_page: PanelPage, built: BuiltSite) -> Page:
        if self.current is not None and self.current[0] == panel_page:
            return self.current[1]
        self.close()
        self.traffic.clear()
        page = self.context.new_page()
        page.set_default_timeout(10_000)  # pages are local: fail fast
        try:
            page.goto(built.url_of(panel_page.site_page))
            wait_live(page, panel_page.index)
        except BaseException:
            page.close()
            raise
        self.current = (panel_page, page)
        return page

    def close(self) -> None:
        if self.current is not None:
            self.current[1].close()
            self.current = None


def panel(page: Page, index: int = 0) -> Locator:
    return page.locator(f"#try-it-{index}")


def wait_live(page: Page, index: int = 0, evaluations: int = 1) -> Locator:
    """Scroll the panel into view (which starts it) and wait for its live result (IS_LIVE)."""
    root = panel(page, index)
    page.wait_for_function(IS_LIVE, arg=[f"try-it-{index}", evaluations], timeout=START_MS)
    return root


def leave_panels(page: Page) -> None:
    """Mark the page's panels before an instant navigation: until the next page's
    panels replace them, waiting for a panel must not find one of these."""
    page.evaluate("""() => {
      for (const root of document.querySelectorAll("[data-try-it]")) root.dataset.left = "";
    }""")


def evaluations(root: Locator) -> int:
    return int(root.get_attribute("data-evaluations") or 0)


def result(root: Locator) -> dict:
    return root.locator("[data-result]").evaluate(READ_RESULT)


def field_selector(name: str) -> str:
    """Return the selector, in a panel, of a contract field's control (`subscription.seats`)."""
    return f'[name="{name}"]'


def field_error_selector(name: str) -> str:
    """Return the selector, in a panel, of a field's error message."""
    return f'[data-field="{name}"] .try-it__error'


def field(root: Locator, name: str) -> Locator:
    """Return the control of a contract field (`subscription.seats`)."""
    return root.locator(field_selector(name))


def field_error(root: Locator, name: str) -> Locator:
    return root.locator(field_error_selector(name))


def change(page: Page, root: Locator, name: str, value: str) -> None:
    """Type a new value into a field and wait until the panel has answered it."""
    before = evaluations(root)
    control = field(root, name)
    if control.evaluate("c => c.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)
    page.wait_for_function(
        "([id, n]) => Number(document.getElementById(id).dataset.evaluations || 0) > n",
        arg=[root.get_attribute("id"), before], timeout=START_MS)


def copied_scenario(root: Locator) -> dict:
    """Press "Copy as JSON" and return the scenario it gave."""
    root.locator(".try-it__copy").click()
    root.page.wait_for_function("(r) => r.dataset.copied", arg=root.element_handle())
    return json.loads(root.get_attribute("data-copied"))


# ---------------------------------------------------------------------------
# What a panel should show: the worked example, or the simulator's own answer


def normalized(text: str) -> str:
    """Spaces as the eye sees them (no-break and narrow spaces are spaces)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def comparable(shown: dict) -> dict:
    """A result without what differs between the worked example and the live panel on purpose."""
    return {**{k: v for k, v in shown.items() if k != "origin"},
            "steps": [(step, normalized(text)) for step, text in shown["steps"]]}


QUOTE_ROWS = ("credit", "charge", "balance_applied", "amount_due", "balance_after")


def shown(answer: dict) -> dict:
    """Return what READ_RESULT reads in a live result box that shows `answer`, the
    simulator's answer (simulator.boundary.evaluate_json) to a valid scenario."""
    quote = answer.get("quote")
    return {
        "origin": "live",
        "summary": answer["summary"]["text"],
        "outcome": None if answer.get("verdict") else answer["outcome"],
        "verdict": answer.get("verdict"),
        "channel": answer["channel"]["id"],
        "amounts": {row: quote[row] for row in QUOTE_ROWS} if quote else {},
        "period": [[quote["period_start"], quote["period_end"]]] if quote else [],
        "renewal": answer.get("renewal_date"),
        "steps": [[step["id"], step["text"]] for step in answer["steps"]],
        "notices": [[notice["id"], notice["text"]] for notice in answer["notices"]],
    }


# One edit of each kind of panel that gives another answer: a field and what is typed
# or chosen in it. Where a number is typed, a bad value too: a field and its text.
EDITS = {
    "change_plan": ("change.seats", "12"),
    "convert_trial": ("change.seats", "7"),
    "add_subscription": ("change.seats", "6"),
    "remove_pending_cancellation": ("subscription.frequency", "annual"),
    "route_request": ("request", "add_seats"),
    "find_billing_contact": ("portal_sign_in", "failed"),
}
BAD_VALUES = {kind: (name, "abc") for kind, (name, _) in EDITS.items() if name.endswith("seats")}
