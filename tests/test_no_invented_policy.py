"""No page or text states a policy the sources do not: refunds above all (R-PRO-5).

The sources say that changes are prorated, nothing about refunds; the simulator's
model keeps a surplus as account credit, and every page and answer presents its
figures as an estimate. A sentence such as "the difference is not refunded" tells
a customer something no source says, in any language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The word family of "refund" in each language the site has (and "guarantee" in English).
REFUND_WORDS = {
    "en": r"\brefund|\bguarantee",
    "es": r"reembols|devoluci[oó]n del dinero",
    "it": r"rimbors",
    "pt-BR": r"reembols|estorn",
    "fr": r"rembours",
    "de": r"erstatt|r[uü]ckzahl|zur[uü]ckgezahlt",
}
TEXTS = {
    "pages": "docs/{language}/**/*.md",
    "simulator": "simulator/locales/{language}.json",
    "panel": "overrides/try-it/texts/{language}.json",
}


def files(language: str) -> list[Path]:
    return sorted(path for pattern in TEXTS.values()
                  for path in ROOT.glob(pattern.format(language=language)))


@pytest.mark.rule("R-PRO-5")
@pytest.mark.parametrize("language", sorted(REFUND_WORDS))
def test_no_text_speaks_of_refunds(language):
    pattern = re.compile(REFUND_WORDS[language], re.IGNORECASE)
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
             for path in files(language)
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert files(language) and found == []


def test_every_language_of_the_site_is_scanned():
    languages = {path.name for path in (ROOT / "docs").iterdir() if path.is_dir()}
    assert languages == set(REFUND_WORDS)
