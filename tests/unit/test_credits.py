"""Credit parsing: every house style the pipeline meets, plus never-crash properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.structure.credits import AgencyTable, parse_credit, split_caption_credit

ROWS = [{"key": "ap", "name": "AP", "aliases": "AP|Associated Press|AP Photo|AP Foto", "country": "US"},
        {"key": "getty", "name": "Getty Images", "aliases": "Getty|Getty Images|iStockphoto", "country": "US"}]


@pytest.mark.parametrize("text, photographer, agency, pool", [
    ("AP Foto/Alex Brandon, Pool", "Alex Brandon", "AP", True),
    ("(AP Photo/Evan Vucci, File)", "Evan Vucci", "AP", False),
    ("Pressestelle des ukrainischen Präsidenten via AP", None, "AP", False),
    ("Pool via AP", None, "AP", True),
    ("Foto: dpa/Michael Kappeler", "Michael Kappeler", "dpa", False),
    ("Michael Kappeler/dpa", "Michael Kappeler", "dpa", False),
    ("REUTERS/Kevin Lamarque", "Kevin Lamarque", "Reuters", False),
    ("© AFP", None, "AFP", False),
    ("Urs Flueeler (Keystone)", "Urs Flueeler", "Keystone", False),
    ("KEYSTONE-SDA/Peter Klaunzer", "Peter Klaunzer", "Keystone-SDA", False),
    ("Bild: SN/APA/GEORG HOCHMUTH", "GEORG HOCHMUTH", "APA", False),
    ("EPA-EFE/Olivier Matthys", "Olivier Matthys", "EPA", False),
    ("ANP/Remko de Waal", "Remko de Waal", "ANP", False),
    ("Graeme Sloan (Getty)", "Graeme Sloan", "Getty Images", False),
    ("picture alliance / imago", None, "picture alliance", False),
    ("Photo: John Doe/Bloomberg", "John Doe", "Bloomberg", False),
    ("Xinhua/Shutterstock", None, "Xinhua", False),
    ("Image: Fouzia Van Der Fort", "Fouzia Van Der Fort", None, False),
])
def test_parse_credit_styles(text, photographer, agency, pool):
    c = parse_credit(text, None)
    assert (c.photographer, c.agency, c.pool) == (photographer, agency, pool)


def test_credit_raw_drops_label_and_brackets():
    assert parse_credit("(AP Foto/Alex Brandon, Pool)").credit_raw == "AP Foto/Alex Brandon, Pool"
    assert parse_credit("Foto: dpa").credit_raw == "dpa"


def test_table_from_csv_rows():
    table = AgencyTable.from_rows(ROWS)
    assert parse_credit("Jane Roe/Associated Press", table).agency == "AP"
    assert parse_credit("Getty Images/iStockphoto", table).agency == "Getty Images"
    assert parse_credit("dpa", table).agency is None  # not in this table


@pytest.mark.parametrize("text, caption, credit", [
    ("Blinken hört zu. (AP Foto/Alex Brandon, Pool)", "Blinken hört zu.", "AP Foto/Alex Brandon, Pool"),
    ("Selenskyj antwortet. (Pressestelle des ukrainischen Präsidenten via AP)", "Selenskyj antwortet.",
     "Pressestelle des ukrainischen Präsidenten via AP"),
    ("Ein Feuerwehrauto. Foto: dpa/Michael Kappeler", "Ein Feuerwehrauto.", "Foto: dpa/Michael Kappeler"),
    ("Barr: »Es gibt Mängel« Andrew Harnik / AP", "Barr: »Es gibt Mängel«", "Andrew Harnik / AP"),
    ("Menschen am Strand. © Reuters", "Menschen am Strand.", "© Reuters"),
    ("Treffen in Genf (Schweiz)", "Treffen in Genf (Schweiz)", None),
    ("Die Frau (links) lacht", "Die Frau (links) lacht", None),
])
def test_split_caption_credit(text, caption, credit):
    assert split_caption_credit(text) == (caption, credit)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parsers_never_crash_and_are_deterministic(text):
    assert parse_credit(text) == parse_credit(text)
    cap, credit = split_caption_credit(text)
    assert (cap, credit) == split_caption_credit(text)
    assert isinstance(cap, str) and (credit is None or isinstance(credit, str))
