"""Caption extraction from figure markup, JSON-LD and plain text with a trailing credit."""

from transforms.blocks import analyze_structure

FIG = """<html><head><title>T</title>
<meta property="og:image" content="https://x.example/img/big/a.jpg"></head><body><article>
<p>Erster Absatz des Artikels mit genug Text, damit er als Inhalt gilt und nicht als Rauschen.</p>
<figure><img src="/img/small/a.jpg" srcset="/img/small/a.jpg 300w, /img/big/a.jpg 1200w" alt="Alt A">
<figcaption><span>Kanzler Scholz spricht in Berlin vor Journalisten.</span>
<span class="credit">Foto: dpa/Michael Kappeler</span></figcaption></figure>
<p>Zweiter Absatz des Artikels mit genug Text, damit er als Inhalt gilt und nicht als Rauschen.</p>
<figure><img src="/img/b.jpg"><figcaption>Kanzler Scholz spricht in Berlin vor Journalisten.
<span class="credit">Foto: dpa/Michael Kappeler</span></figcaption></figure>
<figure><img src="/img/c.jpg"><figcaption>Die Ministerin im Bundestag. (AP Photo/Markus Schreiber)</figcaption></figure>
</article></body></html>"""


def test_figcaption_with_credit_element_and_largest_srcset():
    st = analyze_structure(FIG, "https://x.example/a/b.html")
    caps = st.captions
    assert [c.caption for c in caps] == ["Kanzler Scholz spricht in Berlin vor Journalisten.",
                                         "Die Ministerin im Bundestag."]  # the repeated one stored once
    first, second = caps
    assert first.image_url == "https://x.example/img/big/a.jpg"
    assert (first.photographer, first.agency, first.caption_source) == ("Michael Kappeler", "dpa", "figcaption")
    assert first.is_lead_image and not second.is_lead_image
    assert (second.credit, second.photographer, second.agency) == ("AP Photo/Markus Schreiber", "Markus Schreiber", "AP")


def test_jsonld_image_object():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "image":
    {"@type": "ImageObject", "url": "https://x.example/i.jpg", "caption": "Ein Zug fährt durch die Alpen bei Sonnenaufgang",
     "creditText": "KEYSTONE/Gian Ehrenzeller"}}</script></head><body><p>Text</p></body></html>"""
    caps = analyze_structure(html, "https://x.example/").captions
    assert len(caps) == 1
    c = caps[0]
    assert (c.caption_source, c.agency, c.photographer, c.image_url) == (
        "json-ld", "Keystone", "Gian Ehrenzeller", "https://x.example/i.jpg")


def test_caption_printed_as_paragraph_is_not_body():
    body = "".join(f"<p>Absatz {i} erzählt etwas über die Verhandlungen in Genf und was danach kam.</p>" for i in range(4))
    html = f"""<html><body><article>{body}
    <p>Der Präsident antwortet während eines Interviews in Kiew, Ukraine. (Pressestelle des Präsidenten via AP)</p>
    {body}</article></body></html>"""
    st = analyze_structure(html, "https://x.example/")
    assert not any("Pressestelle" in p for p in st.paragraphs)
    assert any(c.agency == "AP" and c.caption_source == "text-pattern" for c in st.captions)
