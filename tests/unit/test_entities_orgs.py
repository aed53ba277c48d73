import pytest

from transforms.entities.orgs import ends_in_role, org_phrase_cands, place_institution_cands, role_title_only
from transforms.entities.rules import Cand


def _names(text: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.base) for c in org_phrase_cands(0, text, "de")]


def test_head_noun_with_genitive_complement_and_acronym() -> None:
    assert _names("Das sagt der Verband der Bäcker BW am Montag.") == [
        ("Verband der Bäcker BW", "Verband der Bäcker BW")]


def test_head_noun_with_place_and_nested_org() -> None:
    assert _names("sagte ein Sprecher der Regionaldirektion Bayern der Bundesagentur für Arbeit.") == [
        ("Regionaldirektion Bayern der Bundesagentur für Arbeit",
         "Regionaldirektion Bayern der Bundesagentur für Arbeit")]


def test_adjective_genitive_becomes_nominative() -> None:
    assert _names("laut Zahlen des Statistischen Bundesamtes stieg") == [
        ("Statistischen Bundesamtes", "Statistisches Bundesamt")]
    assert _names("nach Angaben der Kassenärztlichen Vereinigung gab es") == [
        ("Kassenärztlichen Vereinigung", "Kassenärztliche Vereinigung")]


def test_fuer_complement_and_acronym_after_head() -> None:
    assert _names("Eine Anfrage beim Amt für Umwelt blieb offen.") == [("Amt für Umwelt", "Amt für Umwelt")]
    assert _names("Der Landkreistag SH lehnt ab.") == [("Landkreistag SH", "Landkreistag SH")]


def test_bare_head_nouns_are_no_names() -> None:
    assert _names("Der Verband kritisiert das Ministerium der Stadt.") == []
    assert _names("Die Gewerkschaft fordert mehr Geld.") == []
    assert org_phrase_cands(0, "the Ministry of Health", "en") == []


def test_names_ending_in_role_nouns() -> None:
    assert ends_in_role("Bündner Nationalrat")
    assert ends_in_role("Berner Regierungsrat")
    assert not ends_in_role("Anna Meier")
    assert not ends_in_role("Ständerat")


def test_role_noun_only_before_names_is_a_title() -> None:
    text = "Das sagte Ständerat Peter Huber am Montag."
    s = text.index("Ständerat")
    role = Cand(0, s, s + 9, "Ständerat", "ORG", "model")
    p = text.index("Peter")
    per = Cand(0, p, p + 11, "Peter Huber", "PER", "model")
    assert role_title_only([role], [text], [role, per])
    alone = "Der Ständerat entscheidet."
    role2 = Cand(0, 4, 13, "Ständerat", "ORG", "model")
    assert not role_title_only([role2], [alone], [role2])


@pytest.mark.parametrize("text,place,name,base", [
    ("Der Schulleiter der Volksschule Tristach sagte", "Tristach", "Volksschule Tristach", "Volksschule Tristach"),
    ("Inzwischen informierte das Land Tirol, dass", "Tirol", "Land Tirol", "Land Tirol"),
    ("die Bewohner des Wohn- und Pflegeheims Nußdorf-Debant", "Nußdorf-Debant",
     "Wohn- und Pflegeheims Nußdorf-Debant", "Wohn- und Pflegeheim Nußdorf-Debant"),
    ("Er sprach am Landgericht Berlin.", "Berlin", "Landgericht Berlin", "Landgericht Berlin"),
    ("Er fuhr in die Stadt Berlin.", "Berlin", None, None),   # a town is the place itself
    ("Die Schule in Berlin", "Berlin", None, None),
])
def test_institution_named_by_its_place(text, place, name, base):
    i = text.index(place)
    got = place_institution_cands([text], [Cand(0, i, i + len(place), place, "LOC", "model")], "de")
    assert [(c.text, c.base, c.label) for c in got] == ([(name, base, "ORG")] if name else [])


def test_company_names_closed_by_a_legal_form() -> None:
    from transforms.entities.orgs import legal_form_cands

    def names(text: str, nouns: frozenset[str] = frozenset()) -> list[str]:
        return [c.text for c in legal_form_cands(0, text, nouns)]

    assert names("Die Deutsche Bahn AG erhöht die Preise.") == ["Deutsche Bahn AG"]
    assert names("sagte der Papierhersteller UPM GmbH am Montag", frozenset({"Papierhersteller"})) == ["UPM GmbH"]
    assert names("David Watt of Rosenberg Research & Associates Inc. said") == ["Rosenberg Research & Associates Inc."]
    assert names("Am 11. Januar 2016. Die STARFACE GmbH meldet") == ["STARFACE GmbH"]
    # "und Co." is "and friends", no company
    assert names("gegen Lionel Messi und Co. verloren") == []
