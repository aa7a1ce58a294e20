"""The site in Firefox ESR and WebKitGTK: the Chromium tests' pages, panels and expectations.

Every engine visits every page in every language once, and makes every panel live
(tests/site/engine_visits.py says in what order); the tests assert on what each check
saw. The simulator's own answer, in CPython, is what a panel must show after an edit.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from simulator.boundary import evaluate_json
from tests.site.engine_visits import (
    DATE, DATE_FIELD, DATE_TYPING, LINKED, PLAN, SWITCHED_TO, WORKER_FILES, panel_id,
)
from tests.site.engines import ENGINES
from tests.site.panels import BAD_VALUES, EDITS, READ_RESULT, comparable, panel_pages, shown
from tests.site.sites import ROOT, SOURCES, SitePage, in_language, site_pages
from tests.site.visits import PLAN_ARTICLE

pytestmark = pytest.mark.engines

HELP = SOURCES["help"]
PANELS = panel_pages()
# What typing a date gives in each engine (engine_visits.py: DATE_TYPING): the date, or
# the panel's "unfinished date" at the field and no answer to a date the reader did not give.
# NOTE: WebKit fills the month alone when the digits come without separators; Firefox moves
# to the next part by itself once a part is complete, so a Tab after it skips one.
DATE_TYPED = {"firefox": {"digits": DATE, "separators": DATE, "parts": "unfinished"},
              "webkit": {"digits": "unfinished", "separators": DATE, "parts": DATE}}


def by_engine(argname: str | None = None, values=(), engines=ENGINES) -> dict:
    """Return pytest.mark.parametrize arguments: every engine, times `values`.

    An engine's tests are one xdist group (tests/conftest.py finds it from the test's
    id too): one worker launches the engine, once, and makes its visits.
    """
    def param(engine: str, *value):
        return pytest.param(engine, *value, id="-".join([engine, *map(str, value)]),
                            marks=pytest.mark.xdist_group(f"engine:{engine}"))

    if argname is None:
        return {"argnames": "engine", "argvalues": [param(engine) for engine in engines]}
    return {"argnames": ("engine", argname),
            "argvalues": [param(engine, value) for engine in engines for value in values]}


def answer(scenario: dict) -> dict:
    """Return the simulator's answer, in CPython, to `scenario`."""
    return json.loads(evaluate_json(json.dumps(scenario)))


def value_at(scenario: dict, name: str):
    for key in name.split("."):
        scenario = scenario[key]
    return scenario


def panel_text(language: str, key: str) -> str:
    texts = json.loads((ROOT / "overrides" / "try-it" / "texts" / f"{language}.json")
                       .read_text("utf-8"))
    return texts[key]


@pytest.mark.parametrize(**by_engine("site_page", site_pages()))
def test_page_loads_cleanly(engines, engine, site_page: SitePage):
    """Its <html lang> and title; no console error, no failed request, no CSP violation
    (in the page, or reported to the host by the page or its workers)."""
    loaded = engines.seen(engine, site_page.language, ("page", site_page))
    assert loaded["lang"] == site_page.language
    assert loaded["title"] == HELP.html_title(site_page.language, site_page.page)
    assert loaded.problems == []


@pytest.mark.parametrize(**by_engine("site_page", list(dict.fromkeys(p.site_page for p in PANELS))))
def test_form_controls_are_in_the_sites_fonts(engines, engine, site_page: SitePage):
    """The site's font stack, which has every language's characters, in the panels' form
    controls too. NOTE: with Material's stack, WebKitGTK drew "Keine Änderung" in a
    <select> with Helvetica's Linux stand-in, which drops the dots of "Ä"."""
    loaded = engines.seen(engine, site_page.language, ("page", site_page))
    assert loaded["textFont"].startswith("-apple-system")
    assert "Noto Sans" in loaded["textFont"] and "Helvetica" not in loaded["textFont"]
    assert loaded["controlFonts"] == [loaded["textFont"]]


@pytest.mark.parametrize(**by_engine("panel_page", PANELS))
def test_panel_goes_live_with_its_worked_example(engines, engine, panel_page):
    seen = engines.seen(engine, panel_page.site_page.language, ("panel", panel_page))
    assert seen["worked_example"]["origin"] == "static"
    assert seen["live"]["origin"] == "live"
    assert comparable(seen["live"]) == comparable(seen["worked_example"])
    assert seen.problems == []


@pytest.mark.parametrize(**by_engine("panel_page", PANELS))
def test_an_edit_gets_the_simulators_answer(engines, engine, panel_page):
    """The answer shown is CPython's to the scenario the panel copies as JSON."""
    edited = engines.seen(engine, panel_page.site_page.language, ("panel", panel_page))["edited"]
    name, value = EDITS[panel_page.kind]
    scenario = edited["copied"]
    assert str(value_at(scenario, name)) == value
    assert scenario["locale"] == panel_page.site_page.language
    assert edited["error"] is None
    assert comparable(edited["shown"]) == comparable(shown(answer(scenario)))


@pytest.mark.parametrize(**by_engine("panel_page", [p for p in PANELS if p.kind in BAD_VALUES]))
def test_a_bad_value_gets_its_field_error_in_the_pages_language(engines, engine, panel_page):
    bad = engines.seen(engine, panel_page.site_page.language, ("panel", panel_page))["bad"]
    name, value = BAD_VALUES[panel_page.kind]
    assert bad["value"] == value and bad["invalid"] == "true"
    expected = [error["text"] for error in answer(bad["copied"])["errors"] if error["field"] == name]
    assert bad["copied"]["locale"] == panel_page.site_page.language
    assert expected and bad["error"] == " ".join(expected)


@pytest.mark.parametrize(**by_engine("language", HELP.languages[1:]))
def test_search_finds_only_the_pages_language(engines, engine, language):
    """From a language's home page, its word for proration finds the plan-change article
    in that language, and no page in another."""
    searched = engines.seen(engine, language, ("search",))
    home, article = (SitePage("help", language, page) for page in ("index.md", PLAN_ARTICLE))
    assert "/" + article.path in searched["paths"]
    assert [path for path in searched["paths"] if not in_language(path, home)] == []
    assert searched.problems == []


@pytest.mark.parametrize(**by_engine())
def test_a_link_restores_its_scenario_in_a_fresh_profile(engines, engine):
    opened = engines.seen(engine, "link", "opened")
    assert opened["fields"]["value"] == "12"
    assert comparable(opened["shown"]) == comparable(shown(answer({**LINKED, "locale": "en"})))
    assert opened["started_from"] == "snapshot"
    # The worker's own requests, as the host saw them: in WebKit, which reports no CSP
    # violation of a worker, the evidence that the worker's policy let it work.
    for name in WORKER_FILES:
        assert any(re.search(name, path) for path in opened["requested"]), name
    assert opened.problems == []


@pytest.mark.parametrize(**by_engine())
def test_the_language_switch_keeps_the_article_and_the_scenario(engines, engine):
    switched = engines.seen(engine, "link", "switched")
    address = urlsplit(switched["url"])
    assert address.path == "/" + SitePage("help", SWITCHED_TO, PLAN.page).path
    assert address.fragment.startswith("try-it-0=")
    assert switched["fields"]["value"] == "12"
    expected = shown(answer({**LINKED, "locale": SWITCHED_TO}))
    assert comparable(switched["shown"]) == comparable(expected)
    assert switched.problems == []


@pytest.mark.parametrize(**by_engine("way", DATE_TYPING))
def test_a_typed_date_is_the_right_one_or_said_unfinished(engines, engine, way):
    """Typed into an emptied date field: the date typed and the simulator's answer to it,
    or the unfinished-date error at the field and no answer at all (DATE_TYPED)."""
    typed = engines.seen(engine, "en", ("date", way))
    unfinished = panel_text("en", "error.unfinished_date")
    assert typed["emptied"]["value"] == "" and typed["emptied"]["error"] == unfinished
    field = typed["typed"]
    if DATE_TYPED[engine][way] == "unfinished":
        assert field["value"] == "" and field["isBadInput"]
        assert field["error"] == unfinished and field["invalid"] == "true"
        assert not typed["isAnswered"]
        assert field["evaluations"] == typed["emptied"]["evaluations"]
    else:
        assert field["value"] == DATE and field["error"] is None
        assert typed["isAnswered"] and typed["copied"][DATE_FIELD] == DATE
        assert comparable(typed["shown"]) == comparable(shown(answer(typed["copied"])))
    assert typed.problems == []


# ---------------------------------------------------------------------------
# The pass sees what it must see


INJECT_PROBLEMS = """() => {
  const script = document.createElement("script");
  script.textContent = "window.canary = 'ran'";
  document.body.append(script);
  setTimeout(() => { throw new Error("thrown on purpose"); });
}"""


@pytest.mark.parametrize(**by_engine())
def test_the_pass_sees_a_page_error_and_a_refused_script(engines, engine):
    """An error thrown, and an inline script the policy refuses: seen in the tab, and
    the violation reported to the host."""
    visitor = engines.visitor(engine)
    visitor.tab.open(visitor.built.url_of(SitePage("help", "en", "index.md")))
    visitor.clear()
    visitor.tab.evaluate(INJECT_PROBLEMS)
    report = visitor.log.wait_for(lambda entry: "report" in entry)
    visitor.tab.wait_for("() => new Promise((done) => setTimeout(() => done(true)))")
    assert report["report"]["violated-directive"].startswith("script-src")
    assert visitor.tab.evaluate("() => window.canary ?? null") is None
    problems = visitor.tab.problems()
    assert any("thrown on purpose" in problem for problem in problems), problems
    assert any("CSP violation" in problem for problem in problems), problems
    visitor.clear()  # this test's doing


# NOTE: Firefox only. WebKitGTK 2.50 reports no violation of a worker's policy (neither
# to report-uri nor as an event); its workers are checked by what they do
# (test_a_link_restores_its_scenario_in_a_fresh_profile).
@pytest.mark.parametrize(**by_engine(engines=["firefox"]))
def test_a_workers_violation_reaches_the_host(engines, engine):
    """Served without 'wasm-unsafe-eval', the panel's worker is refused WebAssembly: the
    violation is reported, and the panel ends in its error state with its worked example."""
    with engines.fresh(engine, **{"host-without-wasm": "1"}) as visitor:
        visitor.tab.open(visitor.built.url_of(PLAN))
        visitor.tab.wait_for("""() => {
          const root = document.getElementById("try-it-0");
          root.scrollIntoView({ block: "nearest" });
          return root.dataset.state === "error";
        }""")
        report = visitor.log.wait_for(lambda entry: "report" in entry)
        box = f"(id) => ({READ_RESULT})(document.getElementById(id).querySelector('[data-result]'))"
        assert visitor.tab.evaluate(box, panel_id(PANELS[0]))["origin"] == "static"
    assert report["report"]["source-file"].endswith("/worker.js") or "worker" in json.dumps(report)
