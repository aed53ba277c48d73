"""German common nouns and quantifiers that are not names (data only).

German capitalises every noun, so without NER a capitalised pair ("Zwei Jahre", "Millionen
Veteranen", "Osttiroler Eltern") looks like a name.  A run is a name only if it has a word that is
neither a quantifier nor a frequent common noun (this list, or a word the article itself uses after
an article: "die Anfrage").  The list names classes of everyday words, never people or pages.
"""

from __future__ import annotations

# Number words and quantifiers that open German noun phrases ("Zwei Jahre", "Tausende Menschen").
QUANTIFIERS_DE = frozenset("""
ein eine zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig
hundert tausend hunderte tausende millionen milliarden dutzend dutzende einige viele wenige mehrere
etliche zahlreiche alle beide manche sämtliche weitere andere übrige erste zweite dritte letzte
nächste jährlich""".split())

# Frequent German common nouns (singular and plural forms seen in news copy), lower case.
COMMON_NOUNS_DE = frozenset("""
jahr jahre jahren jahres monat monate monaten woche wochen tag tage tagen tages stunde stunden
minute minuten sekunde sekunden zeit zeiten morgen abend nacht nächte vormittag nachmittag mittag
wochenende anfang ende mitte beginn schluss zukunft vergangenheit gegenwart geschichte
mensch menschen leute person personen mann männer frau frauen kind kinder kindern eltern familie
familien vater mutter sohn tochter bruder schwester freund freunde freundin kollege kollegen
kollegin bürger bürgerinnen einwohner bewohner nachbarn gäste gast besucher zuschauer fans
schüler schülerinnen studenten lehrer lehrerin mitarbeiter mitarbeiterin mitarbeitende beschäftigte
veteranen soldaten soldat polizisten opfer täter zeugen patienten kunden mitglieder mitglied
spieler spielerin mannschaft team teams verein gruppe gruppen seite seiten teil teile hälfte
land länder ländern stadt städte dorf gemeinde gemeinden region regionen welt staat staaten
straße straßen platz haus häuser häusern wohnung wohnungen gebäude schule schulen kindergarten
kirche krankenhaus klinik hotel restaurant markt büro zentrum heim heime raum räume räumen
weg wege ort orte ortes gebiet gebiete grenze grenzen feld natur wald wasser luft feuer rauch
wetter hitze kälte regen schnee sonne wind sturm klima umwelt energie strom gas öl
geld euro dollar franken preis preise kosten steuern steuer budget haushalt summe prozent zahl
zahlen anzahl menge mehrheit minderheit rest wert werte punkt punkte grund gründe ziel ziele
frage fragen antwort antworten anfrage problem probleme lösung lösungen idee ideen plan pläne
entscheidung entscheidungen meinung meinungen ansicht sicht eindruck gefühl angst sorge sorgen
hoffnung glück liebe freude wut trauer kraft macht gewalt krieg kriege frieden freiheit
sicherheit gefahr gefahren risiko risiken schutz hilfe unterstützung kritik lob dank respekt
arbeit arbeiten job jobs stelle stellen beruf aufgabe aufgaben dienst leistung leistungen
ergebnis ergebnisse erfolg erfolge fehler niederlage sieg spiel spiele spiels tor tore
runde saison training partie finale meisterschaft turnier rennen
politik wirtschaft gesellschaft kultur bildung gesundheit forschung wissenschaft technik
regierung bundesregierung verwaltung behörde behörden gericht gerichte justiz polizei armee
parlament partei parteien fraktion wahl wahlen abstimmung gesetz gesetze regel regeln recht
rechte pflicht vertrag verträge antrag anträge vorschlag vorschläge debatte diskussion gespräch
gespräche treffen sitzung konferenz interview bericht berichte studie studien umfrage daten
information informationen nachricht nachrichten meldung meldungen brief schreiben mitteilung
erklärung aussage aussagen angaben zitat text texte buch bücher film filme bild bilder foto
video videos artikel zeitung medien presse sender programm sendung app internet netz
unternehmen firma firmen konzern betrieb betriebe bank banken handel industrie branche
produkt produkte ware waren auto autos wagen fahrzeug fahrzeuge zug züge bus flugzeug schiff
bahn verkehr unfall unfälle brand brände einsatz einsätze lage situation zustand fall fälle
ereignis ereignisse vorfall aktion maßnahme maßnahmen projekt projekte programm system systeme
art weise form fragen thema themen sache sachen ding dinge beispiel bereich bereiche
niveau ebene stufe phase schritt schritte entwicklung veränderung wandel wechsel
krise krisen konflikt konflikte streit kampf kämpfe angriff angriffe anschlag schlag
waffe waffen rakete raketen bombe bomben front truppen militär verteidigung
krankheit krankheiten virus pandemie impfung arzt ärzte ärztin pflege versorgung
essen wasser brot fleisch bier wein kaffee
hand hände kopf köpfe auge augen herz körper leben tod
stimme stimmen wort worte wörter sprache rede reden ruf
nähe ferne innere äußere höhe tiefe breite länge
interesse interessen einfluss druck bedeutung rolle verantwortung
""".split())

# Sentence adverbs and connectives that open German sentences in capitals (not names).
SENTENCE_WORDS_DE = frozenset("""
allerdings zudem außerdem deshalb daher darum trotzdem dennoch inzwischen mittlerweile bislang
bisher damals danach davor dabei dafür dagegen damit daraufhin demnach denn doch immerhin
jedoch nämlich sonst stattdessen vielmehr vielleicht wohl zunächst zuvor zuletzt schließlich
letztlich endlich insgesamt ebenfalls ebenso gleichzeitig gleichwohl indes indessen jedenfalls
künftig laut nun nur ohnehin sogar später früher vorher nachher hingegen wiederum zugleich
besonders gerade genau eigentlich tatsächlich offenbar offensichtlich angeblich womöglich
""".split())


def is_common_de(word: str) -> bool:
    """A frequent German common noun, quantifier or sentence adverb (case-insensitive)."""
    w = word.lower().rstrip("-")
    return w in COMMON_NOUNS_DE or w in QUANTIFIERS_DE or w in SENTENCE_WORDS_DE
