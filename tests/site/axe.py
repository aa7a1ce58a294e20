"""axe-core in a page: the WCAG 2.2 AA and best-practice rules the site is held to."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.site.sites import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  })
  return results.violations.map(violation =>
    `${violation.id}: ${violation.help} `
    + `(${violation.nodes.length}×, e.g. ${violation.nodes[0].target})`)
}"""


def axe_violations(page: Page, axe_source: str) -> list[str]:
    """Return axe's violations on the page as it is now, one line each."""
    # NOTE: evaluated, not added as a <script>: a Content-Security-Policy must not stop it.
    page.evaluate(axe_source)
    return page.evaluate(RUN_AXE, TAGS)
