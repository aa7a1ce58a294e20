"""What the site needs of mkdocs-static-i18n, in one place: the only hook that reads its state.

mkdocs-static-i18n builds the default language, then, from within its own
post_build, every other language in turn, each a whole MkDocs build (every hook
event included), and last writes one search index of all languages at the root.
Around that, the site:

- builds only the languages whose translation has started (docs/<lang>/ holds a
  page): mkdocs.yml lists every language, with its texts, before its translators
  start, and an empty one would fail (no home page) or show English under its
  <html lang>. `python -m tools.translations` reports such languages as not started.
- roots Material's `base` at the page's language (/es/), so that search loads that
  language's index and instant navigation follows its sitemap: a link to another
  language is a full page load, which gives that page its <html lang>, header and index.
- makes the hreflang alternates absolute, as search engines (and Lighthouse) want,
  and names the English page as x-default. Material renders the same alternates as
  the language switcher's links, which assets/javascripts/language-switcher.js keeps
  in step with the page shown.
- drops the plugin's warning that its switcher breaks under instant navigation: it
  does, and language-switcher.js mends it (tests/site prove it); `mkdocs build
  --strict` fails on any warning.
- keeps 404.html in the default language: every language's build renders it at the
  site's root, and the last one built would own it.
- shows a notice under the title of a translation whose English page changed
  since it was translated (`source_hash`, articles.py), in the reader's language
  (mkdocs.yml, `extra.outdated_translation`), pointing to the English page. The
  build does not fail: `python -m tools.translations` lists these pages.
- writes each language's own sitemap at its root, and robots.txt listing them all
  (finish.py runs both). Material reads sitemap.xml at `base` to know which links
  instant navigation may follow, and fetches the sitemap beside each hreflang
  alternate on every page view; the plugin's sitemap of the whole site made the
  English one five times as long, on the critical path of every English page.

NOTE: other hooks import this module for its functions (built_language and the
like). MkDocs loads each hook under its own path, so theirs is a second copy of
this module: it keeps no state.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.utils import get_relative_url

from articles import is_current, pages_in

I18N_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"
SWITCHER_WARNING = "mkdocs-material language switcher contextual link is not compatible"
NOT_FOUND = "404.html"
OUTDATED_NOTICE = "partials/outdated-translation.html"


# ---------------------------------------------------------------------------
# The languages, as the other hooks see them


def _plugin(config):
    return config.plugins["i18n"]


def default_language(config) -> str:
    return _plugin(config).default_language


def built_languages(config) -> list[str]:
    """Return the languages the site is built in, the default first."""
    return _plugin(config).build_languages


def built_language(config) -> str:
    """Return the language whose build is under way.

    After the other languages' builds the plugin's current language stays the last
    one built, while the default language's build finishes: that is the default.
    """
    i18n = _plugin(config)
    return (i18n.current_language or i18n.default_language) if i18n.building else i18n.default_language


def is_site_complete(config) -> bool:
    """Return whether every language is built: at the default language's post_build,
    once the plugin's own has built the others (finish.py runs after it)."""
    return not _plugin(config).building


def language_folder(config, locale: str) -> str:
    """Return a language's folder, relative to the site's root ("es/"; "" for the default)."""
    link = _plugin(config).get_language_config(locale).link.strip("/")
    return f"{link}/" if link else ""


# ---------------------------------------------------------------------------
# Event handlers


def on_startup(**_):
    logging.getLogger(I18N_LOGGER).addFilter(
        lambda record: SWITCHER_WARNING not in record.getMessage())


def on_config(config, **_):
    """Build only the started languages; only the default language renders 404.html.

    Runs before the plugin's own on_config (priority -100) decides what to build.
    """
    for language in _plugin(config).config.languages:
        if not language.default and not pages_in(Path(config.docs_dir) / language.locale):
            language.build = False
    if built_language(config) == default_language(config):
        config.theme.static_templates.add(NOT_FOUND)
    else:
        config.theme.static_templates.discard(NOT_FOUND)
    return config


def on_page_content(html, page, config, **_):
    default = default_language(config)
    if page.file.locale == default:
        return html
    english_page = Path(config.docs_dir, default, page.file.norm_src_uri)
    if not english_page.is_file() or is_current(page.meta, english_page):
        return html  # no English page: the checker reports the translation as an orphan
    notice = config.theme.get_env().get_template(OUTDATED_NOTICE).render(
        notice=config.extra["outdated_translation"],
        english_url=get_relative_url(page.file.alternates[default].url, page.url),
        english=default,
    )
    title_end = html.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return html[:at] + notice + html[at:]


def on_page_context(context, page, config, **_):  # after the plugin's own (priority 50)
    context["base_url"] = get_relative_url(
        language_folder(config, built_language(config)) or ".", page.url)
    context["hreflang_default"] = _absolute_alternates(config)
    return context


def _absolute_alternates(config) -> str | None:
    """Make the page's alternates absolute; return the default language's (x-default).

    NOTE: the plugin gives each page its alternates as an attribute of `extra`, which
    Material's templates (`config.extra.alternate`) read before the item.
    """
    alternates = getattr(config.extra, "alternate", None)
    if not alternates:  # a single language: no alternates, no switcher
        return None
    config.extra.alternate = [dict(alternate, link=urljoin(config.site_url, alternate["link"]))
                              for alternate in alternates]
    default = default_language(config)
    return next(alternate["link"] for alternate in config.extra.alternate
                if alternate["lang"] == default)


# ---------------------------------------------------------------------------
# Post-build steps (finish.py runs them, after the plugin's own post_build)


def write_language_sitemap(config) -> None:
    """Write the sitemap of the built language's pages, with their alternates, at its root."""
    i18n = _plugin(config)
    locale = built_language(config)
    env = config.theme.get_env()
    env.add_extension("jinja2.ext.loopcontrols")  # the template's {% continue %}
    sitemap = env.get_template("sitemap.xml").render(
        config=config, i18n_alternates={locale: i18n.i18n_files_per_language[locale]})
    Path(config.site_dir, language_folder(config, locale), "sitemap.xml").write_text(sitemap, "utf-8")


def write_robots_txt(config) -> None:
    """Write robots.txt, which leads search engines to every language's sitemap."""
    sitemaps = [f"Sitemap: {config.site_url}{language_folder(config, locale)}sitemap.xml"
                for locale in built_languages(config)]
    Path(config.site_dir, "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n" + "\n".join(sitemaps) + "\n", "utf-8")
