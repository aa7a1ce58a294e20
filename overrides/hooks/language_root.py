"""Root Material's `base` at the page's language, so that search and instant navigation stay in it.

Material fetches the search index (search/search_index.json) and the sitemap that
instant navigation follows from `base`, the site's root for every page. Rooted at
/es/, a Spanish page loads the Spanish index (search_per_language.py) and the Spanish
sitemap (sitemap_per_language.py): a search finds Spanish pages only, and a link to
another language is a full page load, which gives that page its own <html lang>,
header and index.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url


def language_folder(language) -> str:
    """Return a language's folder, relative to the site's root ("es/"; "" for the default)."""
    link = language.link.strip("/")
    return f"{link}/" if link else ""


def language_root(config) -> str:
    """Return the current language's root, relative to the site's ("es/"; "." for the default)."""
    return language_folder(config.plugins["i18n"].current_language_config) or "."


def on_page_context(context, page, config, **_):
    context["base_url"] = get_relative_url(language_root(config), page.url)
    return context
