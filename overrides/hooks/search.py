"""Search in the reader's language: one index per language, and queries stemmed in it.

Index: mkdocs-static-i18n merges every language into the root index, one mix of
languages: a Spanish reader searching "prorrateo" would get pages in any
language. Each language gets an index of its own pages instead, at its root
(where i18n.py points Material's `base`), with locations relative to it and the
lunr language Material's translations name for it ("pt" for pt-BR), whose trimmer
and stop words apply. finish.py writes it once each language is built.

NOTE: the index holds whole words, not stems: Material searches each typed word
as a prefix, which lunr leaves unstemmed, so a stemmed index would miss words
typed in full ("glossary*" against "glossari").

Stemming: so pages are served Material's search worker wrapped by
overrides/search/stemmed-search.js, which adds each typed word's stem
(lunr-languages' stemmer for the index's language) as a second prefix term:
"prorrateos" finds a page that says "prorrateo". The wrapper is written beside
Material's worker, content-hashed, and pages are pointed at it (overrides/main.html).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import i18n  # a hook beside this one: its functions only (see its NOTE)
import material

INDEX_PIPELINE = ["trimmer", "stopWordFilter"]
WRAPPER = Path(__file__).resolve().parents[1] / "search" / "stemmed-search.js"
WORKERS = "assets/javascripts/workers"


def _material_worker() -> str:
    """Return the file name of Material's search worker (it carries a hash)."""
    folder = Path(material.__file__).parent / "templates" / WORKERS
    (name,) = [path.name for path in folder.glob("search.*.min.js")]
    return name


def _wrapper() -> tuple[str, str]:
    """Return the wrapper's content-hashed file name and its text."""
    text = WRAPPER.read_text("utf-8").replace("__MATERIAL_WORKER__", _material_worker())
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"stemmed-search.{digest}.min.js", text


def _lunr_language(config, locale: str) -> str:
    """Return the lunr language for `locale`, from Material's own translation of it."""
    env = config.theme.get_env()
    return env.get_template(f"partials/languages/{locale}.html").module.t("search.config.lang")


def _in_language(location: str, root: str, other_roots: list[str]) -> bool:
    """Return whether a page location (relative to the site's root) is under `root`."""
    if root:
        return location.startswith(root)
    return not location.startswith(tuple(other_roots))


def on_config(config, **_):
    name, _text = _wrapper()
    config.extra["search_worker"] = {"material": f"{WORKERS}/{_material_worker()}",
                                     "stemmed": f"{WORKERS}/{name}"}
    return config


def on_files(files, config, **_):
    """Leave the wrapper's source out of the site: it is written filled in, under its hashed name."""
    for file in [f for f in files if f.src_uri.startswith("search/")]:
        files.remove(file)
    return files


def on_post_build(config, **_):
    name, text = _wrapper()
    (Path(config.site_dir) / WORKERS / name).write_text(text, "utf-8")


def write_language_index(config) -> None:
    """Write the search index of the built language's pages at its root (finish.py runs this)."""
    search = config.plugins["material/search"]
    locale = i18n.built_language(config)
    roots = {language: i18n.language_folder(config, language)
             for language in i18n.built_languages(config)}
    root = roots[locale]
    other_roots = [other for other in roots.values() if other and other != root]
    docs = [dict(entry, location=entry["location"][len(root):])
            for entry in search.search_index.entries
            if _in_language(entry["location"], root, other_roots)]
    index = {
        "config": {
            "lang": [_lunr_language(config, locale)],
            "separator": search.config.separator,
            "pipeline": INDEX_PIPELINE,
            "fields": search.config.fields,
        },
        "docs": docs,
    }
    path = Path(config.site_dir, root, "search", "search_index.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")
