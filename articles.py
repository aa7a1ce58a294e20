"""How the help center's articles are kept on disk, for the site build and the translation checker.

One folder per language under docs/, with the same pages in each; a translation
records which English text it was made from (`source_hash` in its front matter);
a "Try it" panel is a fenced `try-it` block. The site build's hooks
(overrides/hooks/) and `python -m tools.translations` both read articles this way,
and so do the tests: each fact is written once, here.

NOTE: a module of its own, not part of tools/ or of a hook: the hooks are files
MkDocs loads, not a package, and the maintenance tools are not part of the build.
It imports nothing but the standard library, so either side can use it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

# A "Try it" panel in an article: a fenced block of `name: value` lines, the same
# in every language (overrides/hooks/try_it.py turns it into a panel).
TRY_IT_BLOCK = re.compile(r"^```try-it[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
# The front matter key in which a translation records its English page's hash.
HASH_KEY = "source_hash"
HASH_LENGTH = 12


def pages_in(folder: Path) -> list[str]:
    """Return the Markdown pages under `folder`, relative to it, sorted."""
    if not folder.is_dir():
        return []
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.md"))


def source_hash(english_page: Path) -> str:
    """Return the short hash of an English page's text (line endings normalized)."""
    text = english_page.read_text("utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def recorded_hash(meta: dict[str, Any]) -> str | None:
    """Return the `source_hash` a translation's front matter records, if any."""
    value = meta.get(HASH_KEY)
    return None if value is None else str(value)


def is_current(meta: dict[str, Any], english_page: Path) -> bool:
    """Return whether a translation (its front matter) was made from the English page as it is."""
    return recorded_hash(meta) == source_hash(english_page)
