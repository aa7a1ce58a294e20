"""Write one search index per language, at the language's root.

mkdocs-static-i18n merges every language into the root index, processed as one
mix of languages: a Spanish reader searching "prorrateo" gets pages in any language.
Each index written here holds one language's pages, with locations relative to its
root (where language_root.py points Material's `base`) and the lunr language
Material's translations name for it ("pt" for pt-BR), whose trimmer and stop
words apply.

NOTE: the index holds whole words, not stems: Material searches each typed word
as a prefix, which lunr leaves unstemmed, so a stemmed index would miss words
typed in full ("glossary*" against "glossari"). search_stemming.py adds each
word's stem to the query instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from language_root import language_folder  # a hook beside this one
from mkdocs.plugins import event_priority

INDEX_PIPELINE = ["trimmer", "stopWordFilter"]


def lunr_language(config, locale: str) -> str:
    """Return the lunr language for `locale`, from Material's own translation of it."""
    env = config.theme.get_env()
    return env.get_template(f"partials/languages/{locale}.html").module.t("search.config.lang")


def in_language(location: str, root: str, other_roots: list[str]) -> bool:
    """Return whether a page location (relative to the site's root) is under `root`."""
    if root:
        return location.startswith(root)
    return not location.startswith(tuple(other_roots))


@event_priority(-110)  # after mkdocs-static-i18n (-100), which writes its merged index at the root
def on_post_build(config, **_):
    i18n = config.plugins["i18n"]
    search = config.plugins["material/search"]
    # mkdocs-static-i18n builds the other languages from within the default language's
    # post_build: this runs at the end of each of them, then once for the default language.
    locale = i18n.current_language if i18n.building else i18n.default_language
    roots = {language: language_folder(i18n.get_language_config(language))
             for language in i18n.build_languages}
    root = roots[locale]
    other_roots = [other for other in roots.values() if other and other != root]
    docs = [dict(entry, location=entry["location"][len(root):])
            for entry in search.search_index.entries
            if in_language(entry["location"], root, other_roots)]
    index = {
        "config": {
            "lang": [lunr_language(config, locale)],
            "separator": search.config.separator,
            "pipeline": INDEX_PIPELINE,
            "fields": search.config.fields,
        },
        "docs": docs,
    }
    path = Path(config.site_dir, root, "search", "search_index.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")
