"""The whole nightly flow under a Prefect test harness, against a loopback HTTP server."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import LoopbackServer, Route, sample_pages

SEED_TITLE = ("Top-Diplomaten aus den USA und Russland führen „offene“ und „ehrliche“ Gespräche, "
              "erzielen keine Durchbrüche")
FAULTS = {
    "/missing.html": (Route(404, b"gone"), "http_404"),
    "/broken.html": (Route(500, b"oops"), "http_500"),
    "/slow.html": (Route(200, b"<html>late</html>", {"Content-Type": "text/html"}, delay=4.0), "timeout"),
    "/report.pdf": (Route(200, b"%PDF-1.7\n%binary", {"Content-Type": "application/pdf"}), "not_html"),
    "/empty.html": (Route(200, b"", {"Content-Type": "text/html; charset=utf-8"}), "empty"),
    "/consent.html": (Route(200, (
        "<html><head><title>Bevor Sie weiterlesen</title></head><body><h1>Wir benötigen Ihre Zustimmung</h1>"
        "<p>Wir und unsere Partner verwenden Cookies, um Inhalte zu personalisieren und Werbung zu zeigen. "
        "Sie können jederzeit widerrufen. Zustimmen und weiter oder ohne Werbung mit dem Pur-Abo lesen. "
        "Weitere Informationen finden Sie in unserer Datenschutzerklärung und den Einstellungen.</p>"
        "<button>Alle akzeptieren</button></body></html>").encode(), {"Content-Type": "text/html"}), "consent_wall"),
}


@pytest.fixture
def served(http_server: LoopbackServer, tmp_path):
    pages = sample_pages()
    for page in pages:
        http_server.routes[f"/news/{page.name}"] = Route(
            200, page.read_bytes(), {"Content-Type": "text/html"})
    for path, (route, _) in FAULTS.items():
        http_server.routes[path] = route
    url_list = tmp_path / "urls.txt"
    lines = ["# sample pages and a fault catalogue"]
    lines += [http_server.url(f"/news/{p.name}") for p in pages]
    lines += [http_server.url(path) for path in FAULTS]
    url_list.write_text("\n".join(lines) + "\n")
    return url_list, pages


def _rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_nightly_end_to_end(prefect_harness, served, tmp_path):
    from flows.nightly import nightly

    url_list, pages = served
    db = tmp_path / "news.duckdb"
    first = nightly(sources=[str(url_list)], db_path=str(db))

    assert first["urls"] == len(pages) + len(FAULTS)
    assert first["articles"] == len(pages)
    assert _rows(db, "SELECT count(*) FROM articles")[0][0] == len(pages)
    assert _rows(db, "SELECT count(*) FROM raw_pages")[0][0] == len(pages) + len(FAULTS)

    rejects = dict(_rows(db, "SELECT regexp_extract(url, '/[^/]+$'), reason FROM rejects"))
    assert rejects == {path: reason for path, (_, reason) in FAULTS.items()}
    assert _rows(db, "SELECT DISTINCT stage FROM rejects ORDER BY 1") == [("decode",), ("extract",), ("fetch",)]

    title, lang, day = _rows(db, "SELECT title, language, published_at::DATE::VARCHAR FROM articles "
                                 "WHERE url LIKE '%seed-diplomaten-genf.html'")[0]
    assert (title, lang, day) == (SEED_TITLE, "de", "2022-01-21")
    seed = "(SELECT article_id FROM articles WHERE url LIKE '%seed-diplomaten-genf.html')"
    captions = _rows(db, f"SELECT credit, photographer, agency FROM photo_captions WHERE article_id = {seed} "
                         "AND caption IS NOT NULL ORDER BY ordinal")
    assert captions == [("AP Foto/Alex Brandon, Pool", "Alex Brandon", "AP")] * 2 + [
        ("Pressestelle des ukrainischen Präsidenten via AP", None, "AP")]
    speakers = _rows(db, f"SELECT DISTINCT speaker FROM quotes WHERE article_id = {seed} ORDER BY 1")
    assert speakers == [("Antony Blinken",), ("Sergej Lawrow",)]
    names = {n for (n,) in _rows(db, f"SELECT name FROM article_entities WHERE article_id = {seed}")}
    assert {"Antony Blinken", "Sergej Lawrow", "NATO", "Genf"} <= names and "Fox News" not in names
    # Every German umlaut of the latin-1 page survives decoding.
    body = _rows(db, "SELECT body FROM articles WHERE url LIKE '%latin1%'")[0][0]
    assert "ä" in body and "Ã" not in body

    run = _rows(db, "SELECT status, counts->>'rejects', finished_at IS NOT NULL FROM runs")
    assert run == [("completed", str(len(FAULTS)), True)]

    # Re-running changes no article, and records a second run.
    before = _rows(db, "SELECT article_id, content_hash, updated_at FROM articles ORDER BY 1")
    second = nightly(sources=[str(url_list)], db_path=str(db))
    assert second["articles_changed"] == 0
    assert _rows(db, "SELECT article_id, content_hash, updated_at FROM articles ORDER BY 1") == before
    assert _rows(db, "SELECT count(*) FROM runs WHERE status = 'completed'")[0][0] == 2
