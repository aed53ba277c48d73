from datetime import UTC, datetime

from lxml import html

from transforms.page.language import detect_language
from transforms.page.metadata import extract_metadata, parse_datetime, split_authors

PAGE = """<html lang="de"><head>
<meta property="og:title" content="OG Titel">
<meta property="article:published_time" content="2022-01-21T19:30:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
 {"@type":"NewsArticle","headline":"Der Titel","datePublished":"2022-01-21T14:30:00-05:00",
  "dateModified":"2022-01-22T10:00:00+01:00","author":[{"@type":"Person","name":"Anna Muster"},
  {"@type":"Organization","name":"dpa"}],"publisher":{"@type":"Organization","name":"Beispielzeitung"}}]}
</script></head><body><p>x</p></body></html>"""


def meta(page=PAGE, url="https://example.com/a", seen=datetime(2022, 2, 1, tzinfo=UTC)):
    return extract_metadata(html.document_fromstring(page), url, None, None, None, None, None, seen)


def test_json_ld_first_with_provenance():
    m = meta()
    assert m.title == "Der Titel"
    assert m.published_at == datetime(2022, 1, 21, 19, 30, tzinfo=UTC)
    assert m.published_at_source == "json-ld" and not m.date_conflict
    assert m.modified_at_source == "json-ld"
    assert m.authors == ["Anna Muster"] and m.agency_byline == "dpa"
    assert m.site_name == "Beispielzeitung" and m.language_hint == "de"


def test_future_date_is_not_accepted_silently():
    m = meta(seen=datetime(2021, 1, 1, tzinfo=UTC))
    assert m.published_at is None and m.published_at_source == "future-rejected"


def test_conflicting_witnesses_are_flagged():
    page = PAGE.replace("2022-01-21T19:30:00Z", "2022-03-01T00:00:00Z")
    m = meta(page, seen=datetime(2022, 4, 1, tzinfo=UTC))
    assert m.date_conflict and m.published_at_source == "json-ld"


def test_authors_are_people():
    assert split_authors(["Redaktion", "Staff", "Reuters", "By Jane Roe", "Beispiel"], "Beispiel") == \
        (["Jane Roe"], "Reuters")


def test_parse_datetime_variants():
    assert parse_datetime("2023-05-01") == datetime(2023, 5, 1, tzinfo=UTC)
    assert parse_datetime("2023-05-01 10:00:00+0200") == datetime(2023, 5, 1, 8, tzinfo=UTC)
    assert parse_datetime("gestern") is None


def test_language_detection():
    assert detect_language("Der Minister sagte, dass die Regierung nicht mit dem Plan einverstanden ist.") == "de"
    assert detect_language("The minister said that the government was not happy with the plan at all.") == "en"
    assert detect_language("", "de-CH") == "de"


def test_agency_from_wire_dateline():
    from transforms.page.metadata import agency_from_dateline

    assert agency_from_dateline("Berlin (dpa) - Die Regierung hat am Montag ...") == "dpa"
    assert agency_from_dateline("WASHINGTON (AP) — The Senate voted ...") == "AP"
    assert agency_from_dateline("FRANKFURT, May 16 (Reuters) - Shares rose ...") == "Reuters"
    assert agency_from_dateline("Die Regierung (dpa) hat ...") is None
    assert agency_from_dateline("Berlin - Die Regierung hat ...") is None


def test_agency_from_visible_byline():
    page = PAGE.replace("<body><p>x</p></body>",
                        '<body><p class="byline">Von Anna Muster, <span class="byline-agency">mit Material von '
                        "Reuters</span></p><p>x</p></body>").replace('{"@type":"Organization","name":"dpa"}', '{"@type":"Person","name":"Ben"}')
    assert meta(page).agency_byline == "Reuters"


def test_newsroom_is_the_byline_only_when_no_person_is_credited():
    house = PAGE.replace('{"@type":"Person","name":"Anna Muster"},\n  {"@type":"Organization","name":"dpa"}',
                         '{"@type":"NewsMediaOrganization","name":"Redaktion beispiel.de"}')
    assert meta(house).authors == ["Redaktion beispiel.de"]
    assert meta().authors == ["Anna Muster"]  # a person named: the house is no author
    mail = house.replace("Redaktion beispiel.de", "redaktion@beispiel.de")
    assert meta(mail).authors == []
