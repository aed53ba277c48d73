"""Fetching against a real loopback server: the fault catalogue, retries, conditional GET, caps."""

from __future__ import annotations

import gzip
import zlib

import pytest

from flows.io.fetch import Fetcher, FetchJob, read_body, retry_after_seconds
from tests.io.conftest import policy
from tests.io.faultserver import Reply

HTML = b"<html><head><title>t</title></head><body><p>Hallo Welt</p></body></html>"
H = {"Content-Type": "text/html; charset=utf-8"}


def _one(fetcher: Fetcher, url: str, **kw):
    return fetcher.fetch(FetchJob(url, **kw))


@pytest.mark.parametrize(("reply", "reason", "attempts"), [
    (Reply(404, b"gone"), "http_404", 1),
    (Reply(410, b"gone for good"), "http_410", 1),
    (Reply(403, b"no"), "http_403", 1),  # 4xx is never retried
    (Reply(500, b"oops"), "http_500", 3),  # retries=2: three attempts
    (Reply(503, b"busy"), "http_503", 3),
])
def test_http_errors(server, fetcher, reply, reason, attempts):
    server.routes["/p"] = reply
    f = _one(fetcher, server.url("/p"))
    assert (f.error, f.attempts, f.sha256) == (reason, attempts, None)
    assert len(server.hits("/p")) == attempts


def test_500_then_200_succeeds(server, fetcher, store):
    server.routes["/p"] = [Reply(500, b"oops"), Reply(200, HTML, H)]
    f = _one(fetcher, server.url("/p"))
    assert f.ok and f.attempts == 2 and f.status == 200
    assert store.get(f.sha256) == HTML
    assert f.charset == "utf-8" and f.content_type == "text/html"


def test_429_retry_after_is_honoured(server, fetcher):
    server.routes["/p"] = [Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, HTML, H)]
    f = _one(fetcher, server.url("/p"))
    assert f.ok and f.attempts == 2
    first, second = server.hits("/p")
    assert second.at - first.at >= 0.95  # server-side arrival times


def test_429_with_a_long_retry_after_gives_up(server, fetcher):
    server.routes["/p"] = Reply(429, b"", {"Retry-After": "3600"})
    f = _one(fetcher, server.url("/p"))
    assert f.error == "http_429" and "Retry-After" in f.detail and len(server.hits("/p")) == 1


def test_retry_after_http_date():
    from datetime import UTC, datetime
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Wed, 01 May 2024 12:00:30 GMT", now) == 30
    assert retry_after_seconds("7") == 7 and retry_after_seconds("soon") is None


def test_slow_drip_past_the_total_timeout(server, store):
    server.routes["/drip"] = Reply(200, b"x" * 200, H, drip=0.05)  # ~10 s for the body
    with Fetcher(policy(total_timeout=0.6, retries=2), store) as fetcher:
        f = _one(fetcher, server.url("/drip"))
    assert f.error == "timeout" and "total time" in f.detail
    assert len(server.hits("/drip")) == 1  # a page too slow by nature is not retried


def test_read_timeout_is_retried(server, store):
    server.routes["/late"] = [Reply(200, HTML, H, delay=1.5), Reply(200, HTML, H)]
    with Fetcher(policy(timeout=0.5), store) as fetcher:
        f = _one(fetcher, server.url("/late"))
    assert f.ok and f.attempts == 2


def test_redirects_followed_loop_and_refused_scheme(server, fetcher):
    server.routes["/a"] = Reply(301, b"", {"Location": "/b"})
    server.routes["/b"] = Reply(302, b"", {"Location": server.url("/page")})
    server.routes["/page"] = Reply(200, HTML, H)
    server.routes["/loop1"] = Reply(302, b"", {"Location": "/loop2"})
    server.routes["/loop2"] = Reply(302, b"", {"Location": "/loop1"})
    server.routes["/passwd"] = Reply(302, b"", {"Location": "file:///etc/passwd"})
    ok = _one(fetcher, server.url("/a"))
    assert ok.ok and ok.final_url == server.url("/page")
    loop = _one(fetcher, server.url("/loop1"))
    assert loop.error == "redirect_loop"
    bad = _one(fetcher, server.url("/passwd"))
    assert bad.error == "bad_redirect" and "file" in bad.detail and bad.sha256 is None


def test_too_many_redirects(server, store):
    for i in range(10):
        server.routes[f"/r{i}"] = Reply(302, b"", {"Location": f"/r{i + 1}"})
    with Fetcher(policy(max_redirects=3), store) as fetcher:
        f = _one(fetcher, server.url("/r0"))
    assert f.error == "too_many_redirects" and len(server.hits("/r0")) == 1


def test_50_mb_body_is_refused(server, fetcher):
    big = b"a" * 50_000_000
    server.routes["/big"] = Reply(200, big, H)
    server.routes["/big-chunked"] = Reply(200, big, H, length=False)  # no Content-Length: streamed cap
    assert _one(fetcher, server.url("/big")).error == "too_large"
    f = _one(fetcher, server.url("/big-chunked"))
    assert f.error == "too_large" and "cap" in f.detail


def test_gzip_bomb_stops_at_the_decompressed_cap(server, fetcher):
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # ~200 KB on the wire
    server.routes["/bomb"] = Reply(200, bomb, {**H, "Content-Encoding": "gzip"})
    f = _one(fetcher, server.url("/bomb"))
    assert f.error == "too_large_decompressed"


def test_gzip_and_deflate_bodies_are_decoded(server, fetcher, store):
    server.routes["/gz"] = Reply(200, gzip.compress(HTML), {**H, "Content-Encoding": "gzip"})
    server.routes["/zl"] = Reply(200, zlib.compress(HTML), {**H, "Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    server.routes["/raw"] = Reply(200, raw.compress(HTML) + raw.flush(), {**H, "Content-Encoding": "deflate"})
    for path in ("/gz", "/zl", "/raw"):
        f = _one(fetcher, server.url(path))
        assert f.ok and store.get(f.sha256) == HTML and f.wire_bytes < f.bytes + 30, path


def test_read_body_cap_is_exact():
    data = gzip.compress(b"x" * 1000)
    body, wire = read_body([data[:10], data[10:]], "gzip", 1000, deadline=float("inf"))
    assert len(body) == 1000 and wire == len(data)
    with pytest.raises(Exception, match="cap"):
        read_body([data], "gzip", 999, deadline=float("inf"))


def test_wrong_charset_header_is_kept_as_sent(server, fetcher, store):
    latin = "<html><body><p>Grüße aus Köln</p></body></html>".encode("latin-1")
    server.routes["/l"] = Reply(200, latin, {"Content-Type": "text/html; charset=UTF-8"})
    f = _one(fetcher, server.url("/l"))
    # raw_pages.charset carries the header's charset; decoding decides later (transforms/page/decode.py).
    assert f.ok and f.charset == "UTF-8" and store.get(f.sha256) == latin


def test_binary_with_html_content_type_is_fetched_for_extraction_to_reject(server, fetcher):
    server.routes["/fake.html"] = Reply(200, b"%PDF-1.7\n\x00\x01binary", {"Content-Type": "text/html"})
    f = _one(fetcher, server.url("/fake.html"))
    assert f.ok and f.content_type == "text/html"  # decode stage rejects it as not_html


def test_conditional_get_and_304(server, fetcher):
    server.routes["/c"] = Reply(200, HTML, {**H, "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"}, etag='"v1"')
    first = _one(fetcher, server.url("/c"))
    assert first.ok and first.etag == '"v1"' and first.last_modified.startswith("Wed")
    again = _one(fetcher, server.url("/c"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.not_modified and again.sha256 is None and again.error is None
    assert again.etag == '"v1"'
    req = server.hits("/c")[-1].headers
    assert req["if-none-match"] == '"v1"' and req["if-modified-since"] == first.last_modified


def test_user_agent_and_schemes(server, fetcher, tmp_path):
    server.routes["/p"] = Reply(200, HTML, H)
    _one(fetcher, server.url("/p"))
    assert server.hits("/p")[0].headers["user-agent"].startswith("news-etl/")
    assert "example.org/contact" in server.hits("/p")[0].headers["user-agent"]
    assert _one(fetcher, "ftp://example.org/x").error == "bad_scheme"
    page = tmp_path / "a.html"
    page.write_bytes(HTML)
    local = _one(fetcher, page.as_uri())
    assert local.ok and local.method == "file"


def test_connection_refused_is_retried_then_rejected(store):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with Fetcher(policy(retries=1), store) as fetcher:
        # robots.txt cannot be had from a host that does not answer: RFC 9309 says disallow.
        f = _one(fetcher, f"http://127.0.0.1:{port}/x")
        assert (f.error, f.robots) == ("robots_unreachable", "unreachable")
        g = _one(fetcher, f"http://127.0.0.1:{port}/x", obey_robots=False)
    assert (g.error, g.attempts, g.robots) == ("connect_error", 2, "ignored")


def test_identical_bodies_at_two_urls_are_stored_once(server, fetcher, store):
    server.routes["/one"] = Reply(200, HTML, H)
    server.routes["/two"] = Reply(200, HTML, H)
    a, b = fetcher.fetch_all([FetchJob(server.url("/one")), FetchJob(server.url("/two"))])
    assert a.sha256 == b.sha256 and a.url != b.url
    assert len([p for p in store.root.rglob("*.gz")]) == 1
