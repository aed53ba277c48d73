"""Caption extraction from figure markup, JSON-LD and plain text with a trailing credit."""

from transforms.structure.blocks import analyze_structure

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
    assert [c.caption for c in caps] == [
        "Kanzler Scholz spricht in Berlin vor Journalisten.",
        "Die Ministerin im Bundestag.",
    ]  # the repeated one stored once
    first, second = caps
    assert first.image_url == "https://x.example/img/big/a.jpg"
    assert (first.photographer, first.agency, first.caption_source) == ("Michael Kappeler", "dpa", "figcaption")
    assert first.is_lead_image and not second.is_lead_image
    assert (second.credit, second.photographer, second.agency) == (
        "AP Photo/Markus Schreiber",
        "Markus Schreiber",
        "AP",
    )


def test_jsonld_image_object():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "image":
    {"@type": "ImageObject", "url": "https://x.example/i.jpg", "caption": "Ein Zug fährt durch die Alpen bei Sonnenaufgang",
     "creditText": "KEYSTONE/Gian Ehrenzeller"}}</script></head><body><p>Text</p></body></html>"""
    caps = analyze_structure(html, "https://x.example/").captions
    assert len(caps) == 1
    c = caps[0]
    assert (c.caption_source, c.agency, c.photographer, c.image_url) == (
        "json-ld",
        "Keystone",
        "Gian Ehrenzeller",
        "https://x.example/i.jpg",
    )


def test_caption_printed_as_paragraph_is_not_body():
    body = "".join(
        f"<p>Absatz {i} erzählt etwas über die Verhandlungen in Genf und was danach kam.</p>" for i in range(4)
    )
    html = f"""<html><body><article>{body}
    <p>Der Präsident antwortet während eines Interviews in Kiew, Ukraine. (Pressestelle des Präsidenten via AP)</p>
    {body}</article></body></html>"""
    st = analyze_structure(html, "https://x.example/")
    assert not any("Pressestelle" in p for p in st.paragraphs)
    assert any(c.agency == "AP" and c.caption_source == "text-pattern" for c in st.captions)


def test_srcset_urls_with_commas_and_lazy_attributes():
    from transforms.structure.images import srcset_candidates

    assert srcset_candidates("https://x/w=800,h=450/a.jpg 800w, https://x/w=1280,h=720/a.jpg 1280w") == [
        ("https://x/w=800,h=450/a.jpg", "800w"),
        ("https://x/w=1280,h=720/a.jpg", "1280w"),
    ]
    html = """<html><body><article><figure><img src="data:image/gif;base64,R0lG"
    data-flickity-lazyload-srcset="/c/w=600,q=9/a.jpg 1x, /c/w=1200,q=9/a.jpg 2x">
    <figcaption>Ein Zug fährt durch die Alpen bei Sonnenaufgang.</figcaption></figure></article></body></html>"""
    (cap,) = analyze_structure(html, "https://x.example/a/").captions
    assert cap.image_url == "https://x.example/c/w=1200,q=9/a.jpg"


def test_picture_with_caption_lines_and_credit_line():
    # no caption markup: lines of a small wrapper around one picture; the credit line comes first
    html = """<html><body><article><p>Absatz eins mit genug Text, damit er als Inhalt des Artikels gilt.</p>
    <div class="pic"><span>Foto: Deja Gaston</span><picture><source srcset="/a.webp"><img src="/a.jpg"></picture>
    <div>Aktivisten protestieren gemeinsam in Nairobi</div></div>
    <div class="pic"><a href="/big.jpg"><img src="/b.jpg"></a><div class="image-text"><span>Der Minister mit dem
    Kommissar in Pretoria.</span><br><span class="author"><span>Image:</span> <span>GCIS</span></span></div></div>
    <div class="pic"><img src="/c.jpg"><div>APA/AFP/Mandel Ngan</div></div>
    </article></body></html>"""
    caps = analyze_structure(html, "https://x.example/").captions
    got = [(c.caption, c.credit, c.image_url) for c in caps]
    assert got == [
        ("Aktivisten protestieren gemeinsam in Nairobi", "Deja Gaston", "https://x.example/a.jpg"),
        ("Der Minister mit dem Kommissar in Pretoria.", "GCIS", "https://x.example/b.jpg"),
        (None, "APA/AFP/Mandel Ngan", "https://x.example/c.jpg"),
    ]  # a credited photo without caption


def test_credit_line_above_caption_inside_caption_element():
    html = """<html><body><article><figure><img src="/a.jpg"><figcaption>
    <div>Bild: SN/APA/KEYSTONE/CYRIL ZINGARO</div>
    <div>Nationaler Trauertag für Opfer der Brandkatastrophe am Freitag</div>
    </figcaption></figure></article></body></html>"""
    (cap,) = analyze_structure(html, "https://x.example/").captions
    assert cap.caption == "Nationaler Trauertag für Opfer der Brandkatastrophe am Freitag"
    assert cap.agency == "APA"


def test_promo_and_share_boxes_beside_icons_are_not_captions():
    html = """<html><body><article><p>Absatz eins mit genug Text, damit er als Inhalt des Artikels gilt.</p>
    <div class="sfsi_icons"><a href="https://facebook.com/sharer"><div><img src="/fb.svg">
    <span>Share on Facebook</span></div></a></div>
    <div class="box"><img src="/author.jpg"><p>Jane Doe covers national politics for The Example Post.</p></div>
    </article></body></html>"""
    assert analyze_structure(html, "https://x.example/").captions == []


def test_text_lengths_match_element_text():
    from transforms.structure.dom import Dom, el_text, parse_html

    root = parse_html(
        "<html><body><div> a<b>b</b> <i> c\u00a0</i>d\u200be <p>\n</p><span>x</span>y</div></body></html>"
    )
    dom = Dom(root)
    for el in root.iter():
        assert dom.text_len(el) == len(el_text(el))


def test_byline_box_and_typography_class_are_not_captions():
    html = ("<html><head><title>T</title></head><body><header><div><label class='text-caption p-2'>Mein Konto"
            "</label></div></header><article><figure><img src='/a.jpg'><figcaption>Von Vivien Valentiner, Redakteurin"
            " 06.11.2025, 17:06 Uhr</figcaption></figure>"
            "<p>Erster Absatz des Artikels mit genug Text, damit er als Inhalt gilt und nicht als Rauschen.</p>"
            "<figure><img src='/b.jpg'><figcaption>Von links: die Ministerin und der Kanzler im Bundestag."
            "</figcaption></figure></article></body></html>")
    caps = analyze_structure(html, "https://x.example/a").captions
    assert [c.caption for c in caps] == ["Von links: die Ministerin und der Kanzler im Bundestag."]


def test_text_beside_pictures_outside_the_article_is_no_caption():
    para = "Erster Absatz des Artikels mit genug Text, damit er als Inhalt gilt und nicht als Rauschen."
    html = ("<html><head><title>T</title></head><body>"
            "<div class='search'><img src='/logo.png'><span>Search for: Search</span></div>"
            "<main><article>"
            f"<p>{para}</p><div><img src='/a.jpg'><span>Der Minister vor dem Kanzleramt in Berlin</span></div>"
            f"<p>{para.replace('Erster', 'Zweiter')}</p><div><img src='/b.jpg'><span>vor 1 Std.</span></div>"
            f"<p>{para.replace('Erster', 'Dritter')}</p></article></main>"
            "<aside><div><img src='/c.jpg'><span>Zinsen ohne lange Bindung: So funktionieren Geldmarktfonds"
            "</span></div></aside></body></html>")
    caps = analyze_structure(html, "https://x.example/a").captions
    assert [(c.caption, c.caption_source) for c in caps] == [
        ("Der Minister vor dem Kanzleramt in Berlin", "beside-image")]


def test_caption_class_in_a_linked_card_is_a_teaser():
    html = ("<html><head><title>T</title></head><body><article>"
            "<p>Erster Absatz des Artikels mit genug Text, damit er als Inhalt gilt und nicht als Rauschen.</p>"
            "<a href='/other'><div><img src='/t.jpg'><p class='caption'>Mehr zum Thema: die Lage in Genf</p></div></a>"
            "<div class='pic'><img src='/a.jpg'><p class='caption'>Die Ministerin im Bundestag.</p></div>"
            "</article></body></html>")
    caps = analyze_structure(html, "https://x.example/a").captions
    assert [c.caption for c in caps] == ["Die Ministerin im Bundestag."]
