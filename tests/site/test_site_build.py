"""What the build writes for search engines, search and readers of outdated translations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import pytest

from tests.site.sites import SOURCES, BuiltSite, SitePage, by_page, site_pages
from tools.translations import page_status

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LUNR = {"en": "en", "es": "es", "it": "it", "pt-BR": "pt", "fr": "fr", "de": "de"}
SITE_LANGUAGES = [(name, language) for name, source in SOURCES.items()
                  for language in source.languages]
TRANSLATED = [p for p in site_pages(sites=tuple(SOURCES))
              if p.language != p.source.docs.default_language]


class HeadLinks(HTMLParser):
    """Collects the attributes of a page's <link> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))


def page_urls(built: BuiltSite, language: str) -> set[str]:
    source = built.source
    return {built.url_of(SitePage(source.name, language, page)) for page in source.pages}


@pytest.mark.parametrize(**by_page(site_pages()))
def test_hreflang_alternates_are_absolute_with_english_as_default(built: BuiltSite, site_page):
    parser = HeadLinks()
    parser.feed(built.html(site_page))
    alternates = {link["hreflang"]: link["href"] for link in parser.links
                  if link.get("rel") == "alternate" and link.get("hreflang")}
    source = site_page.source
    expected = {language: built.url_of(SitePage(source.name, language, site_page.page))
                for language in source.languages}
    if len(expected) > 1:
        expected["x-default"] = expected[source.docs.default_language]
    else:  # one language: nothing to point to
        expected = {}
    assert alternates == expected


@pytest.mark.parametrize("name", SOURCES)
def test_robots_txt_leads_to_every_page_in_every_language(built_sites, name: str):
    """robots.txt lists one sitemap per language; together they list every page, each
    with its alternates in every language."""
    built = built_sites[name]
    robots = (built.root / "robots.txt").read_text("utf-8").splitlines()
    sitemaps = [line.removeprefix("Sitemap: ") for line in robots if line.startswith("Sitemap: ")]
    assert sitemaps == [built.url + built.source.root(language) + "sitemap.xml"
                        for language in built.source.languages]
    urls = []
    for sitemap_url in sitemaps:
        sitemap = etree.parse(built.root / sitemap_url.removeprefix(built.url)).getroot()
        urls += [url.findtext(f"{SITEMAP}loc") for url in sitemap.iter(f"{SITEMAP}url")]
        for url in sitemap.iter(f"{SITEMAP}url"):
            alternates = {link.get("hreflang") for link in url.iter(f"{XHTML}link")}
            assert alternates == set(built.source.languages)
    expected = set().union(*(page_urls(built, language) for language in built.source.languages))
    assert sorted(urls) == sorted(expected)


@pytest.mark.parametrize(("name", "language"), SITE_LANGUAGES,
                         ids=[f"{name}:{language}" for name, language in SITE_LANGUAGES])
def test_each_language_has_its_sitemap_at_its_root(built_sites, name: str, language: str):
    """Material follows instant navigation, and fetches alternates' sitemaps, from there:
    each lists its language's pages only, so that none is long to read."""
    built = built_sites[name]
    sitemap = etree.parse(built.root / built.source.root(language) / "sitemap.xml").getroot()
    urls = [url.findtext(f"{SITEMAP}loc") for url in sitemap.iter(f"{SITEMAP}url")]
    assert sorted(urls) == sorted(page_urls(built, language))


@pytest.mark.parametrize(("name", "language"), SITE_LANGUAGES,
                         ids=[f"{name}:{language}" for name, language in SITE_LANGUAGES])
def test_each_language_has_its_own_search_index(built_sites, name: str, language: str):
    built = built_sites[name]
    root = built.source.root(language)
    index = json.loads((built.root / root / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == [LUNR[language]]
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert pages == {built.source.path(language, page).removeprefix(root)
                     for page in built.source.pages}


@pytest.mark.parametrize(**by_page(TRANSLATED))
def test_outdated_translations_and_only_they_show_the_notice(built: BuiltSite, site_page):
    source = site_page.source
    status = page_status(source.docs, site_page.language, site_page.page)
    notice = source.language_config(site_page.language)["extra"]["outdated_translation"]
    html = built.html(site_page)
    assert (notice["title"] in html) == (status.state == "outdated")


def test_the_notice_follows_the_title_in_the_readers_language(built_sites):
    """The demo's Spanish plans page is outdated on purpose."""
    built = built_sites["demo"]
    article = SitePage("demo", "es", "plans.md")
    assert page_status(article.source.docs, "es", "plans.md").state == "outdated"
    html = built.html(article)
    title_end = html.index("</h1>")
    notice = html[title_end:html.index("</div>", title_end)]
    assert "Traducción desactualizada" in notice
    assert 'href="../plans.html" hreflang="en"' in notice


@pytest.mark.parametrize("name", SOURCES)
def test_the_not_found_page_is_in_the_default_language(built_sites, name: str):
    """Every language's build renders 404.html at the root: the default language's is kept."""
    html = (built_sites[name].root / "404.html").read_text("utf-8")
    assert f'<html lang="{SOURCES[name].docs.default_language}"' in html
