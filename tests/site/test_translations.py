"""The translation checker (tools/translations.py), then the help center's translations."""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from tools.translations import (
    Site,
    Wording,
    check_language,
    main,
    page_status,
    refresh,
    source_hash,
)

HELP = Site.from_config()

ENGLISH = """\
---
title: Changing your plan
---

# Changing your plan { #change-plan }

Your billing contact can change the plan.

## Change it { #change-it }

1. Sign in.
2. Click **Edit subscription**.

    !!! tip "No Options icon?"
        Your trial has ended.

3. Click **Place order**.

```text
1. This is code, not a step.
!!! note "nor an admonition"
```

## What happens next { #next }

??? info "Why today?"
    A new billing period starts.
"""

SPANISH = """\
# Cambiar de plan { #change-plan }

El contacto de facturación puede cambiar el plan.

## Cámbielo { #change-it }

1. Inicie sesión.
2. Haga clic en **Edit subscription**.

    !!! tip "¿No hay icono de opciones?"
        Su prueba ha terminado.

3. Haga clic en **Place order**.

## Qué pasa después { #next }

??? info "¿Por qué hoy?"
    Empieza un nuevo período de facturación.
"""


def make_site(root: Path, pages: dict[str, str]) -> Site:
    """Return a site in `root` holding `pages` (path: Markdown), with the help center's settings."""
    for path, text in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, "utf-8")
    return dataclasses.replace(HELP, docs_dir=root, languages=("es", "it"))


def translated(site: Site, text: str) -> str:
    """Return `text` as a translation made from the English plans page as it is."""
    return f'---\nsource_hash: "{source_hash(site.docs_dir / "en" / "plans.md")}"\n---\n\n{text}'


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path, {"en/plans.md": ENGLISH})


def state_of(site: Site, spanish: str) -> tuple[str, tuple[str, ...]]:
    (site.docs_dir / "es" / "plans.md").parent.mkdir(exist_ok=True)
    (site.docs_dir / "es" / "plans.md").write_text(translated(site, spanish), "utf-8")
    status = page_status(site, "es", "plans.md")
    return status.state, status.details


def test_a_faithful_translation_is_ok(site: Site):
    assert state_of(site, SPANISH) == ("ok", ())


def test_a_page_not_translated_is_missing(site: Site):
    (site.docs_dir / "es").mkdir()
    assert page_status(site, "es", "plans.md").state == "missing"


@pytest.mark.parametrize(("change", "problem"), [
    (("{ #change-it }", "{ #cambielo }"), "heading 2 is h2 #cambielo, English has h2 #change-it"),
    (("## Cámbielo", "### Cámbielo"), "heading 2 is h3 #change-it, English has h2 #change-it"),
    (("## Qué pasa después { #next }\n", ""), "2 headings, English has 3"),
    (("3. Haga clic en **Place order**.\n", ""),
     "2 ordered-list steps under h2 #change-it, English has 3"),
    (("1. Inicie sesión.\n2.", "- Inicie sesión.\n-"),
     "0 ordered-list steps under h2 #change-it, English has 3"),
    (('??? info "¿Por qué hoy?"\n    ', ""), "1 admonitions, English has 2"),
], ids=["heading-id", "heading-level", "heading-missing", "step-missing", "steps-as-bullets",
        "admonition-missing"])
def test_a_change_of_structure_is_drift(site: Site, change: tuple[str, str], problem: str):
    spanish = SPANISH.replace(*change)
    assert spanish != SPANISH
    assert state_of(site, spanish) == ("drift", (problem,))


PANEL = "```try-it\nkind: change_plan\ntoday: 2026-11-16\n```\n"
TABS = '=== "{}"\n\n    Paso.\n\n=== "{}"\n\n    Otro paso.\n'


@pytest.mark.parametrize(("english_extra", "spanish_extra", "problem"), [
    (PANEL, "", "0 try-it panels or other presets than English's 1: copy the try-it blocks unchanged"),
    (PANEL, PANEL.replace("11-16", "11-17"),
     "1 try-it panels or other presets than English's 1: copy the try-it blocks unchanged"),
    (TABS.format("Online", "Corporate"), TABS.format("En línea", "Corporativa").split("=== \"C")[0],
     "1 content tabs, English has 2"),
    ("Seat { #seat }\n:   One user.\n", "Puesto { #puesto }\n:   Un usuario.\n",
     "other ids than English: missing ['seat'], extra ['puesto']"),
], ids=["panel-missing", "panel-changed", "tab-missing", "term-id"])
def test_panels_tabs_and_term_ids_are_structure(tmp_path: Path, english_extra, spanish_extra,
                                                problem):
    site = make_site(tmp_path, {"en/plans.md": ENGLISH + "\n" + english_extra})
    assert state_of(site, SPANISH + "\n" + spanish_extra) == ("drift", (problem,))


def test_glossary_terms_may_follow_the_languages_alphabet(tmp_path: Path):
    terms = "Account { #account }\n:   A.\n\nSeat { #seat }\n:   S.\n"
    site = make_site(tmp_path, {"en/plans.md": ENGLISH + "\n" + terms})
    spanish = "Puesto { #seat }\n:   P.\n\nCuenta { #account }\n:   C.\n"
    assert state_of(site, SPANISH + "\n" + spanish) == ("ok", ())


def test_code_blocks_do_not_count_as_structure(site: Site):
    spanish = SPANISH + "\n```text\n1. Código.\n!!! note\n## Tampoco { #no }\n```\n"
    assert state_of(site, spanish) == ("ok", ())


def test_a_translation_of_an_older_english_page_is_outdated(site: Site):
    state_of(site, SPANISH)
    english = site.docs_dir / "en" / "plans.md"
    older = source_hash(english)
    english.write_text(ENGLISH.replace("change the plan", "change the plan at any time"), "utf-8")
    status = page_status(site, "es", "plans.md")
    assert (status.state, status.is_failure) == ("outdated", False)
    assert status.details == (f"translated from {older}, English is now {source_hash(english)}",)


def test_a_translation_without_its_source_hash_is_outdated(site: Site):
    (site.docs_dir / "es").mkdir()
    (site.docs_dir / "es" / "plans.md").write_text(SPANISH, "utf-8")
    status = page_status(site, "es", "plans.md")
    assert (status.state, status.details) == ("outdated", ("no source_hash in its front matter",))


def test_a_translation_without_english_page_is_an_orphan(site: Site):
    state_of(site, SPANISH)
    (site.docs_dir / "es" / "old.md").write_text("# Viejo\n", "utf-8")
    states = {s.page: (s.state, s.is_failure) for s in check_language(site, "es")}
    assert states == {"plans.md": ("ok", False), "old.md": ("orphan", True)}


def test_refresh_records_the_english_hash_and_keeps_the_rest(site: Site):
    page = site.docs_dir / "es" / "plans.md"
    page.parent.mkdir()
    page.write_text('---\ntitle: Cambiar de plan\nsource_hash: "0ld"\n---\n\n' + SPANISH, "utf-8")
    value = refresh(page, site.docs_dir / "en" / "plans.md")
    assert value == source_hash(site.docs_dir / "en" / "plans.md")
    assert page.read_text("utf-8") == (
        f'---\ntitle: Cambiar de plan\nsource_hash: "{value}"\n---\n\n' + SPANISH)
    assert page_status(site, "es", "plans.md").state == "ok"


def test_refresh_adds_front_matter_with_the_hash_quoted(site: Site):
    page = site.docs_dir / "es" / "plans.md"
    page.parent.mkdir()
    page.write_text(SPANISH, "utf-8")
    value = refresh(page, site.docs_dir / "en" / "plans.md")
    assert page.read_text("utf-8") == f'---\nsource_hash: "{value}"\n---\n\n' + SPANISH
    assert get_data(page.read_text("utf-8"))[1] == {"source_hash": value}


def test_the_hash_ignores_line_endings(tmp_path: Path):
    (tmp_path / "unix.md").write_bytes(b"# Title\n\nText.\n")
    (tmp_path / "windows.md").write_bytes(b"# Title\r\n\r\nText.\r\n")
    assert source_hash(tmp_path / "unix.md") == source_hash(tmp_path / "windows.md")


# ---------------------------------------------------------------------------
# The command line

CONFIG = """\
site_name: Test
docs_dir: docs
markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, attr_list, toc]
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: es, name: Español}
        - {locale: de, name: Deutsch}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    make_site(tmp_path / "docs", {"en/plans.md": ENGLISH, "en/index.md": "# Help { #help }\n"})
    return tmp_path


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    status = main(["--config-file", str(project / "mkdocs.yml"), *args])
    return status, capsys.readouterr().out


def test_the_report_fails_on_a_missing_page_and_names_languages_not_started(project, capsys):
    (project / "docs" / "es").mkdir()
    (project / "docs" / "es" / "plans.md").write_text(SPANISH, "utf-8")
    status, out = run(project, capsys)
    assert status == 1
    assert re.search(r"^es +1 missing, 1 outdated$", out, re.MULTILINE)
    assert re.search(r"^ +missing +index\.md$", out, re.MULTILINE)
    assert re.search(r"^de +not started: 2 pages missing$", out, re.MULTILINE)


def test_refresh_from_the_command_line_leaves_outdated_pages_passing(project, capsys):
    spanish = project / "docs" / "es"
    spanish.mkdir()
    (spanish / "plans.md").write_text(SPANISH, "utf-8")
    (spanish / "index.md").write_text("# Ayuda { #help }\n", "utf-8")
    status, out = run(project, capsys)
    assert (status, "2 outdated" in out) == (0, True)
    status, out = run(project, capsys, "--refresh", str(spanish / "plans.md"),
                      str(spanish / "index.md"))
    assert status == 0
    assert f"plans.md: source_hash {source_hash(project / 'docs' / 'en' / 'plans.md')}" in out
    status, out = run(project, capsys)
    assert (status, re.search(r"^es +2 ok$", out, re.MULTILINE) is not None) == (0, True)


def test_refresh_refuses_what_is_not_a_translation(project, capsys):
    status, out = run(project, capsys, "--refresh", str(project / "docs" / "en" / "plans.md"))
    assert status == 1
    assert "not a translation of an English page" in out


# ---------------------------------------------------------------------------
# The help center's translations

PAGES = [(language, page) for language in HELP.languages for page in HELP.source_pages()]
WORDING = Wording.of_project()


@pytest.mark.parametrize(("language", "page"), PAGES,
                         ids=[f"{language}/{page}" for language, page in PAGES])
def test_translation_is_there_and_in_step(language: str, page: str):
    """Every language mkdocs.yml lists is complete: a language is listed once it is written,
    with the product's labels and the terminology table's terms (README.md)."""
    status = page_status(HELP, language, page, WORDING)
    assert status.state in {"ok", "outdated"}, status.details
    if status.state == "outdated":
        warnings.warn(f"{language}/{page} is outdated: {status.details[0]}", stacklevel=1)


@pytest.mark.parametrize("language", HELP.languages)
def test_translation_has_no_page_english_lacks(language: str):
    orphans = [s.page for s in check_language(HELP, language) if s.state == "orphan"]
    assert orphans == []


PANEL_TEXTS = Path(__file__).resolve().parents[2] / "overrides" / "try-it" / "texts"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("language", HELP.languages)
def test_panel_texts_are_translated_with_the_same_placeholders(language: str):
    english = json.loads((PANEL_TEXTS / "en.json").read_text("utf-8"))
    texts = json.loads((PANEL_TEXTS / f"{language}.json").read_text("utf-8"))
    assert sorted(set(english) ^ set(texts)) == []
    assert {k: placeholders(v) for k, v in texts.items()} == {
        k: placeholders(v) for k, v in english.items()}
    names = ("option.product.", "option.signed_in_to.", "option.account.type.")
    words = [k for k, v in english.items() if re.search(r"[a-z]{3}", re.sub(r"\{\w+\}", "", v))]
    same = [k for k in words if texts[k] == english[k] and len(english[k]) > 12
            and not k.startswith(names)]
    assert same == [], "copied from English, not translated"


@pytest.mark.parametrize(("language", "page"), [(HELP.default_language, p) for p in HELP.source_pages()] + PAGES,
                         ids=[f"{HELP.default_language}/{p}" for p in HELP.source_pages()]
                         + [f"{language}/{page}" for language, page in PAGES])
def test_every_admonition_has_a_title_of_its_own(language: str, page: str):
    """An admonition without a title shows its type in English ("Note") on every language's page."""
    text = (HELP.docs_dir / language / page).read_text("utf-8")
    untitled = re.findall(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+[ \t]*$', text, re.MULTILINE)
    assert untitled == []


def test_the_checker_knows_each_languages_labels_and_terms():
    """Every language has its labels and a row of the terminology table (README.md)."""
    assert set(WORDING.labels) == {HELP.default_language, *HELP.languages}
    for concept, forms in WORDING.terms.items():
        assert set(forms) == {HELP.default_language, *HELP.languages}, concept


def test_english_bold_is_only_the_products_labels():
    """Bold names a button, page or message as the product shows it, nothing else, so that
    each translation can be checked against the simulator's label for it."""
    for page in HELP.source_pages():
        text = (HELP.docs_dir / HELP.default_language / page).read_text("utf-8")
        assert WORDING.problems(HELP.default_language, text, text) == [], page


def test_a_label_worded_two_ways_is_wording_drift():
    english = "Click **Go to Billing**, then **Go to Billing** again."
    label = WORDING.labels["it"]["go_to_billing"]
    same = f"Fai clic su **{label}**, poi ancora su **{label}**."
    assert WORDING.problems("it", english, same) == []
    variant = f"Fai clic su **{label}**, poi ancora su **Passa al pagamento**."
    assert WORDING.problems("it", english, variant) == [
        "bold **Passa al pagamento** is not a product label in it",
        f"**{label}** is bold 1 times, where English has its label 2 times"]


def test_a_term_of_the_table_must_be_used_where_english_uses_it():
    english = "Your billing contact can change the plan."
    assert WORDING.problems("fr", english, "Votre contact de facturation peut changer.") == []
    assert WORDING.problems("fr", english, "Votre gestionnaire peut changer.") == [
        "says 'billing contact' without the term 'contact de facturation'"]
    # Inflected forms count: "der anteiligen Verrechnung" is the term "anteilige Verrechnung".
    assert WORDING.problems("de", "How proration works", "Wie die Höhe der anteiligen "
                            "Verrechnung entsteht") == []
