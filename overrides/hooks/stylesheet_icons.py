"""Move the icons Material's stylesheet inlines as `data:` URLs into files of the site.

The site's policy allows images from its own origin only (`default-src 'self'`,
overrides/hooks/content_security_policy.py), which blocks `data:` images, and
Material draws admonition, tab and search icons from `data:` SVGs in its CSS. As
files named by their content they are allowed, cached for good, and fetched only
by the pages that show them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote

from mkdocs.plugins import event_priority

DATA_SVG = re.compile(r"""url\((["']?)data:image/svg\+xml;charset=utf-8,(?P<svg>.*?)\1\)""")
ICONS = "assets/images/stylesheet-icons"

def icon_file(svg: str) -> str:
    return f"{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"


def with_icon_files(css: str, icons: dict[str, str], icons_url: str) -> str:
    """Return `css` with each data: SVG replaced by a URL; `icons` collects file name -> SVG."""

    def to_file(match: re.Match) -> str:
        svg = unquote(match["svg"])
        name = icon_file(svg)
        icons[name] = svg
        return f'url("{icons_url}/{name}")'

    return DATA_SVG.sub(to_file, css)


@event_priority(-140)  # after the i18n plugin (-100) has built every language
def on_post_build(config, **_):
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:  # once, when the site is complete
        return
    site = Path(config.site_dir)
    icons: dict[str, str] = {}
    for stylesheet in (site / "assets" / "stylesheets").glob("*.css"):
        css = stylesheet.read_text("utf-8")
        icons_url = Path(os.path.relpath(site / ICONS, stylesheet.parent)).as_posix()
        rewritten = with_icon_files(css, icons, icons_url)
        if rewritten != css:
            stylesheet.write_text(rewritten, "utf-8")
    (site / ICONS).mkdir(parents=True, exist_ok=True)
    for name, svg in icons.items():
        (site / ICONS / name).write_text(svg, "utf-8")
