"""Titles from the visible headline with the metadata as evidence; bylines that are people."""

from __future__ import annotations

from lxml import html as lxml_html

from transforms.page.metadata import extract_metadata, split_authors
from transforms.page.titles import choose_title, site_labels, strip_site_name, unescape


def _meta(head: str, body: str, url: str = "https://www.example.org/a/1.html", doc_author: str | None = None):
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return extract_metadata(tree, url, None, doc_author, None, None, None, None)


def test_site_name_comes_off_by_what_the_page_calls_itself() -> None:
    labels = site_labels(["DW"], "https://www.dw.com/de/x/a-1")
    assert strip_site_name("Wahl in Spanien | DW | 28.04.2023", labels) == "Wahl in Spanien"
    labels = site_labels(["Tageszeitung Online"], "https://www.tageszeitung.it/2023/04/28/x/")
    assert strip_site_name("Rückbau beginnt - Die Neue Südtiroler Tageszeitung", labels) == "Rückbau beginnt"
    # the initials of a multi-word site name and a host written as a name
    assert strip_site_name("Raab neue Chefin | SN.at", site_labels(["Salzburger Nachrichten"], None)) \
        == "Raab neue Chefin"
    # a dash inside the headline stays
    assert strip_site_name("Rückschlag im Titelkampf - Liverpool verliert", site_labels(["sportschau.de"], None)) \
        == "Rückschlag im Titelkampf - Liverpool verliert"


def test_entities_are_unescaped_even_twice() -> None:
    assert unescape("R&uuml;ckbau") == "Rückbau"
    assert unescape("Google&amp;#039;s plan") == "Google's plan"


def test_visible_headline_beats_the_seo_title() -> None:
    title = choose_title(
        ["Climate change: Labor on track to hit 2030 target as Chris Bowen heralds approach"],
        ["Labor on track to hit 2030 climate change target"], [])
    assert title.startswith("Climate change: Labor")


def test_kicker_in_the_metadata_and_overline_in_the_h1() -> None:
    assert choose_title(["Orden fürs Morden"], ["Nationaler Veteranentag: Orden fürs Morden"], []) == \
        "Nationaler Veteranentag: Orden fürs Morden"
    assert choose_title(["Premier League Rückschlag im Titelkampf"], ["Rückschlag im Titelkampf"], []) == \
        "Rückschlag im Titelkampf"
    # a longer h1 that only continues the metadata title is the headline
    assert choose_title(["Who is Rebecca Cooke and how many children do they have?"],
                        ["Who is Rebecca Cooke?"], []) == "Who is Rebecca Cooke and how many children do they have?"


def test_unrelated_h1_loses_to_the_metadata() -> None:
    assert choose_title(["Krieg in Nahost: USA schliessen Hafen"], ["Israel und Gaza: News im Nahostkonflikt"],
                        []) == "Israel und Gaza: News im Nahostkonflikt"
    assert choose_title(["Golem.de"], ["LTE-Patent: Samsung soll Smartphones zerst&ouml;ren - Golem.de"],
                        site_labels([], "https://www.golem.de/news/x.html")) == \
        "LTE-Patent: Samsung soll Smartphones zerstören"


def test_page_title_from_h1_and_metadata() -> None:
    m = _meta('<meta property="og:title" content="SEO: Trump plant Helikopterlandeplatz | Beispiel">'
              '<meta property="og:site_name" content="Beispiel">',
              "<nav><h1>Beispiel</h1></nav><article><h1>Trump plant Helikopterlandeplatz beim Weissen Haus</h1>"
              "</article>")
    assert m.title == "Trump plant Helikopterlandeplatz beim Weissen Haus"


def test_without_h1_the_metadata_title_an_h2_shows_wins() -> None:
    metas = ["Künstliche Intelligenz in der Schule - Kinder werden schneller",
             "Technologie im Klassenzimmer: Künstliche Intelligenz in der Schule – Sie werden schneller"]
    shown = ["Technologie im Klassenzimmer Künstliche Intelligenz in der Schule – Sie werden schneller"]
    assert choose_title([], metas, [], shown) == metas[1]
    assert choose_title([], metas, [], ["Mehr zum Thema Schule"]) == metas[0]  # no h2 shows one: the first
    assert choose_title(["Kinder werden schneller"], metas, [], shown) == "Kinder werden schneller"  # h1 decides


def test_authors_are_never_the_site_an_email_or_a_place() -> None:
    labels = site_labels(["Legal Tribune Online"], "https://www.lto.de/x")
    assert split_authors(["LTO", "Jane Roe"], "Legal Tribune Online", labels, ["Legal Tribune Online"]) == \
        (["Jane Roe"], None)
    labels = site_labels(["DW"], "https://www.dw.com/x")
    assert split_authors(["Deutsche Welle (www.dw.com)", "mdr.de", "Max Muster (max@example.org)",
                          "jane@example.org"], "DW", labels, ["DW"]) == (["Max Muster"], None)
    labels = site_labels(["hessenschau.de"], None)
    assert split_authors(["hessenschau.de", "Frankfurt", "Germany"], "hessenschau.de", labels,
                         ["hessenschau.de"]) == ([], None)
    assert split_authors(["Autor Monika Bolliger", "Elena Oberholzer (obe)"], None) == \
        (["Monika Bolliger", "Elena Oberholzer"], None)


def test_json_ld_author_references_and_organisations() -> None:
    ld = ('<script type="application/ld+json">{"@graph": ['
          '{"@type": "NewsArticle", "headline": "H", "author": [{"@id": "#p1"}, '
          '{"@type": "Organization", "name": "Deutsche Presse-Agentur", "alternateName": "dpa"}, '
          '{"@type": "Organization", "name": "Beispiel Zeitung"}]},'
          '{"@type": "Person", "@id": "#p1", "name": "Paul Serran"}]}</script>')
    m = _meta(ld, "<h1>H</h1>")
    assert m.authors == ["Paul Serran"] and m.agency_byline == "dpa"


def test_agencies_of_the_agency_table_go_to_agency_byline() -> None:
    agencies = {"efe": "EFE", "agencia efe": "EFE", "the canadian press": "The Canadian Press"}
    assert split_authors(["Agencia EFE", "Ana Ruiz"], None, agencies=agencies) == (["Ana Ruiz"], "EFE")
    assert split_authors(["The Canadian Press"], None, agencies=agencies) == ([], "The Canadian Press")
