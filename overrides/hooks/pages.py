"""Under each article's title, one line: whom it applies to, and when it last changed.

An article names the products and account types it applies to in its front matter
(`applies_to`, with the simulator's ids; every translation copies it unchanged, and
tools/translations.py checks that it does). Its last change is the date of the last
commit that touched the page, which the git-revision-date-localized plugin gives
(the build's own date where the history is shallow or missing). The line's words
are each language's (mkdocs.yml, `extra.article_facts`); product names are the
simulator's catalog's.
"""

from __future__ import annotations

from babel import Locale
from babel.lists import format_list
from mkdocs.exceptions import PluginError

import i18n  # a hook beside this one: its functions only (see its NOTE)
from simulator.catalog import load_catalog

PARTIAL = "partials/article-facts.html"
PRODUCTS = load_catalog().products
ACCOUNT_TYPES = ("online", "corporate")


def facts_line(config, page) -> str | None:
    """Return the page's line of facts as HTML, or None for a page without `applies_to`."""
    applies_to = page.meta.get("applies_to")
    if not applies_to:
        return None
    where = page.file.src_uri
    products = applies_to.get("products") or []
    accounts = tuple(account for account in ACCOUNT_TYPES if account in (applies_to.get("accounts") or []))
    if not products or any(p not in PRODUCTS for p in products) or not accounts:
        raise PluginError(f"{where}: applies_to names products ({', '.join(PRODUCTS)}) and "
                          f"accounts ({', '.join(ACCOUNT_TYPES)})")
    texts = config.extra["article_facts"]
    language = i18n.built_language(config)
    return config.theme.get_env().get_template(PARTIAL).render(
        texts=texts,
        products=format_list([PRODUCTS[p].name for p in products],
                             locale=Locale.parse(language, sep="-")),
        product_ids=" ".join(products),
        accounts=texts["accounts"]["_".join(accounts)],
        account_ids=" ".join(accounts),
        updated=page.meta.get("git_revision_date_localized_raw_date"),
        updated_iso=page.meta.get("git_revision_date_localized_raw_iso_date"),
    )


def on_page_content(html, page, config, **_):
    line = facts_line(config, page)
    if line is None:
        return html
    title_end = html.find("</h1>")
    if title_end < 0:
        raise PluginError(f"{page.file.src_uri}: an article with applies_to needs a # title")
    at = title_end + len("</h1>")
    return html[:at] + line + html[at:]
