"""One parse per page (transforms/page/parse.py): every stage reads what it read when it parsed the
page itself."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from flows.settings import PROJECT_ROOT
from transforms.jsonld import parse_json_ld
from transforms.page.decode import decode_html
from transforms.page.metadata import extract_metadata
from transforms.page.parse import ParseError, parse_page, visible_text
from transforms.structure import analyze_structure


def xpath_visible_text(tree, limit=20_000):
    """The definition visible_text keeps: every text node of the body outside script/style/noscript."""
    body = tree.find("body")
    if body is None:
        return ""
    texts = body.xpath(".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    return " ".join(t.strip() for t in texts if t.strip())[:limit]


PAGE = """<html><head><title>T</title><script>var x = 1;</script></head><body> Vorab
<div>Eins <b>fett</b> danach<script>hidden()</script> nach Skript <!-- Kommentar --> nach Kommentar
<style>.a{}</style><noscript>kein JS <img src=a.jpg></noscript> Ende</div>
<p>Zwei <span>drei <i>vier</i></span> fünf</p>  Schluss </body></html>"""


def test_visible_text_is_the_body_text_outside_scripts_styles_and_noscript():
    tree = html.document_fromstring(PAGE)
    assert visible_text(tree) == xpath_visible_text(tree)
    assert "hidden" not in visible_text(tree) and "nach Skript" in visible_text(tree)
    for limit in (1, 7, 30, 60):
        assert visible_text(tree, limit) == xpath_visible_text(tree, limit)


_TAGS = st.sampled_from(["div", "p", "span", "script", "style", "noscript", "b", "section"])
_WORDS = st.text(alphabet="ab \n\t", max_size=8)


@st.composite
def fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(_TAGS)
        parts.append(f"<{tag}>{draw(_WORDS)}{draw(fragments(depth + 1))}</{tag}>{draw(_WORDS)}")
        if draw(st.booleans()):
            parts.append(f"<!--c-->{draw(_WORDS)}")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(fragments(), _WORDS, st.integers(1, 40))
def test_visible_text_matches_the_xpath_definition_on_any_nesting(body, lead, limit):
    tree = html.document_fromstring(f"<html><body>{lead}<div>{body}</div></body></html>")
    assert visible_text(tree, limit) == xpath_visible_text(tree, limit)


LD = """<html><head>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Strict"}</script>
<script type="application/ld+json">{"@type": "ImageObject", "caption": "line
break"}</script>
<script type="application/ld+json"></script>
<script type="application/ld+json">{broken</script>
</head><body><p>x</p></body></html>"""


def test_json_ld_parsed_once_keeps_strict_and_lenient_readings_apart():
    scripts = parse_json_ld(html.document_fromstring(LD))
    assert [(s.data and s.data.get("@type"), s.strict) for s in scripts] == [
        ("NewsArticle", True), ("ImageObject", False), (None, False)]


def test_metadata_reads_the_same_from_parsed_json_ld_as_from_the_tree():
    tree = html.document_fromstring(LD)
    seen = datetime(2026, 1, 1, tzinfo=UTC)
    a = extract_metadata(tree, "https://x.example/a", None, None, None, None, None, seen)
    b = extract_metadata(tree, "https://x.example/a", None, None, None, None, None, seen,
                         json_ld=parse_json_ld(tree))
    assert a == b and a.title == "Strict"


def test_parse_page_gives_the_whole_document_even_for_a_page_lxml_reads_as_a_fragment():
    # no <html>, no doctype, no <head>: lxml.html.fromstring hands trafilatura a fragment
    text = "<div><p>" + "Ein Satz mit genug Wörtern für den Haupttext. " * 20 + "</p></div>"
    parsed = parse_page(text, "https://x.example/a")
    assert parsed.tree.tag == "html" and parsed.tree.find("body") is not None


def test_parse_page_raises_for_text_lxml_cannot_parse():
    try:
        parse_page("", "https://x.example/a")
    except ParseError:
        return
    raise AssertionError("no ParseError")


def test_structure_from_the_shared_tree_equals_structure_from_the_text():
    for page in sorted((PROJECT_ROOT / "seeds" / "sample").glob("*.html"))[:4]:
        text = decode_html(page.read_bytes(), None, "text/html").text
        parsed = parse_page(text, "https://sample.test/a")
        from_text = analyze_structure(text, "https://sample.test/a", parsed.doc)
        from_tree = analyze_structure(parsed.tree, "https://sample.test/a", parsed.doc, json_ld=parsed.json_ld)
        assert from_tree == from_text, page.name


def test_trafmeta_reads_what_trafilatura_reads_with_its_metadata() -> None:
    # trafmeta repeats trafilatura's own metadata steps (pinned version): a new trafilatura that
    # changes them shows here, not as quietly different titles, bylines and dates.
    import trafilatura
    from trafilatura.utils import load_html

    from transforms.page import trafmeta

    fields = ("title", "author", "url", "hostname", "description", "sitename", "date", "text")
    pages = sorted((PROJECT_ROOT / "seeds" / "sample").glob("*.html"))
    assert pages
    for page in pages:
        text = decode_html(page.read_bytes(), None, "text/html").text
        url = f"https://example.org/{page.stem}"
        ours = trafmeta.extract(load_html(text), url)
        theirs = trafilatura.bare_extraction(load_html(text), url=url, with_metadata=True, include_comments=False,
                                             include_tables=False, include_images=False)
        assert (ours is None) == (theirs is None), page.name
        if ours is not None:
            assert {f: getattr(ours, f) for f in fields} == {f: getattr(theirs, f) for f in fields}, page.name
