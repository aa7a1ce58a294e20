"""Put a notice under the title of a translation whose English page changed since.

A translation records the hash of the English page it was made from (front matter
`source_hash`, written by `python -m tools.translations --refresh`). When the English
page changes, the translation may say something the English no longer does: readers
are told, in their language (mkdocs.yml, `extra.outdated_translation`), and pointed
to the English page. The build does not fail: `python -m tools.translations` lists
these pages for the translators.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils import get_relative_url

from articles import is_current

NOTICE = "partials/outdated-translation.html"


def on_page_content(html, page, config, **_):
    i18n = config.plugins["i18n"]
    default = i18n.default_language
    if page.file.locale == default:
        return html
    english_page = Path(config.docs_dir, default, page.file.norm_src_uri)
    if not english_page.is_file() or is_current(page.meta, english_page):
        return html  # no English page: the checker reports the translation as an orphan
    notice = config.theme.get_env().get_template(NOTICE).render(
        notice=config.extra["outdated_translation"],
        english_url=get_relative_url(page.file.alternates[default].url, page.url),
        english=default,
    )
    title_end = html.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return html[:at] + notice + html[at:]
