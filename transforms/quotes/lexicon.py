"""Word lists for quote attribution (German and English).

Data only.  The lists name classes of words (speech verbs, roles, organisation nouns), never
particular people or pages; they are what makes the rules in `quotes_speakers` language-aware.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Speech and writing verbs (finite forms seen in news copy).  Post-position cues („…“, sagte X /
# "…," X said) accept any verb in that slot; this list is for the places where a verb has to be
# recognised among other words (X nannte das Treffen „…“ / He said the state had "…").
SPEECH_VERBS_DE = frozenset("""
sagt sagte sagten sagen gesagt sage erklärt erklärte erklärten erklären betont betonte betonten
meint meinte meinten fügt fügte ergänzt ergänzte schreibt schrieb schrieben schreiben berichtet
berichtete warnt warnte warnten fordert forderte forderten kritisiert kritisierte kritisierten
bestätigt bestätigte behauptet behauptete nennt nannte nannten bezeichnet bezeichnete
bezeichneten spricht sprach sprachen fragt fragte fragten antwortet antwortete teilt teilte
mahnt mahnte appelliert appellierte verweist verwies urteilt urteilte resümiert resümierte
twittert twitterte postet postete zitiert zitierte ergänzt ergänzte räumt räumte gibt gab
stellt stellte unterstreicht unterstrich erinnert erinnerte ereifert ereiferte schmunzelt
schmunzelte lobt lobte beklagt beklagte klagt klagte erzählt erzählte verspricht versprach
versicherte versichert kündigt kündigte hieß heißt begründet begründete weist wies befand
findet fand glaubt glaubte hofft hoffte fürchtet fürchtete zeigt zeigte hält hielt sieht sah
führt führte äußert äußerte äußerten wirft warf verurteilt verurteilte fasst fasste
zusammenfasste kommentiert kommentierte ahnte ahnt wünscht wünschte rief ruft
""".split())
SPEECH_VERBS_EN = frozenset("""
said says say told tells tell added adds wrote writes stated states explained explains asked
asks noted notes continued continues insisted insists argued argues claimed claims recalled
recalls admitted admits warned warns replied replies responded responds tweeted tweets posted
posts announced announces declared declares confirmed confirms promised promises suggested
suggests commented comments observed observes remarked remarks emphasised emphasized stresses
stressed conceded concedes joked jokes acknowledged acknowledges concluded concludes revealed
reveals urged urges shared shares detailed details called calls described describes denied
denies accused accuses praised praises criticised criticized described testified testifies
explained pointed points cautioned cautions predicted predicts mused muses laughed agreed
agrees disagreed complained complains boasted vowed vows told saying calling noting adding
describing asserting asserting telling writing warning singing sang sings blasted slammed
""".split())

# Words after which a name is a speaker: "laut X", "according to X", "so X".
SOURCE_PREPS = re.compile(
    r"(?:\blaut|\bzufolge|\bnach\s+Angaben\s+(?:von|des|der)|\baccording\s+to|\bso)\s*$", re.I)

PRONOUNS_MALE = frozenset({"he", "er"})
PRONOUNS_FEMALE = frozenset({"she", "sie"})
PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE
POSSESSIVE_MALE = frozenset({"his", "him", "sein", "seine", "seiner", "seinen", "seinem", "ihm", "ihn"})
POSSESSIVE_FEMALE = frozenset({"her", "hers", "ihre", "ihrer", "ihren", "ihrem"})

DETERMINERS = frozenset("""
der die das den dem des ein eine einer eines einem einen the a an this that its his her their
sein seine seiner seinen ihr ihre ihrer ihren dieser diese dieses unser unsere
""".split())

# Prepositions: a noun phrase after a speech verb that starts with one is an adverbial, not the
# (inverted) subject ("bestätigte auf Anfrage", "said on Sunday").
PREPOSITIONS = frozenset("""
auf in an bei mit nach von vor zu für über unter um durch gegen ohne seit aus gegenüber trotz wegen
am im zum zur vom beim ins on at to for with by from of about after before during into over under
""".split())

# Conjunctions that open a clause with a subject of its own: a name after "„…“, während X sagte"
# is not the quotation's speaker ("as X said" / "wie X sagte" do attribute, so they are not here).
SUBORDINATORS = frozenset("""
während wobei weil obwohl nachdem bevor dass ob wenn falls sodass damit da
while whereas although though because unless
""".split())

# Capitalised words that open sentences or stand in front of names but are not names.
NOT_NAMES = frozenset("""
the a an he she it they we i you his her their its this that these those there here however but
and or so if when while as at in on for with by from after before during because since although
though yet also only even still then now today yesterday tomorrow mr mrs ms dr prof sir dame
der die das den dem des ein eine einer er sie es wir ich ihr man auch aber und oder doch denn
wenn als wie so nur noch schon dann jetzt heute gestern morgen im am in an auf aus bei mit nach
von vor zu zum zur für über unter um durch gegen ohne seit während nachdem weil dass ob laut
sein seine ihre dieser diese dieses jeder jede alle viele einige mehr dort hier da bitte
herr frau monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december montag dienstag mittwoch donnerstag
freitag samstag sonntag januar februar märz mai juni juli oktober dezember according
""".split())

# Role, title and function words ("Außenminister", "Verdi-Sprecher", "Secretary", "Major-Gen").
# Long ones also end German compounds (so "Arbeitsministerin" is a role); short ones must be the
# whole word (so "Johnson" is not a "son").
ROLE_STEMS = tuple("""
    minister präsident president sprecher spokesperson spokesman spokeswoman leiter chief trainer coach
    direktor director
    politiker abgeordnet kanzler meister mayor experte expert vorsitz chair senator beauftragt
    anwalt anwältin lawyer advocate richter judge sekretär secretary kommissar commissioner
    botschafter ambassador general offizier officer kapitän captain spieler player manager
    gründer founder autor author analyst ökonom economist forscher researcher professor bischof
    könig queen prince prinz governor gouverneur official resident bewohner einwohner mitglied
    member vertreter representative reporter journalist korrespondent correspondent
    geschäftsführer schulleiter rektor dekan landrat ständerat nationalrat stadtrat gemeinderat
    bundesrat stürmer verteidiger torhüter goalie striker defender midfielder singer sänger
    rapper actor schauspieler pastor pfarrer priest papst nurse ärztin doctor teacher lehrer
    student sprecherin leiterin planner adviser advisor berater mother father mutter vater
    tochter daughter husband ehefrau ehemann colonel major lieutenant sergeant admiral marshal
    deputy staatssekretär bürgermeister landeshauptmann hauptmann intendant redakteur editor
    moderator kolleg novelist writer activist scientist artist specialist
""".split())
ROLE_WORDS = frozenset("""
    chef gen prof dr mr mrs ms herr frau king head ceo cfo mec mp rat räte star pope arzt mom mum
    dad sohn son wife vize vice host lead
""".split())
ROLE_PART = re.compile(
    r"(?:[\w]+-?)?(?:" + "|".join(ROLE_STEMS) + r")(?:in|innen|en|e|s|n|r)?|(?:[\w]+-)?(?:"
    + "|".join(ROLE_WORDS) + r")\.?", re.I)

# Head nouns of organisations: a name containing one is an organisation, and a role reference
# with one ("the ministry", "das Ministerium") points back to an organisation.
ORG_PART = re.compile(
    r"regierung|government|ministerium|ministry|department|departement|behörde|agency|amt\b|"
    r"ämter|direktion|verband|verbände|association|gewerkschaft|union\b|partei|party|polizei|"
    r"police|gericht|court|council|kommission|commission|stiftung|foundation|institut|"
    r"university|universität|hochschule|company|konzern|unternehmen|firma|bank\b|group\b|"
    r"gruppe|\binc\b|\bltd\b|\bcorp|\bag\b|\bgmbh\b|bundestag|landtag|städtetag|parlament|"
    r"parliament|senate|senat|congress|kongress|verein|club|klub|fraktion|ministry|office\b|"
    r"büro|service\b|dienst|army|armee|bundeswehr|military|militär|force\b|forces|"
    r"organisation|organization|gesellschaft|society|network|netzwerk|kammer|chamber|"
    r"schule\b|school\b|hospital|klinik|krankenhaus|studie|study|report\b|bericht|"
    r"\bland\s|kanton|canton|gemeinde|municipality|stadt\b|city\b|cogta|fifa|uefa|\bnato\b|"
    r"\bun\b|\buno\b|\beu\b|kremlin|kreml|white house|weißes haus|centre|center|zentrum|"
    r"authority|board\b|institute|trust\b",
    re.I)

_ORG_PART_LOWER = re.compile(ORG_PART.pattern)

# Role words that introduce an unnamed spokesperson: "a Google spokesperson", "ein Sprecher des
# Ministeriums".  The speaker is then the organisation, or null when it is not named.
SPOKES = re.compile(r"spokes(?:wo)?(?:man|person)|representative|sprecher(?:in)?\b|vertreter(?:in)?\b",
                    re.I)

# Generic organisation nouns in front of a name ("die Gewerkschaft Komba", "the company Google"):
# the name alone is the organisation's name.
GENERIC_ORG_HEADS = frozenset("""
gewerkschaft partei firma unternehmen konzern verein verband organisation stiftung initiative
company firm union party group organisation organization foundation charity
""".split())


@lru_cache(maxsize=1 << 15)
def has_org_part(text: str) -> bool:
    """`ORG_PART` occurs in the text (a word or name; cached like `is_role`)."""
    if text.isascii():  # the pattern is lower case: on lower-cased ASCII, case-blind is exact
        return _ORG_PART_LOWER.search(text.lower() + " ") is not None
    return ORG_PART.search(text + " ") is not None


@lru_cache(maxsize=1 << 15)
def is_role(word: str) -> bool:
    """A role, title or function word (whole token, case-insensitive; cached: the regex is long
    and the same words are asked about again and again)."""
    if word.isascii():
        return _ascii_role(word.lower())
    return ROLE_PART.fullmatch(word) is not None


# `ROLE_PART.fullmatch` for ASCII words, by their endings: a stem and suffix after an optional
# `\w+-?`, or a role word and optional period after an optional `\w+-`.  (An ASCII character
# matches only ASCII pattern characters under re.I, so lower-casing both sides is exact.)
_STEM_ENDS = frozenset(st + suf for st in ROLE_STEMS for suf in ("", "in", "innen", "en", "e", "s", "n", "r"))
_WORD_ENDS = frozenset(w + dot for w in ROLE_WORDS for dot in ("", "."))
_STEM_LENS = sorted({len(e) for e in _STEM_ENDS})
_WORD_LENS = sorted({len(e) for e in _WORD_ENDS})
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _ascii_role(low: str) -> bool:
    n = len(low)
    for size in _STEM_LENS:
        if size <= n and low[n - size:] in _STEM_ENDS:
            head = low[:n - size]
            body = head[:-1] if head.endswith("-") else head
            if not head or body and all(c in _ASCII_WORD for c in body):
                return True
    for size in _WORD_LENS:
        if size <= n and low[n - size:] in _WORD_ENDS:
            head = low[:n - size]
            if not head or len(head) > 1 and head.endswith("-") and all(c in _ASCII_WORD for c in head[:-1]):
                return True
    return False


# Speech verbs of a question: in an interview the next quotation is the answer, by someone else,
# so a question's speaker is not carried over to it.
QUESTION_CUES = frozenset("""
fragt fragte fragten fragen nachfragt nachfragte ask asks asked asking
""".split())
