"""The panels on a phone, light and dark: nothing scrolls sideways, the quote and how it
was worked out fit a 320 px screen, the timeline's key reads at 12 px or more.

A panel of each kind is started once per colour scheme and measured at 320 and 360 px
wide (getBoundingClientRect and computed font sizes); a screenshot of each at 360 px is
written under pytest's temporary folder for a reviewer to look at (its path is printed).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.site.conftest import checked_page, new_context
from tests.site.panels import panel_pages, wait_live
from tests.site.sites import Traffic

pytestmark = pytest.mark.browser

WIDTHS = (320, 360)
SCREENSHOT_WIDTH = 360
MIN_KEY_FONT_PX = 12.0
# One panel of each kind: the first in the English pages.
KIND_PANELS = list({p.kind: p for p in reversed(panel_pages("en"))}.values())

# What sticks out: the page's own width beyond the screen, and, inside the panel, any
# element past the panel's right edge or wider than a 320 px screen allows.
MEASURE = """(root) => {
  const panel = root.getBoundingClientRect();
  const outside = [...root.querySelectorAll("*")]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > panel.right + 0.5 || box.left < panel.left - 0.5);
    })
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
  const keys = [...root.querySelectorAll(".try-it__timeline-key")];
  return {
    pageWidth: document.documentElement.scrollWidth,
    screen: window.innerWidth,
    outside,
    keyFonts: keys.map((key) => parseFloat(getComputedStyle(key).fontSize)),
    keyOverflow: keys.filter((key) => key.scrollWidth > key.clientWidth + 0.5).length,
    quoteScrolls: [...root.querySelectorAll(".try-it__quote, .try-it__explanation")]
      .some((el) => el.scrollWidth > el.clientWidth + 0.5),
  };
}"""


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("phone-screenshots")
    print(f"\nphone screenshots: {folder}")
    return folder


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_panel_kind_reads_on_a_phone(browser: Browser, built_sites, traffic: Traffic,
                                           screenshots, scheme: str):
    built = built_sites["help"]
    context = new_context(browser, traffic, color_scheme=scheme,
                          viewport={"width": SCREENSHOT_WIDTH, "height": 800})
    key_fonts = []
    try:
        for panel_page in KIND_PANELS:
            for page in checked_page(context, traffic):
                measured = measure_panel(page, built.url_of(panel_page.site_page), panel_page,
                                         screenshots / f"{panel_page.kind}-{scheme}.png")
            for width, seen in measured.items():
                where = f"{panel_page} at {width} px"
                assert seen["pageWidth"] <= seen["screen"], f"{where}: the page scrolls sideways"
                assert seen["outside"] == [], f"{where}: sticks out of the panel"
                assert not seen["quoteScrolls"], f"{where}: the quote scrolls sideways"
                if panel_page.kind in ("change_plan", "convert_trial", "add_subscription"):
                    assert seen["keyFonts"], f"{where}: no timeline key"
                assert all(size >= MIN_KEY_FONT_PX for size in seen["keyFonts"]), (
                    f"{where}: timeline key at {seen['keyFonts']} px")
                assert seen["keyOverflow"] == 0, f"{where}: a timeline key is cut off"
                key_fonts += seen["keyFonts"]
    finally:
        context.close()
    print(f"\nsmallest timeline key ({scheme}): {min(key_fonts)} px")


def measure_panel(page: Page, url: str, panel_page, screenshot) -> dict[int, dict]:
    """Return what sticks out of the live panel at each width; write its screenshot."""
    page.goto(url)
    root = wait_live(page, panel_page.index)
    measured = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        measured[width] = root.evaluate(MEASURE)
    page.set_viewport_size({"width": SCREENSHOT_WIDTH, "height": 800})
    root.screenshot(path=str(screenshot))
    return measured
