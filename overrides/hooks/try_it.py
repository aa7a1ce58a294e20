"""The "Try it" panels: a ```try-it block in an article becomes a form with a worked example.

Writers place a panel with a readable marker: the scenario kind, then the
preset values by their contract names:

    ```try-it
    kind: change_plan
    today: 2026-11-16
    subscription.seats: 10
    ```

The build evaluates the preset with the simulator. The form is rendered from
the partial beside the theme's templates (partials/try-it.html), in the page's
language, with the fields that matter for the kind; the result box is left as a
slot that finish.py fills once the site is built, with the same renderer the
panel uses for its live answers (try-it/view.js, run under Node for every panel
of the build at once): readers without JavaScript, printouts and search engines
see the worked example, and the panel lays its live answers over it.

The panel's files (its browser code, Pyodide, the simulator) are try_it_assets.py's.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import i18n  # a hook beside this one: its functions only (see its NOTE)
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from articles import TRY_IT_BLOCK
from simulator.boundary import evaluate_document
from simulator.catalog import load_catalog
from simulator.form import describe
from simulator.l10n import locale_data

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "overrides" / "try-it"
TEXTS = SOURCES / "texts"
PARTIAL = "partials/try-it.html"
SLOT = '<div data-try-it-slot="{index}"></div>'
SLOT_PATTERN = re.compile(r'<div data-try-it-slot="(\d+)"></div>')
# Where partials/try-it.html leaves the worked example, with what view.js needs to render it.
WORKED_EXAMPLE = re.compile(
    r'^(?P<indent>[ \t]*)<div data-try-it-example="(?P<example>[^"]*)"></div>', re.MULTILINE)
CATALOG = load_catalog()

# ---------------------------------------------------------------------------
# The forms: which fields each kind's form asks, grouped, and how they are drawn. What
# a field holds (its type, choices, default, a product's tiers, which answer leads to
# which question) is the simulator's description of the scenario (simulator/form.py).

ACCOUNT_FIELDS = ["account.type", "account.role", "account.credit_balance",
                  "account.cart_has_items", "account.vat_applicable"]
# The form of each kind: groups of fields, by their contract names.
FORMS: dict[str, list[tuple[str, list[str]]]] = {
    "change_plan": [
        ("current", ["subscription.product", "subscription.tier", "subscription.seats",
                     "subscription.frequency", "subscription.unit_price",
                     "subscription.currency", "subscription.period_start"]),
        ("change", ["today", "change.tier", "change.seats", "change.frequency",
                    "change.unit_price"]),
        ("account", ACCOUNT_FIELDS),
    ],
    "convert_trial": [
        ("current", ["subscription.product", "subscription.tier", "subscription.seats",
                     "subscription.status", "subscription.currency"]),
        ("change", ["today", "change.tier", "change.seats", "change.frequency",
                    "change.unit_price"]),
        ("account", ACCOUNT_FIELDS),
    ],
    "add_subscription": [
        ("new", ["change.mode", "change.product", "change.tier", "change.seats",
                 "change.frequency", "change.unit_price", "change.currency", "today"]),
        ("account", ACCOUNT_FIELDS),
    ],
    "remove_pending_cancellation": [
        ("current", ["subscription.product", "subscription.frequency",
                     "subscription.period_start", "subscription.status", "today"]),
        ("account", ["account.type", "account.role"]),
    ],
    "find_billing_contact": [
        ("question", ["signed_in_to", "saw", "portal_sign_in", "account.type"]),
    ],
    "route_request": [
        ("question", ["request", "product", "account.type", "account.role"]),
    ],
}
RADIO_FIELDS = {"change.mode", "signed_in_to", "saw", "portal_sign_in", "account.type"}
# Choices written as they are (codes, not words).
CODE_CHOICES = {"currency"}


@cache
def description(locale: str) -> dict[str, Any]:
    """Return the simulator's description of the scenario, its names in `locale`."""
    return describe(CATALOG, locale)


def flow_of(kind: str, locale: str) -> dict[str, Any]:
    """Return the billing-contact question's order (R-WHO-1..7): which answers each place
    can show, and after which the portal question comes; other kinds ask all at once."""
    if kind != "find_billing_contact":
        return {}
    facts = description(locale)
    return {"saw": facts["sights_by_place"], "portal_sign_in": facts["portal_question_after"]}


# ---------------------------------------------------------------------------
# The panel's texts and locale data


@cache
def panel_texts(locale: str) -> dict[str, str]:
    """Return the panel's labels in `locale`; a missing or partial translation fails the build."""
    english = json.loads((TEXTS / "en.json").read_text("utf-8"))
    path = TEXTS / f"{locale}.json"
    if not path.exists():
        raise PluginError(f"{path.relative_to(ROOT)}: the panel has no texts in {locale}")
    local = json.loads(path.read_text("utf-8"))
    missing = sorted(set(english) - set(local))
    if missing:
        raise PluginError(f"{path.name} lacks the panel texts {missing}")
    return {**local, "_locale": locale}


def locale_formats(locale: str) -> dict[str, Any]:
    """Return what try-it/formats.js needs to write amounts and dates: the simulator's own
    locale data (simulator/l10n.json, CLDR's), so that the panel's figures read as the
    simulator's explanations write them, and the browser needs no locale data of its own."""
    return dict(locale_data(locale))


def amount_for_input(amount: str, locale: str) -> str:
    """Return a contract amount ("10.00") with the locale's decimal sign, as formats.js writes it."""
    return amount.replace(".", locale_data(locale)["decimal"], 1)


# ---------------------------------------------------------------------------
# The form


def parse_marker(body: str, where: str) -> dict[str, Any]:
    """Return the preset scenario a marker describes (`path: value` lines)."""
    scenario: dict[str, Any] = {}
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        path, sep, raw = line.partition(":")
        if not sep or not re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", path.strip()):
            raise PluginError(f"{where}: try-it line {number} is not 'name: value': {line!r}")
        value: Any = raw.strip()
        if re.fullmatch(r"-?[0-9]+", value):
            value = int(value)
        elif value in ("true", "false"):
            value = value == "true"
        *parents, leaf = path.strip().split(".")
        node = scenario
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    if scenario.get("kind") not in FORMS:
        raise PluginError(f"{where}: a try-it block starts with 'kind:' and one of {list(FORMS)}")
    return scenario


def field_value(scenario: dict[str, Any], path: str) -> Any:
    node: Any = scenario
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def field_spec(path: str, kind: str, scenario: dict[str, Any], texts: dict[str, str]) -> dict:
    """Return what the template needs to draw one control: the simulator's description of
    the field, with the panel's words for it in the page's language."""
    leaf = path.split(".")[-1]
    facts = description(texts["_locale"])
    field = facts["fields"][path]
    label = texts.get(f"field.{path}", texts.get(f"field.{leaf}", path))
    if path == "today":
        label = {"convert_trial": texts["field.today.trial"],
                 "add_subscription": texts["field.today.add"]}.get(kind, label)
    value = field_value(scenario, path)
    spec: dict[str, Any] = {"name": path, "label": label,
                            "value": field["default"] if value is None else value}
    is_optional_change = path.startswith("change.") and kind != "add_subscription"
    if field["type"] == "tier":
        product = field_value(scenario, "change.product") or field_value(
            scenario, "subscription.product")
        spec.update(control="select", type="choice", options=facts["tiers"].get(product, []))
    elif field["choices"]:
        options = [(o, o if leaf in CODE_CHOICES else texts.get(
            f"option.{path}.{o}", texts.get(f"option.{leaf}.{o}", o))) for o in field["choices"]]
        control = "radio" if path in RADIO_FIELDS else "select"
        spec.update(control=control, type="choice", options=options)
    elif field["type"] == "whole_number":
        # NOTE: text, not type=number: a number input hides what was typed when it is not
        # a number ("12a" reads as ""), so the field could not say what is wrong with it.
        spec.update(control="input", type="int", input_type="text", inputmode="numeric")
    elif field["type"] == "amount":
        spec.update(control="input", type="amount", input_type="text", inputmode="decimal")
        if isinstance(spec["value"], str):  # shown the reader's way: 10,00 in Italian
            spec["value"] = amount_for_input(spec["value"], texts["_locale"])
        if leaf == "unit_price":
            spec["help"] = texts["help.unit_price"]
    elif field["type"] == "date":
        spec.update(control="input", type="date", input_type="date", help=texts["help.date"])
    elif field["type"] == "boolean":
        spec.update(control="checkbox", type="bool")
    if is_optional_change and spec.get("control") in ("select", "radio"):
        spec["control"] = "select"
        spec["options"] = [("", texts["option.keep"])] + spec["options"]
    if path == "account.type" and kind == "find_billing_contact":
        spec["options"] = spec["options"] + [("", texts["option.unknown"])]
    return spec


def render_panel(
    env, scenario: dict[str, Any], locale: str, index: int, where: str, sections: dict,
    is_kind_repeated: bool = False,
) -> str:
    """Return the panel's HTML: the form with the preset, and a slot for the preset's result
    (the first panel of a page also carries what the page's panels share)."""
    scenario = {**scenario, "locale": locale}
    result = evaluate_document(json.loads(json.dumps(scenario)))
    if "errors" in result:
        problems = "; ".join(f"{e['field']}: {e['text']}" for e in result["errors"])
        raise PluginError(f"{where}: the try-it preset is not a valid scenario: {problems}")
    texts = panel_texts(locale)
    groups = [(texts[f"group.{name}"], [field_spec(p, scenario["kind"], scenario, texts)
                                         for p in paths])
              for name, paths in FORMS[scenario["kind"]]]
    formats = locale_formats(locale)
    title = texts[f"panel.title.{scenario['kind']}"]
    if is_kind_repeated:  # two panels of one kind on a page: each says which product it is
        product = (field_value(scenario, "subscription.product")
                   or field_value(scenario, "change.product") or field_value(scenario, "product"))
        title = f"{title} ({CATALOG.products[product].name})" if product else title
    page_data = {"texts": texts, "formats": formats, "tiers": description(locale)["tiers"],
                 "sections": sections}
    return env.get_template(PARTIAL).render(
        panel_id=f"try-it-{index}",
        title=title,
        kind=scenario["kind"],
        locale=locale,
        panel={"preset": scenario, "flow": flow_of(scenario["kind"], locale)},
        page_data=page_data if index == 0 else None,
        groups=groups,
        texts=texts,
        worked_example={"result": result, "texts": texts, "formats": formats,
                        "sections": sections, "where": where},
        has_prices=any(f["name"].endswith("unit_price") for _, fs in groups for f in fs),
    )


# ---------------------------------------------------------------------------
# Where each amount of an explanation is explained: the article section of the first
# rule its line applies (one place per rule; every language has the same section ids).

EXPLAINED_IN = {
    "R-PRO-1": "change-plan-gotoassist.md#charge-for-new-period",
    "R-PRO-2": "change-plan-gotoassist.md#credit-for-unused-days",
    "R-PRO-3": "change-plan-gotoassist.md#credit-for-unused-days",
    "R-PRO-4": "change-plan-gotoassist.md#charge-for-new-period",
    "R-PRO-5": "change-plan-gotoassist.md#amount-due",
    "R-PRO-6": "change-plan-gotoassist.md#amount-due",
    "R-PRO-8": "change-plan-gotoassist.md#new-purchases",
}
HEADING = re.compile(r"^#{2,6} (?P<title>.+?) \{ #(?P<id>[\w-]+) \}[ \t]*$", re.MULTILINE)


@cache
def section_titles(docs_dir: str, language: str, page: str) -> dict[str, str]:
    """Return a page's section titles in a language, by their explicit ids."""
    text = (Path(docs_dir) / language / page).read_text("utf-8")
    return {match["id"]: match["title"] for match in HEADING.finditer(text)}


def explanation_sections(config, page, language: str) -> dict[str, dict[str, str]]:
    """Return, per rule, the link from `page` to the section that explains it, and its title."""
    root = i18n.language_folder(config, language)
    sections = {}
    for rule, target in EXPLAINED_IN.items():
        article, anchor = target.split("#")
        titles = section_titles(config.docs_dir, language, article)
        if anchor not in titles:
            raise PluginError(f"{language}/{article} has no section #{anchor}, which explains "
                              f"{rule} to the panels")
        href = get_relative_url(root + article.removesuffix(".md") + ".html", page.url)
        sections[rule] = {"href": f"{href}#{anchor}", "title": titles[anchor]}
    return sections


_panel_env = (None, None)


def panel_env(config):
    """Return one template environment for every page and language of a build.

    A new one per page loaded the panel's partial again for every page. The
    partial reads only what render_panel passes, so one serves all languages;
    the next build (a rebuild under `mkdocs serve`) has a new theme, and so a
    new environment that sees an edited partial.
    """
    global _panel_env
    theme, env = _panel_env
    if theme is not config.theme:
        _panel_env = theme, env = config.theme, config.theme.get_env()
    return env


# ---------------------------------------------------------------------------
# Worked examples: the result boxes, filled into the finished site (finish.py runs this)


def write_worked_examples(site: Path) -> None:
    """Fill every panel's worked example into the built pages, rendered by view.js.

    All the build's panels go to one Node process (try-it/worked-examples.mjs), which
    renders each with the panel's own renderer: the worked example is what the live
    panel would show, written as HTML.
    """
    pages: dict[Path, str] = {}
    examples: list[dict] = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text("utf-8")
        found = [dict(json.loads(unescape(match["example"])), indent=match["indent"])
                 for match in WORKED_EXAMPLE.finditer(html)]
        if found:
            pages[path] = html
            examples += found
    if not examples:
        return
    boxes = iter(json.loads(_node(SOURCES / "worked-examples.mjs", stdin=json.dumps(examples))))
    for path, html in pages.items():
        path.write_text(WORKED_EXAMPLE.sub(lambda match: match["indent"] + next(boxes), html),
                        "utf-8")


def _node(script: Path, stdin: str) -> str:
    """Return what a build script prints when Node runs it; fail the build if it fails."""
    done = subprocess.run(["node", str(script)], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"{script.relative_to(ROOT)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


# ---------------------------------------------------------------------------
# Event handlers


def on_page_markdown(markdown, page, config, files, **_):
    """Swap each marker for a slot: the panel is HTML and must not pass through Markdown."""
    presets = []

    def to_slot(match: re.Match) -> str:
        presets.append(parse_marker(match.group("body"), page.file.src_uri))
        return SLOT.format(index=len(presets) - 1)

    markdown = TRY_IT_BLOCK.sub(to_slot, markdown)
    page.meta["try_it_presets"] = presets
    return markdown


def on_post_page(output, page, config, **_):
    """Fill each slot with its panel, in the finished page.

    NOTE: not in the page's content: the search index would read every panel's
    form only to leave it out (it is no text to search), and that was a fifth of
    a build.
    """
    presets = page.meta.get("try_it_presets") or []
    if not presets:
        return output
    env = panel_env(config)
    locale = i18n.built_language(config)
    sections = explanation_sections(config, page, locale)
    kinds = [preset["kind"] for preset in presets]
    return SLOT_PATTERN.sub(
        lambda m: render_panel(env, presets[int(m.group(1))], locale, int(m.group(1)),
                               page.file.src_uri, sections,
                               kinds.count(presets[int(m.group(1))]["kind"]) > 1),
        output,
    )
