"""German organisation names built from an institution head noun, and role-noun filters.

    org_phrase_cands(0, "sagt der Verband der Feuerwehren NRW", "de")
    # -> Cand "Verband der Feuerwehren NRW" ORG (source "phrase")
    org_phrase_cands(0, "nach Angaben des Statistischen Landesamtes", "de")
    # -> Cand "Statistischen Landesamtes", base "Statistisches Landesamt"

A bare head noun ("der Verband", "das Ministerium") is a common noun: a phrase needs a proper
part — a capitalised adjective before the head, an acronym or place after it, or a "für ..."
complement.  Pure.
"""

from __future__ import annotations

import re

from transforms.entities.rules import Cand, de_roles

# head noun endings (compound tails) by grammatical gender: the adjective ending follows it
_NEUTER = ("amt", "ministerium", "gericht", "institut", "landesamt", "bundesamt", "kommissariat")
_FEMININE = ("agentur", "direktion", "universität", "hochschule", "kammer", "stiftung",
             "unfallhilfe", "behörde", "anstalt", "akademie", "gewerkschaft", "vereinigung")
_MASCULINE = ("verband", "städtetag", "landkreistag", "gemeindetag", "bund", "verein", "rat")
_HEADS = "|".join(sorted({*_NEUTER, *_FEMININE, *_MASCULINE}, key=len, reverse=True))
_HEAD_WORDS = tuple(_HEADS.split("|"))
_CAP = r"[A-ZÄÖÜ][\wäöüß]+"
_ACR = r"[A-ZÄÖÜ]{2,6}\b"
_HEAD = rf"(?=[A-ZÄÖÜ])(?i:[\wäöüß]*?(?:{_HEADS})(?:es|s)?)"
_DETS = ("Die|Der|Das|Des|Dem|Den|Eine|Einer|Eines|Einem|Einen|Diese|Dieser|Dieses|Diesem|Diesen"
         "|Jede|Jeder|Jedes|Seine|Seiner|Ihre|Ihrer|Unsere|Unserer|Alle|Viele|Andere|Keine|Welche")
_ADJ = rf"(?!(?:{_DETS})\s)[A-ZÄÖÜ][a-zäöüß]+(?:e|es|en|er|em)"
# head [place/acronym] [der/des/für (Adj) Noun]{0,2} [acronym]
_PHRASE = re.compile(
    rf"(?<![\w-])(?P<adj>{_ADJ}\s+)?(?P<head>{_HEAD})(?![\w-])"
    rf"(?P<place>\s+(?:{_ACR}|{_CAP}(?=\s+(?:der|des)\s)))?"
    rf"(?P<comp>(?:\s+(?:der|des|für)\s+(?:{_ADJ}\s+)?{_CAP}(?:\s+für\s+{_CAP})?)?)"
    rf"(?P<acr>\s+{_ACR})?")
_DET_BEFORE = re.compile(r"(?:\b(?:des|der|dem|den|die|das|vom|zum|zur|beim|im)\s+)$", re.I)


def _ending(head: str) -> str:
    h = head.casefold()
    if h.endswith(_FEMININE):
        return "e"
    if h.endswith(_MASCULINE):
        return "er"
    return "es"


def _head_base(head: str, heads: tuple[str, ...] = _HEAD_WORDS) -> str:
    """The head noun without a genitive ending: "Landesamtes" -> "Landesamt"."""
    for suf in ("es", "s"):
        stem = head[:-len(suf)]
        if head.endswith(suf) and stem.casefold().endswith(heads):
            return stem
    return head


def org_phrase_cands(part: int, text: str, lang: str) -> list[Cand]:
    """ORG candidates for institution names built from a head noun (German only)."""
    if lang != "de":
        return []
    out = []
    for m in _PHRASE.finditer(text):
        adj, head, place, comp, acr = (m.group(g) or "" for g in ("adj", "head", "place", "comp", "acr"))
        if not m.group("adj") and not _DET_BEFORE.search(text[:m.start()]):
            continue  # sentence start or compound-like use: no evidence it is a name
        comp_ok = bool(comp) and (" für " in comp or bool(place or acr)
                                  or bool(re.search(rf"\s{_ACR}$", comp))
                                  or bool(re.search(rf"(?:{_HEADS})(?:es|s)?$", comp.strip(), re.I)))
        if not (adj or place or acr or comp_ok):
            continue
        if adj and not (place or acr or comp_ok) and adj.strip().casefold().endswith("er"):
            adj = ""  # "Zürcher Gericht": a place adjective, not part of a name
            if not (place or acr or comp_ok):
                continue
        start = m.start("adj") if adj else m.start("head")
        end = m.end()
        if comp and not comp_ok:
            end = m.end("place") if place else m.end("head")
        surface = text[start:end]
        base = None
        if _DET_BEFORE.search(text[:start]):
            words = surface.split()
            if adj:
                a = words[0]
                words[0] = re.sub(r"(?:en|em|er|es|e)$", "", a) + _ending(head)
                words[1] = _head_base(words[1])
            else:
                words[0] = _head_base(words[0])
            base = " ".join(words)
        out.append(Cand(part, start, end, surface, "ORG", "phrase", base=base))
    return out


def ends_in_role(name: str) -> bool:
    """A multi-word name whose last word is a role noun ("Tessiner Ständerat"): no person."""
    ws = name.split()
    return len(ws) > 1 and any(m.group(0).strip() == ws[-1] for m in de_roles(ws[-1] + " "))


def role_title_only(cl_cands: list[Cand], texts: list[str], all_cands: list[Cand]) -> bool:
    """Every mention ends in a role noun directly before a person's name ("Nationalrat
    Thomas Matter"): a title, not an organisation."""
    starts = {(c.part, c.start) for c in all_cands if c.label == "PER"}
    for c in cl_cands:
        word = c.text.split()[-1] if c.text.split() else ""
        if not any(m.group(0).strip() == word for m in de_roles(word + " ")):
            return False
        rest = texts[c.part][c.end:]
        gap = len(rest) - len(rest.lstrip(" "))
        if gap != 1 or (c.part, c.end + gap) not in starts:
            return False
    return bool(cl_cands)


# Institutions named by their place: "der Volksschule Tristach", "das Land Tirol", "des Wohn- und
# Pflegeheims Nußdorf-Debant", "am Landgericht Berlin".
_PLACE_HEAD_WORDS = tuple(sorted({*_HEAD_WORDS, "schule", "gymnasium", "klinik", "klinikum", "krankenhaus",
                                  "spital", "heim", "kindergarten", "bistum", "polizei", "feuerwehr",
                                  "stadtwerke", "museum", "theater", "oper"}, key=len, reverse=True))
_PLACE_HEADS = "|".join(_PLACE_HEAD_WORDS)
_BEFORE_PLACE = re.compile(
    rf"(?<![\w-])(?:der|die|das|des|dem|den|im|am|vom|zum|zur|beim|ans|ins)\s+"
    rf"(?P<name>(?:[A-ZÄÖÜ][\wäöüß]*-\s+und\s+)?(?P<head>(?=[A-ZÄÖÜ])(?i:[\wäöüß]*?(?:{_PLACE_HEADS}))"
    rf"(?:es|s)?|Land(?:es)?))\s+$")


def place_institution_cands(texts: list[str], cands: list[Cand], lang: str) -> list[Cand]:
    """ORG candidates for an institution head noun right before a place the model or gazetteer
    found ("der Volksschule Tristach"); the place inside stays a mention only where it recurs alone."""
    if lang != "de":
        return []
    out = []
    for c in cands:
        if c.label != "LOC" or c.source not in ("model", "gazetteer"):
            continue
        m = _BEFORE_PLACE.search(texts[c.part], max(0, c.start - 80), c.start)
        if m is None:
            continue
        name, head = m.group("name"), m.group("head")
        base_head = "Land" if head in ("Land", "Landes") else _head_base(head, _PLACE_HEAD_WORDS)
        base = name[: len(name) - len(head)] + base_head + " " + (c.base or c.text)
        out.append(Cand(c.part, m.start("name"), c.end, texts[c.part][m.start("name"):c.end], "ORG", "phrase",
                        base=base))
    return out



# Company names closed by a legal form: "Deutsche Bahn AG", "Lidl Stiftung & Co. KG", "Acme Inc.".
# In the German NER training data (smartdata, mobie: train splits) a legal form after a
# capitalised word is inside an ORG 203 times out of 221 (scripts/check_legal_forms.py).
_LEGAL_FORM = (r"(?:GmbH\s*&\s*Co\.\s*KG(?:aA)?|gGmbH|GmbH|mbH|KGaA|AG|SE|KG|OHG|eG|e\.\s?V\.|"
               r"Inc\.?|Ltd\.?|LLC|plc|PLC|Corp\.?|S\.A\.|N\.V\.|B\.V\.|S\.p\.A\.)")
_COMPANY_WORD = r"(?:[A-ZÄÖÜ0-9][\wäöüß&.'’+-]*|&|und|and|de|van|von)"
_COMPANY = re.compile(
    rf"(?<![\w.-])(?P<name>[A-ZÄÖÜ0-9][\wäöüß&.'’+-]*(?:\s+{_COMPANY_WORD}){{0,4}}?)"
    rf"(?:,)?\s+(?P<form>{_LEGAL_FORM})(?![\wäöüß])")
_NOT_NAME_START = re.compile(rf"^(?:{_DETS}|The|A|An|This|That|Im|In|Am|Bei|Von|Mit|Für|Nach|Auch|Und|Aber)$")


def legal_form_cands(part: int, text: str, common_nouns: frozenset[str] = frozenset()) -> list[Cand]:
    """ORG candidates for a name closed by a company legal form (both languages).  The name
    starts after a sentence end and after the German common nouns that introduce it
    ("der Papierhersteller UPM GmbH", "Tochtergesellschaft Ferratum Bank plc")."""
    out = []
    for m in _COMPANY.finditer(text):
        words = m.group("name").split()
        cut = max((i + 1 for i, w in enumerate(words) if w[-1] in ".:;" and len(w) > 2), default=0)
        words = words[cut:]
        while len(words) > 1 and (_NOT_NAME_START.match(words[0]) or words[0] in ("&", "und", "and")
                                  or words[0].strip(",") in common_nouns or words[0][:1].isdigit()):
            words.pop(0)
        if not words or words[0] in ("&", "und", "and", "Co", "Co.") or _NOT_NAME_START.match(words[0]) \
                or len(words[0]) < 2:
            continue
        start = m.start("name") + m.group("name").rindex(" ".join(words))
        end = m.end("form")
        out.append(Cand(part, start, end, text[start:end], "ORG", "phrase"))
    return out
