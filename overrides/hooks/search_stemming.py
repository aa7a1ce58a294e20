"""Serve Material's search worker wrapped so that queries are stemmed in the page's language.

Material searches each typed word as a prefix, which lunr does not stem, and its
default index pipeline has no stemmer either: "prorrateos" would not find a page
that says "prorrateo". overrides/search/stemmed-search.js adds each word's stem
(lunr-languages' stemmer for the index's language) as a second prefix term. The
wrapper is written beside Material's worker, content-hashed, and pages are pointed
at it (overrides/main.html).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material

SOURCE = Path(__file__).resolve().parents[1] / "search" / "stemmed-search.js"
WORKERS = "assets/javascripts/workers"


def material_worker() -> str:
    """Return the file name of Material's search worker (it carries a hash)."""
    folder = Path(material.__file__).parent / "templates" / WORKERS
    (name,) = [path.name for path in folder.glob("search.*.min.js")]
    return name


def wrapper() -> tuple[str, str]:
    """Return the wrapper's content-hashed file name and its text."""
    text = SOURCE.read_text("utf-8").replace("__MATERIAL_WORKER__", material_worker())
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"stemmed-search.{digest}.min.js", text


def on_config(config, **_):
    name, _text = wrapper()
    config.extra["search_worker"] = {"material": f"{WORKERS}/{material_worker()}",
                                     "stemmed": f"{WORKERS}/{name}"}
    return config


def on_files(files, config, **_):
    """Leave the template out of the site: it is written filled in, under its hashed name."""
    for file in [f for f in files if f.src_uri.startswith("search/")]:
        files.remove(file)
    return files


def on_post_build(config, **_):
    name, text = wrapper()
    (Path(config.site_dir) / WORKERS / name).write_text(text, "utf-8")
