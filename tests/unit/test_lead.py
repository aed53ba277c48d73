"""transforms.structure.lead: the standfirst trafilatura drops, found by the description or by its class."""

from transforms.structure.blocks import analyze_structure
from transforms.structure.dom import Dom, key, parse_html
from transforms.structure.lead import find_standfirst

BODY = ("<p>Der Minister sagte am Freitag in Genf, die Gespräche seien offen und ehrlich gewesen, aber ohne "
        "Ergebnis geblieben. Beide Seiten wollen sich im Herbst erneut treffen, hieß es aus Delegationskreisen.</p>"
        "<p>Die Opposition kritisierte das Treffen scharf und forderte eine Debatte im Parlament noch vor der "
        "Sommerpause, weil die Regierung das Parlament nicht informiert habe.</p>") * 2
DESC = "Die Außenminister haben in Genf verhandelt. Ein Ergebnis gibt es nicht, ein neues Treffen schon."


def page(header: str, desc: str = DESC) -> str:
    return (f"<html><head><title>Gespräche in Genf</title><meta name='description' content='{desc}'></head>"
            f"<body><article><h1>Gespräche in Genf</h1>{header}<div class='text'>{BODY}</div></article></body></html>")


def lead_of(html: str, desc: str = DESC) -> str | None:
    """find_standfirst as analyze_structure calls it: the body starts at div.text's first paragraph."""
    dom = Dom(parse_html(html))
    first = dom.root.xpath("//div[@class='text']/p")[0]
    body_keys = {key(dom.text(p)) for p in dom.root.xpath("//div[@class='text']/p")}
    return find_standfirst(dom, desc, dom.order[first], body_keys)


def test_description_match_takes_the_dateline_span():
    html = page(f"<div class='copy'><span>Berlin.</span> <span>{DESC}</span></div>")
    assert lead_of(html) == f"Berlin. {DESC}"


def test_truncated_description_still_matches():
    html = page(f"<p class='x'>{DESC}</p>")
    assert lead_of(html, desc=DESC[:60] + " …") == DESC


def test_class_named_standfirst_without_description():
    html = page(f"<p class='article-intro'>{DESC}</p>")
    assert lead_of(html, desc="") == DESC


def test_lead_picture_and_related_box_are_not_leads():
    html = page("<div class='lead-art'><img src='a.jpg'><span>Der Minister in Genf. (AP)</span></div>"
                "<aside class='intro'><p>Lesen Sie auch: was die Opposition vom Treffen in Genf hält und "
                "warum sie eine Debatte fordert.</p></aside>")
    assert lead_of(html, desc="") is None


def test_no_lead_when_description_is_the_first_body_paragraph():
    first = BODY.split("</p>")[0].removeprefix("<p>")
    assert lead_of(page(""), desc=first) is None


def test_structure_keeps_one_copy_of_the_standfirst():
    st = analyze_structure(page(f"<div class='copy'><span>Berlin.</span> <span>{DESC}</span></div>"),
                           "https://x.example/a")
    assert (st.lead is None) == any(DESC in p for p in st.paragraphs)


def test_standfirst_after_the_body_start_is_ignored():
    dom = Dom(parse_html(f"<html><body><p>{BODY}</p><p class='intro'>{DESC}</p></body></html>"))
    assert find_standfirst(dom, None, 1.0, set()) is None
