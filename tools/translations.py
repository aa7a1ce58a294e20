"""Are the translations complete, in step with the English pages, and up to date?

English (docs/en/) is the source; every other language mirrors its files with the
same names. For each English page and each language this reports:

- missing: the language has no such page;
- drift: the structure differs: not the same headings with the same explicit ids
  in the same order, not the same number of ordered-list steps in each section,
  not the same number of admonitions or content tabs, not the same "Try it"
  panel markers or not the same `applies_to` in the front matter (both copied
  unchanged: their values are the contract's, not words);
- wording: the translation does not call things as the product and the terminology
  table do: a bold name that is not the product's label in that language, a label not
  used as often as English uses it, or a term of README.md's terminology table missing
  where the English page uses it;
- outdated: the English page changed after the translation was made. A translation
  records, in its front matter, `source_hash:` the short hash of the English page it
  was translated from; after updating a translation, record the current one with
  `--refresh`.

Missing pages, drift and wording fail (exit status 1) in every language that has pages; a
language without any page yet is reported as not started. Outdated pages only
warn: readers see a notice on them (overrides/hooks/i18n.py).

    python -m tools.translations                             # the report
    python -m tools.translations --refresh docs/es/glossary.md  # after translating
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from articles import HASH_KEY, TRY_IT_BLOCK, is_current, pages_in, recorded_hash, source_hash

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
README = ROOT / "README.md"
LABELS = ROOT / "simulator" / "locales"  # the product's labels: each locale's button.* texts
HEADINGS = {f"h{level}" for level in range(1, 7)}


# ---------------------------------------------------------------------------
# The site: where the pages are, which languages, which Markdown


@dataclass(frozen=True)
class Site:
    """The languages and Markdown settings of one mkdocs.yml with a docs/<lang>/ layout."""

    docs_dir: Path
    default_language: str
    languages: tuple[str, ...]  # the translations, without the default language
    markdown_extensions: tuple[str, ...]
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config_file: Path = CONFIG) -> Site:
        """Return the site that `config_file` (mkdocs.yml) describes."""
        with open(config_file, "rb") as source:
            config = yaml_load(source)
        (i18n,) = [plugin["i18n"] for plugin in config["plugins"]
                   if isinstance(plugin, dict) and "i18n" in plugin]
        locales = [language["locale"] for language in i18n["languages"]]
        (default,) = [language["locale"] for language in i18n["languages"]
                      if language.get("default")]
        names, configs = [], {}
        for item in config.get("markdown_extensions", []):
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
            names.append(name)
            configs[name] = options or {}
        return cls(
            docs_dir=(Path(config_file).parent / config.get("docs_dir", "docs")).resolve(),
            default_language=default,
            languages=tuple(locale for locale in locales if locale != default),
            markdown_extensions=tuple(names),
            markdown_configs=configs,
        )

    def source_pages(self) -> list[str]:
        """Return the English pages, as paths relative to docs/en/."""
        return pages_in(self.docs_dir / self.default_language)

    def started_languages(self) -> list[str]:
        """Return the languages that have at least one page."""
        return [language for language in self.languages if pages_in(self.docs_dir / language)]


# ---------------------------------------------------------------------------
# Hashes: which English text a translation was made from (articles.py computes them)


def refresh(translation: Path, english_page: Path) -> str:
    """Record the English page's current hash in the translation's front matter; return it.

    The hash is written quoted: YAML would read some hex strings (`123e4567…`) as numbers.
    """
    value = source_hash(english_page)
    line = f'{HASH_KEY}: "{value}"'
    text = translation.read_text("utf-8")
    front = re.match(r"---[ \t]*\n(.*?\n)?(---|\.\.\.)[ \t]*\n", text, re.DOTALL)
    if front is None:
        text = f"---\n{line}\n---\n\n{text}"
    else:
        body = front.group(1) or ""
        key = re.compile(rf"^{HASH_KEY}:.*$", re.MULTILINE)
        body = key.sub(line, body, count=1) if key.search(body) else body + line + "\n"
        text = f"---\n{body}{front.group(2)}\n{text[front.end():]}"
    translation.write_text(text, "utf-8")
    return value


# ---------------------------------------------------------------------------
# Structure: what must be the same in every language


@dataclass(frozen=True)
class Structure:
    """What a translation must keep from its English page."""

    headings: tuple[tuple[str, str | None], ...]  # (tag, explicit id), in document order
    steps: tuple[int, ...]  # ordered-list items before the first heading, then under each
    admonitions: int  # admonitions and collapsible blocks (pymdownx.details)
    tabs: int = 0  # content tabs (pymdownx.tabbed)
    # Other explicit ids (glossary terms). Compared as a set: a glossary is sorted in
    # its own language's alphabetical order.
    anchors: frozenset[str] = frozenset()
    panels: tuple[str, ...] = ()  # the "Try it" markers' presets, line by line
    applies_to: str = ""  # the front matter's products and account types, as written


class _TreeGrabber(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self.md.structure_root = root  # type: ignore[attr-defined]


class _GrabTree(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Last, after attr_list has applied the explicit ids.
        md.treeprocessors.register(_TreeGrabber(md), "structure_tree", -100)


def page_structure(text: str, site: Site) -> Structure:
    """Return the structure of a page's Markdown, rendered with the site's extensions.

    The table of contents extension is left out, so headings keep only the ids the
    writer gave them (`{ #first-steps }`): the ids that must agree across languages.
    """
    body, meta = get_data(text)
    names = [name for name in site.markdown_extensions if name != "toc"]
    configs = {name: site.markdown_configs.get(name, {}) for name in names}
    md = markdown.Markdown(extensions=[*names, _GrabTree()], extension_configs=configs)
    md.convert(body)
    headings: list[tuple[str, str | None]] = []
    steps = [0]
    admonitions = tabs = 0
    anchors: list[str] = []
    for element in md.structure_root.iter():  # type: ignore[attr-defined]
        classes = (element.get("class") or "").split()
        if element.tag in HEADINGS:
            headings.append((element.tag, element.get("id")))
            steps.append(0)
        elif element.tag == "ol":
            steps[-1] += sum(1 for child in element if child.tag == "li")
        elif element.tag == "details" or (element.tag == "div" and "admonition" in classes):
            admonitions += 1
        elif element.tag == "div" and "tabbed-block" in classes:
            tabs += 1
        elif element.get("id") and element.tag != "input":  # tabs' inputs get generated ids
            anchors.append(element.get("id"))
    panels = tuple("\n".join(line.strip() for line in match["body"].splitlines() if line.strip())
                   for match in TRY_IT_BLOCK.finditer(body))
    applies_to = json.dumps(meta.get("applies_to"), sort_keys=True)
    return Structure(tuple(headings), tuple(steps), admonitions, tabs, frozenset(anchors), panels,
                     applies_to)


def _heading_label(heading: tuple[str, str | None]) -> str:
    tag, anchor = heading
    return f"{tag} #{anchor}" if anchor else f"{tag} without id"


def structure_drift(english: Structure, translation: Structure) -> list[str]:
    """Return how a translation's structure differs from the English one (empty: it does not)."""
    problems = []
    if english.headings != translation.headings:
        for index, (expected, found) in enumerate(zip(english.headings, translation.headings), 1):
            if expected != found:
                problems.append(f"heading {index} is {_heading_label(found)}, "
                                f"English has {_heading_label(expected)}")
                break
        else:
            problems.append(f"{len(translation.headings)} headings, "
                            f"English has {len(english.headings)}")
    elif english.steps != translation.steps:
        names = ["the introduction"] + [_heading_label(h) for h in english.headings]
        for name, expected, found in zip(names, english.steps, translation.steps):
            if expected != found:
                problems.append(f"{found} ordered-list steps under {name}, English has {expected}")
    if english.admonitions != translation.admonitions:
        problems.append(f"{translation.admonitions} admonitions, English has {english.admonitions}")
    if english.anchors != translation.anchors:
        problems.append(f"other ids than English: missing {sorted(english.anchors - translation.anchors)}, "
                        f"extra {sorted(translation.anchors - english.anchors)}")
    if english.tabs != translation.tabs:
        problems.append(f"{translation.tabs} content tabs, English has {english.tabs}")
    if english.applies_to != translation.applies_to:
        problems.append(f"applies_to is {translation.applies_to}, English's {english.applies_to}: "
                        "copy it unchanged")
    if english.panels != translation.panels:
        problems.append(f"{len(translation.panels)} try-it panels or other presets than English's "
                        f"{len(english.panels)}: copy the try-it blocks unchanged")
    return problems


# ---------------------------------------------------------------------------
# Wording: the product's labels and the terminology, the same on every page


BOLD = re.compile(r"\*\*(.+?)\*\*")
FENCED = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
TABLE_ROW = re.compile(r"^\|(.+)\|[ \t]*$", re.MULTILINE)


def term_pattern(term: str) -> re.Pattern[str]:
    """Return a pattern that finds a term and its inflections: each word by its start
    ("anteilige Verrechnung" finds "der anteiligen Verrechnung")."""
    words = term.split()
    return re.compile(r"\b" + r"\w*\s+".join(map(re.escape, words)), re.IGNORECASE)


@dataclass(frozen=True)
class Wording:
    """How each language calls things: the product's labels, and the terminology table."""

    labels: dict[str, dict[str, str]]  # language → label id → its text
    terms: dict[str, dict[str, tuple[str, ...]]]  # concept → language → forms (singular, plural)

    @classmethod
    def of_project(cls, readme: Path = README, labels: Path = LABELS) -> Wording:
        """Return the simulator's labels and README.md's terminology table."""
        texts = {path.stem: json.loads(path.read_text("utf-8")) for path in labels.glob("*.json")}
        labels = {language: {key.removeprefix("button."): text for key, text in catalog.items()
                             if key.startswith("button.")}
                  for language, catalog in texts.items()}
        return cls(labels, terminology(readme.read_text("utf-8")))

    def problems(self, language: str, english_text: str, text: str) -> list[str]:
        """Return how a translation's wording departs from the labels and the terminology."""
        problems = []
        english_ids = {text: key for key, text in self.labels["en"].items()}
        english_names, _ = self._bold_names("en", english_text)
        # Each English label, as this language writes it (two labels may share a wording).
        expected = Counter(self.labels[language][english_ids[name]] for name in english_names)
        names, strays = self._bold_names(language, text)
        problems += [f"bold **{name}** is not a product label in {language}" for name in strays]
        for name in sorted(expected | Counter(names)):
            if expected[name] != names.count(name):
                problems.append(f"**{name}** is bold {names.count(name)} times, "
                                f"where English has its label {expected[name]} times")
        for concept, forms in self.terms.items():
            if language in forms and self._mentions(forms["en"], english_text) and not (
                    self._mentions(forms[language], text)):
                problems.append(f"says {concept!r} without the term {forms[language][0]!r}")
        return problems

    def _bold_names(self, language: str, text: str) -> tuple[list[str], list[str]]:
        """Return a page's bold names that are the language's labels, and the others."""
        body, _ = get_data(FENCED.sub("", text))
        known = set(self.labels[language].values())
        names = BOLD.findall(body)
        return [n for n in names if n in known], [n for n in names if n not in known]

    @staticmethod
    def _mentions(forms: tuple[str, ...], text: str) -> bool:
        body, _ = get_data(FENCED.sub("", text))
        return any(term_pattern(form).search(body) for form in forms)


def terminology(readme: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Return README.md's terminology table: concept → language code → its forms.

    A cell holds a term and, where the language needs one, "(pl. plural)".
    """
    section = readme.split("#### Terminology", 1)[1]
    rows = [[cell.strip() for cell in row.split("|")] for row in TABLE_ROW.findall(section)]
    header, table = rows[0], [row for row in rows[2:] if row and "`" in row[0]]
    terms: dict[str, dict[str, tuple[str, ...]]] = {concept: {} for concept in header[1:]}
    for row in table:
        language = row[0].split("`")[1]
        for concept, cell in zip(header[1:], row[1:]):
            singular, _, plural = cell.partition(" (pl. ")
            terms[concept][language] = (singular, plural.rstrip(")")) if plural else (singular,)
    return terms


# ---------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class PageStatus:
    """The state of one page in one language."""

    language: str
    page: str  # relative to the language's folder
    state: str  # "ok", "missing", "drift", "wording", "outdated" or "orphan" (no English page)
    details: tuple[str, ...] = ()

    @property
    def is_failure(self) -> bool:
        """Return whether this state fails the check (outdated only warns)."""
        return self.state in {"missing", "drift", "wording", "orphan"}


def page_status(site: Site, language: str, page: str, wording: Wording | None = None) -> PageStatus:
    """Return the state of `page` (an English page's relative path) in `language`; with
    `wording`, also whether it calls things as the product and the terminology do."""
    english_page = site.docs_dir / site.default_language / page
    translation = site.docs_dir / language / page
    if not translation.is_file():
        return PageStatus(language, page, "missing")
    english_text = english_page.read_text("utf-8")
    text = translation.read_text("utf-8")
    drift = structure_drift(page_structure(english_text, site), page_structure(text, site))
    if drift:
        return PageStatus(language, page, "drift", tuple(drift))
    wrong = wording.problems(language, english_text, text) if wording else []
    if wrong:
        return PageStatus(language, page, "wording", tuple(wrong))
    _, meta = get_data(text)
    if not is_current(meta, english_page):
        recorded = recorded_hash(meta)
        why = (f"translated from {recorded}, English is now {source_hash(english_page)}"
               if recorded else f"no {HASH_KEY} in its front matter")
        return PageStatus(language, page, "outdated", (why,))
    return PageStatus(language, page, "ok")


def check_language(site: Site, language: str, wording: Wording | None = None) -> list[PageStatus]:
    """Return the state of every English page in `language`, then of its pages English lacks."""
    sources = site.source_pages()
    statuses = [page_status(site, language, page, wording) for page in sources]
    statuses += [PageStatus(language, page, "orphan", ("no English page of that name",))
                 for page in pages_in(site.docs_dir / language) if page not in sources]
    return statuses


def report(site: Site, out: TextIO | None = None, wording: Wording | None = None) -> int:
    """Print the state of every translation; return the exit status (1 on a failure)."""
    out = out or sys.stdout
    sources = site.source_pages()
    started = site.started_languages()
    print(f"{len(sources)} English pages in {_shown(site.docs_dir / site.default_language)}",
          file=out)
    failed = False
    for language in site.languages:
        if language not in started:
            print(f"{language:7} not started: {len(sources)} pages missing", file=out)
            continue
        statuses = check_language(site, language, wording)
        counts: dict[str, int] = {}
        for status in statuses:
            counts[status.state] = counts.get(status.state, 0) + 1
        summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        print(f"{language:7} {summary}", file=out)
        for status in statuses:
            if status.state != "ok":
                details = f": {'; '.join(status.details)}" if status.details else ""
                print(f"        {status.state:9} {status.page}{details}", file=out)
            failed = failed or status.is_failure
    return 1 if failed else 0


def _shown(path: Path) -> str:
    """Return `path` relative to the working directory when it is under it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def refresh_pages(site: Site, paths: Iterable[Path], out: TextIO | None = None) -> int:
    """Record the current English hash in each translation; return the exit status."""
    out = out or sys.stdout
    status = 0
    for path in paths:
        path = path.resolve()
        try:
            relative = path.relative_to(site.docs_dir)
        except ValueError:
            print(f"{_shown(path)}: not under {_shown(site.docs_dir)}", file=out)
            status = 1
            continue
        language, page = relative.parts[0], Path(*relative.parts[1:]).as_posix()
        english_page = site.docs_dir / site.default_language / page
        if language not in site.languages or not path.is_file() or not english_page.is_file():
            print(f"{_shown(path)}: not a translation of an English page", file=out)
            status = 1
            continue
        print(f"{_shown(path)}: {HASH_KEY} {refresh(path, english_page)}", file=out)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", type=Path, default=CONFIG,
                        help="the site's mkdocs.yml (default: %(default)s)")
    parser.add_argument("--refresh", nargs="+", type=Path, metavar="TRANSLATION",
                        help="record that these translations match their English page as it is now")
    args = parser.parse_args(argv)
    site = Site.from_config(args.config_file)
    if args.refresh:
        return refresh_pages(site, args.refresh)
    # The help center's own pages also answer to its labels and terminology.
    wording = Wording.of_project() if args.config_file.resolve() == CONFIG else None
    return report(site, wording=wording)


if __name__ == "__main__":
    sys.exit(main())
