"""Make the page's hreflang alternates absolute, and name the English page as x-default.

Search engines (and Lighthouse) want absolute hreflang URLs; mkdocs-static-i18n
writes them relative to the site. Material renders the same alternates as the
language switcher's links, which language-switcher.js keeps in step with the page.
"""

from __future__ import annotations

from urllib.parse import urljoin


def on_page_context(context, page, config, **_):  # after mkdocs-static-i18n's (priority 50)
    # NOTE: mkdocs-static-i18n gives each page its alternates as an attribute of `extra`,
    # which Material's templates (`config.extra.alternate`) read before the item.
    alternates = getattr(config.extra, "alternate", None)
    context["hreflang_default"] = None
    if not alternates:  # a single language: no alternates, no switcher
        return context
    config.extra.alternate = [dict(alternate, link=urljoin(config.site_url, alternate["link"]))
                              for alternate in alternates]
    default = config.plugins["i18n"].default_language
    context["hreflang_default"] = next(
        alternate["link"] for alternate in config.extra.alternate if alternate["lang"] == default)
    return context
