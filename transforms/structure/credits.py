"""Photo credits: split a credit off a caption and parse it into photographer, agency and pool.

Credits come in many house styles: "(AP Photo/Alex Brandon, Pool)", "Foto: dpa/Michael Kappeler",
"Urs Flueeler (Keystone)", "SN/APA/GEORG HOCHMUTH", "Pressestelle des Präsidenten via AP",
"© Reuters". The agency vocabulary is reference data (seeds/agencies.csv); the caller reads the
CSV and hands the rows to `AgencyTable.from_rows`, so nothing here does IO.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Used when the caller passes no table: enough for unit tests and for a pipeline without seeds.
_BUILTIN_ROWS: tuple[tuple[str, str, str], ...] = (
    ("ap", "AP", "AP|Associated Press|The Associated Press|AP Photo|AP Foto|AP Images"),
    ("reuters", "Reuters", "Reuters|Thomson Reuters"),
    ("afp", "AFP", "AFP|Agence France-Presse"),
    ("dpa", "dpa", "dpa|Deutsche Presse-Agentur|dpa-Zentralbild|DPA Images"),
    ("picture-alliance", "picture alliance", "picture alliance|picture-alliance|picturealliance"),
    ("getty", "Getty Images", "Getty Images|Getty|iStock|iStockphoto"),
    ("imago", "imago", "imago|imago images"),
    ("keystone-sda", "Keystone-SDA", "KEYSTONE-SDA|SDA"),
    ("keystone", "Keystone", "Keystone"),
    ("apa", "APA", "APA|APA-PictureDesk"),
    ("epa", "EPA", "EPA|EPA-EFE"),
    ("anp", "ANP", "ANP"),
    ("bloomberg", "Bloomberg", "Bloomberg"),
    ("shutterstock", "Shutterstock", "Shutterstock|REX"),
    ("xinhua", "Xinhua", "Xinhua"),
    ("pa", "PA", "PA|PA Images|PA Wire|Press Association"),
    ("zuma", "ZUMA Press", "ZUMA Press|ZUMA Wire|ZUMA"),
)


@dataclass(frozen=True)
class AgencyTable:
    """Case-insensitive alias -> canonical agency name."""

    aliases: Mapping[str, str]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> AgencyTable:
        """Rows as read by csv.DictReader from seeds/agencies.csv (key,name,aliases,country).

        `aliases` is '|'-separated; the name and key are aliases too.
        """
        out: dict[str, str] = {}
        for row in rows:
            name = (row.get("name") or row.get("key") or "").strip()
            if not name:
                continue
            forms = [name, row.get("key") or ""] + (row.get("aliases") or row.get("pattern") or "").split("|")
            for form in forms:
                form = form.strip().strip("/").casefold()
                if form:
                    out.setdefault(form, name)
        return cls(out)

    @classmethod
    def builtin(cls) -> AgencyTable:
        return cls.from_rows({"key": k, "name": n, "aliases": a} for k, n, a in _BUILTIN_ROWS)

    def match(self, part: str) -> str | None:
        """The agency a credit part names: 'AP Photo', 'Getty Images', 'EPA-EFE', 'dpa-Zentralbild'."""
        key = _norm(part)
        if not key:
            return None
        if key in self.aliases:
            return self.aliases[key]
        # "AP Photo", "Reuters Pictures", "dpa-Bildfunk": an alias followed by a generic word
        m = _GENERIC_TAIL.sub("", key).strip(" -")
        if m in self.aliases:
            return self.aliases[m]
        head = re.split(r"[-\s]", key, maxsplit=1)[0]
        if head != key and head in self.aliases and len(head) >= 2:
            return self.aliases[head]
        return None


_BUILTIN: AgencyTable | None = None


def default_agencies() -> AgencyTable:
    """The built-in table, built once on first use (not at import time)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = AgencyTable.builtin()
    return _BUILTIN


@dataclass(frozen=True)
class Credit:
    credit_raw: str
    photographer: str | None = None
    agency: str | None = None
    pool: bool = False


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).strip(" .,;:()[]").casefold()


_GENERIC_TAIL = re.compile(r"[\s-]+(photos?|fotos?|images?|pictures?|bildfunk|zentralbild|news|wire|archiv)$")
# Labels that introduce a credit: "Foto: ", "Bild: ", "© ", "Photograph by ", "Credit: ".
_LABEL = (
    r"(?:fotos?|photos?|photograph(?:y)?(?:\s+by)?|pictures?|pics?|bild(?:er)?|images?|credits?|"
    r"quelle|source|copyright|bildquelle|bildnachweis|fotografi?e?|foto\s*&\s*text|fotograf(?:in)?|"
    r"grafik|illustration|video|by)"
)
_LABEL_RE = re.compile(
    rf"^\s*(?:{_LABEL}\s*[:|]\s*|{_LABEL}\s+by\s+|(?:photograph|foto|photo)\s+by\s+|[©Ⓒ]\s*|\(c\)\s*)+", re.IGNORECASE
)
# Parts that carry no name: "File", "Pool", "Archiv", "Symbolbild", "Handout".
_FILLER = {
    "file",
    "files",
    "archiv",
    "archive",
    "archivbild",
    "symbolbild",
    "handout",
    "pool",
    "pool photo",
    "pool foto",
    "pool via",
    "photo",
    "foto",
    "fotos",
    "bild",
    "image",
    "images",
    "dpa-bildfunk",
    "ho",
    "illustration",
    "montage",
    "screenshot",
    "file photo",
    "archivfoto",
    "symbolfoto",
}
# Words that make a part an organisation rather than a person.
_ORG_WORDS = re.compile(
    r"\b(press|presse|pressestelle|office|ministry|ministerium|department|service|services|images|photos?|fotos?|"
    r"agency|agentur|news|media|government|regierung|kommission|commission|council|police|polizei|"
    r"university|universität|museum|handout|supplied|courtesy|archiv|archive|collection|studios?|"
    r"inc|ltd|llc|gmbh|ag|pr|team|club|verein|stiftung|foundation|wikimedia|commons|pixabay|zvg|privat|"
    r"white house|house|network|tv|television|magazine|zeitung|redaktion|feuerwehr|stadt|gemeinde)\b",
    re.IGNORECASE,
)
_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "di",
    "du",
    "la",
    "le",
    "bin",
    "al",
    "el",
    "ten",
    "ter",
    "dos",
    "das",
    "del",
    "y",
    "zu",
    "af",
    "st.",
}
_POOL_RE = re.compile(r"\bpool\b", re.IGNORECASE)


def _split_parts(text: str) -> list[str]:
    """Split "A/B, Pool via C (D)" into name-sized parts."""
    text = text.replace("(", "/").replace(")", "/")
    parts = re.split(r"\s*(?:/|\\|\||;|,|\bvia\b|\s[-–—]\s|\bfür\b|\bfor\b)\s*", text, flags=re.IGNORECASE)
    return [p.strip(" .:-–—") for p in parts if p and p.strip(" .:-–—")]


def _looks_like_person(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= 5 or _ORG_WORDS.search(part) or re.search(r"\d|@|\.com|www", part):
        return False
    caps = 0
    for w in words:
        if w.casefold() in _PARTICLES:
            continue
        if not w[0].isupper():
            return False
        caps += 1
    return caps >= 2


def strip_label(text: str) -> str:
    """'Foto: dpa/X' -> 'dpa/X'; '(AP Photo/X)' -> 'AP Photo/X'."""
    s = " ".join(text.replace("\u00a0", " ").split())
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1].strip()
    return _LABEL_RE.sub("", s).strip()


def parse_credit(text: str, agencies: AgencyTable | None = None) -> Credit:
    """Parse one credit line. credit_raw keeps the text minus its label ("Foto:") and brackets."""
    agencies = agencies or default_agencies()
    raw = strip_label(text or "")
    if not raw:
        return Credit(credit_raw=" ".join((text or "").split()))
    pool = bool(_POOL_RE.search(raw))
    agency: str | None = None
    photographer: str | None = None
    for part in _split_parts(raw):
        low = part.casefold()
        if low in _FILLER or _POOL_RE.fullmatch(low):
            continue
        found = agencies.match(part)
        if found:
            agency = agency or found
            continue
        part = _LABEL_RE.sub("", part).strip()
        if photographer is None and _looks_like_person(part):
            photographer = part
    return Credit(credit_raw=raw, photographer=photographer, agency=agency, pool=pool)


# A credit printed at the end of a caption: "... Genf. (AP Photo/Alex Brandon, Pool)".
_TRAIL_PAREN = re.compile(r"\s*\(([^()]{2,120})\)\s*$")
# "... Genf. Foto: dpa/Michael Kappeler" or "... Genf. © Reuters" or "| Credit: X".
_TRAIL_LABEL = re.compile(
    rf"(?:^|(?<=[\s.!?»«“”\"')|]))\s*[|/]?\s*((?:{_LABEL}\s*:|(?:photograph|foto|photo)\s+by\b|[©Ⓒ]|\(c\))\s*[^:]{{2,120}})$",
    re.IGNORECASE,
)
_CREDIT_HINT = re.compile(r"\b(?:photo|foto|bild|image|credit|via|pool|getty|copyright)\b|[©/]", re.IGNORECASE)


def _is_credit_like(s: str, agencies: AgencyTable) -> bool:
    if len(s) > 120 or len(s.split()) > 14:
        return False
    if _CREDIT_HINT.search(s) and (
        agencies.match(s)
        or any(agencies.match(p) for p in _split_parts(strip_label(s)))
        or re.search(r"\b(?:photo|foto|bild|image|credit)\b\s*[:/]|[©]|\bvia\b", s, re.I)
    ):
        return True
    return bool(agencies.match(s))


def split_caption_credit(text: str, agencies: AgencyTable | None = None) -> tuple[str, str | None]:
    """Separate a trailing credit from a caption; (caption, None) when there is none."""
    agencies = agencies or default_agencies()
    s = " ".join((text or "").replace("\u00a0", " ").split())
    if not s:
        return "", None
    m = _TRAIL_PAREN.search(s)
    if m and _is_credit_like(m.group(1), agencies):
        return s[: m.start()].rstrip(), m.group(1).strip()
    m = _TRAIL_LABEL.search(s)
    if m and m.start(1) > 0:
        return s[: m.start()].rstrip(" |/"), m.group(1).strip()
    if m and m.start(1) == 0:  # the whole text is a credit line ("Foto: dpa")
        return "", m.group(1).strip()
    # "... gibt« Andrew Harnik / AP": a short slash-separated tail after the last sentence end
    m = re.search(r"^(.*[.!?»«“”\"')])\s+([^.!?»«“”\"]{2,80})$", s)
    if m and "/" in m.group(2) and any(agencies.match(p) for p in _split_parts(m.group(2))):
        return m.group(1).rstrip(), m.group(2).strip()
    return s, None
