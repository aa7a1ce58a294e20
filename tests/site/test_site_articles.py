"""Each article opens with whom it applies to and when it last changed, in its language.

The products and account types come from the article's front matter (`applies_to`,
the same in every language); the date is that of the last commit that touched the
page (in a checkout without history, the build's own date).
"""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timezone
from html import unescape

import pytest
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from simulator.catalog import load_catalog
from tests.site.sites import ROOT, SOURCES, BuiltSite, SitePage, by_page, site_pages

HELP = SOURCES["help"]
PRODUCTS = load_catalog().products
ARTICLES = [p for p in site_pages() if p.page != "index.md"]
FACTS = re.compile(r'<p class="article-facts" data-products="(?P<products>[^"]*)" '
                   r'data-accounts="(?P<accounts>[^"]*)">\s*'
                   r'<span class="article-facts__applies">(?P<applies>[^<]*)</span>\s*'
                   r'<span class="article-facts__updated">(?P<updated>.*?)</span>', re.S)


def facts_texts(language: str) -> dict:
    """Return the line's words in `language`, as mkdocs.yml gives them."""
    with open(ROOT / "mkdocs.yml", "rb") as source:
        config = yaml_load(source)
    if language == HELP.docs.default_language:
        return config["extra"]["article_facts"]
    return HELP.language_config(language)["extra"]["article_facts"]


def last_change(site_page: SitePage) -> date:
    """Return the day of the last commit that touched the page (today if none did)."""
    path = HELP.docs.docs_dir / site_page.language / site_page.page
    stamp = subprocess.run(["git", "log", "-1", "--format=%at", "--", str(path)], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    moment = datetime.fromtimestamp(int(stamp), timezone.utc) if stamp else datetime.now(
        timezone.utc)
    return moment.date()


def test_every_article_says_whom_it_applies_to():
    for page in HELP.pages:
        _, meta = get_data(HELP.markdown(HELP.docs.default_language, page))
        if page == "index.md":
            assert "applies_to" not in meta
            continue
        applies = meta["applies_to"]
        assert applies["products"] and set(applies["products"]) <= set(PRODUCTS), page
        assert applies["accounts"] and set(applies["accounts"]) <= {"online", "corporate"}, page


@pytest.mark.parametrize(**by_page(ARTICLES))
def test_an_article_opens_with_its_products_accounts_and_last_change(built: BuiltSite,
                                                                        site_page: SitePage):
    html = built.html(site_page)
    match = FACTS.search(html)
    assert match, f"{site_page}: no line under the title"
    assert html.index("</h1>") < match.start() < html.index("</h1>") + 10
    _, meta = get_data(HELP.markdown(site_page.language, site_page.page))
    applies = meta["applies_to"]
    assert match["products"].split() == applies["products"]
    assert match["accounts"].split() == applies["accounts"]
    texts = facts_texts(site_page.language)
    locale = Locale.parse(site_page.language, sep="-")
    products = format_list([PRODUCTS[p].name for p in applies["products"]], locale=locale)
    accounts = texts["accounts"]["_".join(applies["accounts"])]
    assert unescape(match["applies"]) == texts["applies_to"].format(
        products=products, accounts=accounts)
    changed = last_change(site_page)
    written = format_date(changed, format="long", locale=locale)
    assert unescape(re.sub(r"<[^>]+>", "", match["updated"])) == texts["updated"].format(
        date=written)
    assert f'datetime="{changed.isoformat()}"' in match["updated"]
