"""transforms.entities.votes: context cues, list coordination and acronym definitions."""

from __future__ import annotations

from transforms.entities.analyze import FakeNer, article_entities, ner_inputs
from transforms.entities.rules import Cand
from transforms.entities.votes import acronym_links, context_vote, coordination_pairs, is_acronym_of


def ents(names, paragraphs, lang="en"):
    texts = ner_inputs("", None, paragraphs, [])
    found = article_entities("", None, paragraphs, [], FakeNer(names).mentions(texts), language=lang)
    return {e.name: e for e in found}


def test_from_and_city_of_vote_loc():
    text = "Author Jane Roe, from Westbury, spoke. The city of Norbridge was hit."
    by = ents({"Westbury": "ORG", "Norbridge": "PER", "Jane Roe": "PER"}, [text])
    assert by["Westbury"].type == "LOC" and by["Norbridge"].type == "LOC"


def test_from_full_name_keeps_person():
    c = Cand(0, 14, 27, "Anna Schmidtz", "PER", "model")
    assert context_vote(c, "A call from  " + " Anna Schmidtz said") is None


def test_speaker_cue_not_loc():
    text = "Talbor said the plan works."
    assert context_vote(Cand(0, 0, 6, "Talbor", "LOC", "model"), text) == ("PER", 1.5)


def test_coordination_needs_conjunction():
    text = "Cape Town, Johannesburg and Durban; der SVP Schweiz, Marco Chiesa"
    cs = [Cand(0, text.index(n), text.index(n) + len(n), n, "LOC", "model")
          for n in ("Cape Town", "Johannesburg", "Durban", "SVP Schweiz", "Marco Chiesa")]
    pairs = [(a.text, b.text) for a, b in coordination_pairs(cs, [text])]
    assert pairs == [("Cape Town", "Johannesburg"), ("Johannesburg", "Durban")]


def test_acronym_spelling():
    assert is_acronym_of("PDMC", "Gauteng Provincial Disaster Management Centre")
    assert is_acronym_of("EZB", "Europäische Zentralbank")
    assert not is_acronym_of("ÖVP", "Christian Stocker")


def test_acronym_definition_one_entity():
    text = "The Northland Disaster Management Centre (NDMC) met. Later the NDMC said more."
    by = ents({"Northland Disaster Management Centre": "ORG", "NDMC": "ORG"}, [text])
    assert "NDMC" not in by
    assert "NDMC" in by["Northland Disaster Management Centre"].aliases


def test_acronym_first_form():
    text = "CSI (Corporate Social Investment) grows."
    cs = [Cand(0, 0, 3, "CSI", "ORG", "model"), Cand(0, 5, 32, "Corporate Social Investment", "ORG", "model")]
    assert [(f.text, a) for f, a in acronym_links(cs, [text])] == [("Corporate Social Investment", "CSI")]
