"""Keep the site's 404 page in the default language.

Every language's build renders the theme's 404.html to the site's root, so the
last language built would own it: its <html lang> and navigation, and the
alternates of the last page it built. Only the default language's build renders it;
its language switcher leads to each language's home page.
"""

from __future__ import annotations

NOT_FOUND = "404.html"


def on_config(config, **_):
    i18n = config.plugins["i18n"]
    if (i18n.current_language or i18n.default_language) == i18n.default_language:
        config.theme.static_templates.add(NOT_FOUND)
    else:
        config.theme.static_templates.discard(NOT_FOUND)
    return config
