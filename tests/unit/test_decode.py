import pytest

from transforms.page.decode import DecodeError, decode_html

HTML = "<html><head><meta charset='{cs}'></head><body><p>Grüße aus Köln – „Zitat“</p></body></html>"


def test_header_charset_wins():
    data = HTML.format(cs="utf-8").encode("utf-8")
    d = decode_html(data, "utf-8", "text/html")
    assert "Grüße aus Köln" in d.text and d.charset_source == "header"


def test_meta_charset_latin1_page():
    data = "<html><head><meta charset='iso-8859-1'></head><body><p>Grüße, Straße</p></body></html>".encode("latin-1")
    d = decode_html(data, None, "text/html")
    assert "Grüße, Straße" in d.text and d.charset_source == "meta"


def test_wrong_latin1_header_on_utf8_bytes():
    d = decode_html(HTML.format(cs="utf-8").encode("utf-8"), "iso-8859-1", "text/html")
    assert "Grüße aus Köln" in d.text


def test_wrong_utf8_header_on_latin1_bytes():
    data = "<html><head><meta charset='windows-1252'></head><body><p>Grüße – Köln</p></body></html>".encode("cp1252")
    d = decode_html(data, "utf-8", "text/html")
    assert "Grüße – Köln" in d.text


def test_detection_without_any_declaration():
    text = "Die Bürger wählten über Änderungen der Straßenordnung. " * 20
    data = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    d = decode_html(data, None, "text/html")
    assert "Bürger" in d.text


@pytest.mark.parametrize("data,ctype,reason", [
    (b"", "text/html", "empty"),
    (b"   \n", "text/html", "empty"),
    (b"%PDF-1.7 binary", "text/html", "not_html"),
    (b"<html><body>x</body></html>", "application/pdf", "not_html"),
    (b"<html>\x00\x01\x02 binary</html>", "text/html", "undecodable"),
    (b"\x89PNG\r\n", "text/html", "not_html"),
])
def test_rejects(data, ctype, reason):
    with pytest.raises(DecodeError) as err:
        decode_html(data, None, ctype)
    assert err.value.reason == reason
