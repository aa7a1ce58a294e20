"""Build only the languages whose translation has started.

mkdocs.yml lists every language of the help center, with its texts, before its
translators start. Until docs/<lang>/ holds a page there is nothing to build for a
language, and building it anyway would fail (no home page) or, with a fallback, put
English text under its <html lang>. `python -m tools.translations` reports these
languages as not started; once a language has pages, every page must be there.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from articles import pages_in


@event_priority(100)  # before mkdocs-static-i18n (-100) decides what to build
def on_config(config, **_):
    for language in config.plugins["i18n"].config.languages:
        if not language.default and not pages_in(Path(config.docs_dir) / language.locale):
            language.build = False
    return config
