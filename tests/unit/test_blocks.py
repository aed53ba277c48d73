"""Block classification on small HTML snippets, and robustness on arbitrary input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.records import ROLES
from transforms.structure.blocks import analyze_structure
from transforms.structure.rules import is_all_caps_line, text_rule

PARA = "Der Minister sagte am Freitag in Genf, die Gespräche seien offen und ehrlich gewesen, aber ohne Ergebnis."


def page(inner: str) -> str:
    return f"<html><head><title>Gespräche in Genf</title></head><body><article><h1>Gespräche in Genf</h1>{inner}</article></body></html>"


def test_teasers_promos_and_boilerplate_leave_the_body():
    html = page(
        f"<p>{PARA}</p>"
        "<p><strong><a href='/x'>TOP-DIPLOMATEN TREFFEN SICH AUF DIE ZUKUNFT DER UKRAINE</a></strong></p>"
        f"<p>{PARA.replace('Freitag', 'Samstag')}</p>"
        "<p><a href='/app'>KLICKEN SIE HIER, UM DIE FOX NEWS APP ZU ERHALTEN</a></p>"
        f"<p>{PARA.replace('Freitag', 'Sonntag')}</p>"
        "<p>Lesen Sie auch: Neue Sanktionen gegen Moskau</p>"
        "<p>Die Associated Press hat zu diesem Bericht beigetragen.</p>"
    )
    st = analyze_structure(html, "https://x.example/a")
    assert len(st.paragraphs) == 3 and all("Minister" in p for p in st.paragraphs)
    assert set(st.paragraph_roles) == {"body"}
    assert all(b.role in ROLES for b in st.blocks)
    dropped = {b.text[:12]: b.role for b in st.blocks if b.role not in ("body", "subheading")}
    assert "teaser" in dropped.values() and all(b.reason for b in st.blocks if b.role != "body")


def test_subheading_kept_as_own_paragraph():
    html = page(
        f"<p>{PARA}</p><h2>Keine Einigung in Sicht</h2><p>{PARA.replace('Freitag', 'Montag')}</p>"
        f"<p>{PARA.replace('Freitag', 'Dienstag')}</p>"
    )
    st = analyze_structure(html, "https://x.example/a")
    assert "subheading" in st.paragraph_roles
    assert st.paragraphs[st.paragraph_roles.index("subheading")] == "Keine Einigung in Sicht"


def test_text_rules():
    assert is_all_caps_line("BIDEN HAT SEIT DER GAFFE NICHT MIT ZELENSKYY GESPROCHEN")
    assert not is_all_caps_line("NATO und EU beraten in Brüssel über die Lage")
    assert text_rule("Leave a Reply")[0] == "boilerplate"
    assert text_rule("source site")[0] == "boilerplate"
    assert text_rule("CLICK HERE TO GET THE FOX NEWS APP")[0] == "teaser"
    assert text_rule("Laden Sie unsere App herunter")[0] == "promo"
    assert text_rule("Share prices fell sharply on Monday after the central bank raised rates again.") is None


def test_empty_and_garbage_input():
    for html in ("", "   ", "<html></html>", "no markup at all", "<p>"):
        st = analyze_structure(html, "https://x.example/")
        assert st.paragraphs == [] or isinstance(st.paragraphs[0], str)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<figure>",
                "<figcaption>",
                "</figcaption>",
                "<a href='/x'>",
                "</a>",
                "<h2>",
                "</h2>",
                "(AP Photo/X Y)",
                "Foto: dpa",
                "ABC DEF GHI JKL",
                "<img src='a.jpg'>",
                " Wort ",
                "Satz mit Inhalt. ",
            ]
        )
        | st.text(max_size=30),
        max_size=40,
    )
)
def test_classifier_never_crashes_and_is_deterministic(parts):
    html = "<html><body>" + "".join(parts) + "</body></html>"
    a = analyze_structure(html, "https://x.example/")
    b = analyze_structure(html, "https://x.example/")
    assert a == b
    assert len(a.paragraphs) == len(a.paragraph_roles)
    assert all(b.role in ROLES for b in a.blocks)


def test_labelled_source_list_is_not_body():
    html = page(f"<p>{PARA}</p><p>{PARA.replace('Freitag', 'Samstag')}</p>"
                "<p>Quellen:<br/></p><div class='checklist'><ul><li><em>Landtag NRW, Stellungnahmen zur Anhörung"
                "</em></li><li><em>WDR Interviews</em></li><li><em>Meldung Gewerkschaft Verdi</em></li></ul></div>")
    st = analyze_structure(html, "https://x.example/a")
    assert not any("WDR Interviews" in p or "Landtag NRW" in p for p in st.paragraphs)


def test_author_name_line_is_not_body():
    html = page(f"<p>{PARA}</p><p>{PARA.replace('Freitag', 'Samstag')}</p><p>André Schmidt</p>"
                "").replace("</head>", "<meta name='author' content='André Schmidt'></head>")
    st = analyze_structure(html, "https://x.example/a")
    assert "André Schmidt" not in st.paragraphs
    assert any(b.role == "author_box" and b.text == "André Schmidt" for b in st.blocks)
