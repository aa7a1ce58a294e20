"""Write each language's own sitemap at its root (/sitemap.xml, /es/sitemap.xml), and robots.txt.

Material reads sitemap.xml at `base` to know which links instant navigation may
follow, and language_root.py roots `base` at the page's language. Material also
fetches, and parses, the sitemap beside each hreflang alternate of a page, on
every page view: seven of them. Each sitemap lists its language's pages, with
their alternates in the other languages; mkdocs-static-i18n's sitemap.xml of the
whole site at the root made the English one five times as long, on the critical
path of every English page. Search engines find every language's sitemap in
robots.txt.
"""

from __future__ import annotations

from pathlib import Path

from language_root import language_folder  # a hook beside this one
from mkdocs.plugins import event_priority


def write_sitemap(config, i18n, language) -> None:
    """Write the sitemap of one language's pages, with their alternates, at its root."""
    env = config.theme.get_env()
    env.add_extension("jinja2.ext.loopcontrols")  # the template's {% continue %}
    sitemap = env.get_template("sitemap.xml").render(
        config=config, i18n_alternates={language.locale: i18n.i18n_files_per_language[language.locale]})
    Path(config.site_dir, language_folder(language), "sitemap.xml").write_text(sitemap, "utf-8")


@event_priority(-150)  # after mkdocs-static-i18n (-100), which writes a sitemap of the whole site
def on_post_build(config, **_):
    i18n = config.plugins["i18n"]
    if i18n.building:  # one of the other languages, built by the i18n plugin
        write_sitemap(config, i18n, i18n.current_language_config)
        return
    write_sitemap(config, i18n, i18n.get_language_config(i18n.default_language))
    sitemaps = [f"Sitemap: {config.site_url}{language_folder(i18n.get_language_config(locale))}"
                "sitemap.xml" for locale in i18n.build_languages]
    Path(config.site_dir, "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n" + "\n".join(sitemaps) + "\n", "utf-8")
