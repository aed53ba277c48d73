"""Feeds, sitemaps, URL lists and sources TOML: parsing (pure) and discovery over loopback."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.io import sources
from flows.io.sources import Source, classify, discover, load_toml, to_frame
from tests.io.conftest import discover_options
from tests.io.faultserver import Reply
from transforms.sources.feeds import parse_feed
from transforms.sources.sitemaps import parse_sitemap
from transforms.sources.xmlsafe import BadDocument, UnsafeXml

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><language>de</language>
<item><title>Eins</title><link>https://news.example/a/1?utm_source=rss</link>
<pubDate>Tue, 14 May 2024 08:00:00 +0200</pubDate></item>
<item><title>Zwei</title><link>/a/2</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Ohne Link</title></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>One</title><link href="https://news.example/en/1"/><updated>2024-05-14T10:00:00Z</updated></entry>
</feed>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><link>https://x/1</link></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title><link>https://x/1</link></item></channel></rss>"""
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2024-05-14</lastmod></sitemap>
<sitemap><loc>{base}/sitemap-2024-05.xml.gz</loc><lastmod>2024-05-31T23:00:00+00:00</lastmod></sitemap>
<sitemap><loc>{base}/sitemap-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
</sitemapindex>"""
NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/news/heute</loc><news:news><news:publication><news:name>X</news:name>
<news:language>de</news:language></news:publication>
<news:publication_date>2024-05-14T08:00:00+02:00</news:publication_date><news:title>Heute</news:title></news:news></url>
<url><loc>file:///etc/passwd</loc></url>
</urlset>"""
MONTH = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/2024/05/01/a</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>{base}/2024/05/20/b</loc><lastmod>2024-05-20</lastmod></url>
<url><loc>{base}/undated</loc></url>
</urlset>"""


def test_rss_and_atom():
    rss = parse_feed(RSS, base_url="https://news.example/feed.xml")
    assert [e.url for e in rss] == ["https://news.example/a/1?utm_source=rss", "https://news.example/a/2"]
    assert rss[0].published.isoformat() == "2024-05-14T06:00:00+00:00" and rss[0].language == "de"
    atom = parse_feed(gzip.compress(ATOM))
    assert [(e.url, e.title) for e in atom] == [("https://news.example/en/1", "One")]


@pytest.mark.parametrize("doc", [BOMB, XXE])
def test_xml_bombs_are_refused(doc):
    with pytest.raises(UnsafeXml):
        parse_feed(doc)
    with pytest.raises(UnsafeXml):
        parse_sitemap(doc.replace(b"rss", b"urlset"))


def test_gzip_bomb_sitemap_is_refused():
    with pytest.raises(BadDocument, match="cap"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 5_000_000), max_bytes=1_000_000)


def test_google_news_sitemap():
    sm = parse_sitemap(NEWS.format(base="https://n.example").encode())
    e = sm.entries[0]
    assert sm.kind == "urlset" and (e.news_title, e.news_language) == ("Heute", "de")
    assert e.when.isoformat() == "2024-05-14T06:00:00+00:00"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_parsers_never_crash_on_junk(data):
    for parse in (parse_feed, parse_sitemap):
        try:
            parse(data)
        except (BadDocument, UnsafeXml):
            pass


def _serve_sitemaps(server):
    base = server.base
    server.routes["/sitemap.xml"] = Reply(200, INDEX.format(base=base).encode(), {"Content-Type": "application/xml"})
    server.routes["/sitemap-news.xml"] = Reply(200, NEWS.format(base=base).encode())
    server.routes["/sitemap-2024-05.xml.gz"] = Reply(200, gzip.compress(MONTH.format(base=base).encode()),
                                                     {"Content-Type": "application/x-gzip"})
    server.routes["/sitemap-2019.xml"] = Reply(200, MONTH.format(base=base).encode())


def test_sitemap_index_gzip_news_and_date_window(server, fetcher):
    _serve_sitemaps(server)
    src = classify(server.url("/sitemap.xml"))
    assert src.kind == "sitemap"
    found = discover(src, fetcher, discover_options(since=date(2024, 5, 10), until=date(2024, 5, 31)))
    urls = [u.url.removeprefix(server.base) for u in found]
    # file:// from a remote sitemap is dropped; 2024-05-01 is before --since; undated is kept;
    # the 2019 sitemap (lastmod before --since) is not even fetched.
    assert urls == ["/news/heute", "/2024/05/20/b", "/undated"]
    assert found[0].language == "de" and found[0].listed_title == "Heute"
    assert server.hits("/sitemap-2019.xml") == []
    everything = discover(src, fetcher, discover_options())
    assert len(everything) == 1 + 3 + 3


def test_feed_over_http_and_a_bad_feed_becomes_a_reject_row(server, fetcher):
    server.routes["/feed.rss"] = Reply(200, RSS.replace(b"https://news.example", server.base.encode()))
    server.routes["/bomb.rss"] = Reply(200, BOMB)
    server.routes["/gone.rss"] = Reply(410, b"")
    ok = discover(classify(server.url("/feed.rss")), fetcher, discover_options())
    assert [u.url.removeprefix(server.base) for u in ok] == ["/a/1?utm_source=rss", "/a/2"]
    bomb = discover(classify(server.url("/bomb.rss")), fetcher, discover_options())
    assert [(u.via, u.fetched.error) for u in bomb] == [("error", "unsafe_xml")]
    gone = discover(classify(server.url("/gone.rss")), fetcher, discover_options())
    assert [(u.via, u.fetched.error) for u in gone] == [("error", "feed_http_410")]
    frame = to_frame(bomb + ok)
    assert frame.height == 3 and frame["error"].to_list() == ["unsafe_xml", None, None]


def test_toml_sources_with_patterns_and_overrides(server, fetcher, tmp_path):
    server.routes["/feed.rss"] = Reply(200, RSS.replace(b"https://news.example", server.base.encode()))
    (tmp_path / "urls.txt").write_text("# comment\nhttps://a.example/x\n\nhttps://a.example/skip-me\n")
    toml = tmp_path / "sources.toml"
    toml.write_text(f"""
[[source]]
name = "feed"
kind = "feed"
url = "{server.url('/feed.rss')}"
language = "de"
include = ["/a/"]
exclude = ['/a/2$']
rate = 0.5
robots = false

[[source]]
name = "list"
kind = "urllist"
path = "urls.txt"
exclude = "skip"
""")
    srcs = load_toml(toml)
    assert (srcs[0].rate, srcs[0].robots, srcs[0].include) == (0.5, False, ("/a/",))
    warnings: list[str] = []
    found = discover(Source("all", "toml", str(toml)), fetcher, discover_options(), warn=warnings.append)
    assert [(u.source, u.url.removeprefix(server.base)) for u in found] == [
        ("feed", "/a/1?utm_source=rss"), ("list", "https://a.example/x")]
    assert found[0].rate == 0.5 and found[0].obey_robots is False and found[0].language == "de"
    assert any("NOT obeyed" in w for w in warnings)


@pytest.mark.parametrize(("body", "message"), [
    ('[[source]]\nname="x"\nkind="gopher"\nurl="http://x"', "unknown kind"),
    ('[[source]]\nname="x"\nkind="feed"', "needs a url"),
    ('[[source]]\nname="x"\nkind="feed"\nurl="http://x"\nrate=-1', "rate"),
    ('[[source]]\nname="x"\nkind="feed"\nurl="http://x"\ninclude=["("]', "bad include"),
    ("[[source]\n", "not valid TOML"),
])
def test_bad_sources_files_say_what_to_fix(tmp_path, body, message):
    path = tmp_path / "s.toml"
    path.write_text(body)
    with pytest.raises(sources.SourceError, match=message):
        load_toml(path)


def test_classify(tmp_path):
    assert classify("https://x.example/feed/").kind == "feed"
    assert classify("https://x.example/news-sitemap.xml").kind == "sitemap"
    assert classify("https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/05/CC-NEWS-1.warc.gz").kind == "warc"
    assert classify("https://x.example/2024/05/article.html").kind == "url"
    assert classify("feed:https://x.example/export?format=xml").kind == "feed"
    sm = tmp_path / "local.xml"
    sm.write_text(MONTH.format(base="https://x"))
    assert classify(str(sm)).kind == "sitemap"
    (tmp_path / "f.xml").write_bytes(RSS)
    assert classify(str(tmp_path / "f.xml")).kind == "feed"
    with pytest.raises(sources.SourceError, match="no such file"):
        classify(str(tmp_path / "missing.xml"))


def test_publishers_csv_is_keyed_by_domain():
    from flows.settings import PROJECT_ROOT
    pubs = sources.load_publishers(PROJECT_ROOT / "seeds" / "publishers.csv")
    assert sources.publisher_for("https://www.spiegel.de/politik/x", pubs).language == "de"
    assert sources.publisher_for("https://edition.cnn.com/x", pubs).country == "US"
    assert sources.publisher_for("https://unknown.example/x", pubs) is None
