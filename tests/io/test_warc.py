"""WARC files: response records become raw pages with their original URLs and capture times."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.io import sources
from flows.io.fetch import FetchJob
from flows.io.sources import classify, discover
from tests.conftest import sample_pages
from tests.io.conftest import discover_options
from tests.io.faultserver import Reply
from transforms.page.extract import ExtractOptions, PageInput, extract_page

CAPTURED = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)


def write_warc(path, records, gz=True):
    """records: (url, body, content_type, status, captured)"""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, body, ctype, status, when in records:
            http = StatusAndHeaders(f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
            writer.write_record(rec)
            req = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=req))


def _article(url, data, ctype, charset, when):
    res = extract_page(PageInput(url, url, data, ctype, charset, when, "s", None),
                       ExtractOptions(semantics=False))
    a = res.article
    return None if a is None else (a["title"], a["body"], a["published_at"], a["language"])


def test_warc_gives_the_same_articles_as_http(server, fetcher, store, tmp_path):
    pages = sample_pages()
    for p in pages:
        server.routes[f"/news/{p.name}"] = Reply(200, p.read_bytes(), {"Content-Type": "text/html"})
    warc_path = tmp_path / "sample.warc.gz"
    write_warc(warc_path, [(server.url(f"/news/{p.name}"), p.read_bytes(), "text/html", 200, CAPTURED)
                           for p in pages])
    found = discover(classify(str(warc_path)), fetcher, discover_options())
    assert [u.via for u in found] == ["warc"] * len(pages)
    by_url = {u.url: u.fetched for u in found}
    assert all(f.fetched_at == CAPTURED and f.method == "warc" and f.warc_record for f in by_url.values())
    over_http = fetcher.fetch_all([FetchJob(u) for u in by_url])
    for h in over_http:
        w = by_url[h.url]
        assert (w.sha256, w.content_type, w.charset) == (h.sha256, h.content_type, h.charset)
        assert _article(w.url, store.get(w.sha256), w.content_type, w.charset, CAPTURED) == \
            _article(h.url, store.get(h.sha256), h.content_type, h.charset, CAPTURED)
    assert sum(1 for h in over_http if _article(h.url, store.get(h.sha256), h.content_type, None, CAPTURED)) >= 8


def test_warc_over_http_filtered_by_date_and_cached(server, fetcher, tmp_path):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    warc_path = tmp_path / "cc.warc"
    write_warc(warc_path, [("https://a.example/new", b"<html>new</html>", "text/html; charset=utf-8", 200, CAPTURED),
                           ("https://a.example/old", b"<html>old</html>", "text/html", 200, old),
                           ("https://a.example/moved", b"", "text/html", 301, CAPTURED)], gz=False)
    server.routes["/crawl/CC-NEWS-1.warc"] = Reply(200, warc_path.read_bytes())
    opts = discover_options(since=CAPTURED.date(), warc_cache=tmp_path / "cache")
    src = classify(server.url("/crawl/CC-NEWS-1.warc"))
    found = discover(src, fetcher, opts)
    assert [(u.url, u.fetched.charset) for u in found] == [("https://a.example/new", "utf-8")]
    discover(src, fetcher, opts)
    assert len(server.hits("/crawl/CC-NEWS-1.warc")) == 1  # downloaded once


def test_broken_warc_is_a_reject_row(tmp_path, fetcher):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"this is not a warc")
    found = discover(classify(str(bad)), fetcher, discover_options())
    assert [(u.via, u.fetched.error) for u in found] == [("error", "bad_warc")]
    frame = sources.to_frame(found)
    assert frame["error"].to_list() == ["bad_warc"]
