"""Write each translation's own sitemap at its root (/es/sitemap.xml).

Material reads sitemap.xml at `base` to know which links instant navigation may
follow, and language_root.py roots `base` at the page's language. Material also
fetches sitemap.xml beside each hreflang alternate of a page: for
/es/billing-contact.html that is /es/sitemap.xml too. The site's sitemap.xml
(mkdocs-static-i18n's) lists the pages of every language, the default's first.
"""

from __future__ import annotations

from pathlib import Path


def on_post_build(config, **_):
    i18n = config.plugins["i18n"]
    locale = i18n.current_language
    if locale == i18n.default_language:  # its root is the site's: the full sitemap is there
        return
    env = config.theme.get_env()
    env.add_extension("jinja2.ext.loopcontrols")  # the template's {% continue %}
    sitemap = env.get_template("sitemap.xml").render(
        config=config, i18n_alternates={locale: i18n.i18n_files_per_language[locale]})
    root = i18n.current_language_config.link.strip("/")
    Path(config.site_dir, root, "sitemap.xml").write_text(sitemap, "utf-8")
