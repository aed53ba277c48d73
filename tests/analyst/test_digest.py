"""The digest page is one self-contained file: every chart inline, nothing fetched from outside."""

from datetime import date
from html.parser import HTMLParser

import pytest

from analyst.digest import publish_digest, read_digest, write_digest
from analyst.digest_html import Digest, render_html, render_markdown, trend_series
from flows.settings import PROJECT_ROOT
from tests.analyst.fixtures import fixture_db, layout_change_db

SQL = PROJECT_ROOT / "sql"


class Page(HTMLParser):
    """Collects what the checks need: figures with their SVGs, URLs in attributes, red cells."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[str] = []
        self.svgs_in_figure: dict[str, int] = {}
        self.urls: list[str] = []
        self.drop_cells = 0
        self.tags: set[str] = set()
        self._figure: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "figure":
            self._figure = a.get("id", "")
            self.figures.append(self._figure)
            self.svgs_in_figure[self._figure] = 0
        if tag == "svg" and self._figure is not None:
            self.svgs_in_figure[self._figure] += 1
        if tag == "td" and "drop" in (a.get("class") or "").split():
            self.drop_cells += 1
        for name in ("src", "href", "xlink:href", "data", "action"):
            if a.get(name):
                self.urls.append(a[name])

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure = None


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def fixture_page():
    con = fixture_db()
    digest = read_digest(con, SQL, date(2024, 3, 2))
    return digest, render_html(digest)


def test_every_chart_is_inline_svg(fixture_page):
    _, html = fixture_page
    page = parse(html)
    assert page.figures == ["chart-sources", "chart-entities", "chart-speakers", "chart-trend"]
    assert all(n == 1 for n in page.svgs_in_figure.values())


def test_no_external_resources(fixture_page):
    _, html = fixture_page
    page = parse(html)
    external = [u for u in page.urls if u.startswith(("http://", "https://", "//"))]
    assert external == []
    assert all(u.startswith(("#", "data:")) for u in page.urls), page.urls
    assert not {"script", "link", "iframe", "img"} & page.tags  # nothing to load, nothing to run
    assert "@import" not in html and "url(http" not in html


def test_page_shows_the_days_numbers_and_quotes(fixture_page):
    digest, html = fixture_page
    assert digest.summary == {"articles": 2, "sources": 1, "quotes": 4, "speakers": 2, "entities": 3,
                              "photos": 2, "rejects": 2}
    assert [(s.speaker, s.quotes, s.quote) for s in digest.speakers] == [
        ("Antony Blinken", 2, "Wir reden weiter."), ("Eine Sprecherin", 1, "No comment.")]
    assert "“Wir reden weiter.”" in html and "Sunday 02 March 2024" not in html
    assert "Saturday 02 March 2024" in html


def test_charts_are_reproducible(fixture_page):
    digest, html = fixture_page
    assert render_html(digest) == html


def test_a_dropped_metric_is_a_red_cell():
    con = layout_change_db(days=8)
    digest = read_digest(con, SQL, date(2024, 3, 8))
    assert [r["dropped"] for r in digest.health] == [["authors"]]
    assert parse(render_html(digest)).drop_cells == 1
    assert "gamma: authors" in render_markdown(digest, "x.html")


def test_text_is_escaped():
    digest = Digest(day=date(2024, 1, 1), summary={"articles": 1},
                    per_source=[("<script>alert(1)</script>", 1)])
    html = render_html(digest)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_trend_fills_missing_days_with_zero():
    axis, series = trend_series([("A", date(2024, 3, 14), 2), ("A", date(2024, 3, 1), 1)], date(2024, 3, 14))
    assert axis[0] == date(2024, 3, 1) and axis[-1] == date(2024, 3, 14) and len(axis) == 14
    assert series["A"][0] == 1 and series["A"][-1] == 2 and sum(series["A"]) == 3


def test_default_day_is_the_latest_with_articles(tmp_path):
    con = fixture_db()
    digest = write_digest(con, SQL, tmp_path / "d.html")
    assert digest is not None and digest.day == date(2024, 3, 2)
    assert (tmp_path / "d.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_empty_database_writes_nothing(tmp_path):
    from tests.analyst.fixtures import empty_db

    assert write_digest(empty_db(), SQL, tmp_path / "d.html") is None
    assert not (tmp_path / "d.html").exists()


def test_nightly_hook_writes_next_to_the_db_and_publishes(tmp_path, monkeypatch):
    from prefect import artifacts

    published = {}
    monkeypatch.setattr(artifacts, "create_markdown_artifact", lambda **kw: published.update(kw))
    out = publish_digest(fixture_db(), tmp_path / "news.duckdb", SQL)
    assert out == tmp_path / "digest-2024-03-02.html" and out.exists()
    assert published["key"] == "news-digest"
    assert str(out.resolve()) in published["markdown"] and "| articles | 2 |" in published["markdown"]


def test_nightly_hook_never_raises(tmp_path, monkeypatch):
    from prefect import artifacts

    def boom(**kw):
        raise RuntimeError("API down")

    monkeypatch.setattr(artifacts, "create_markdown_artifact", boom)
    assert publish_digest(fixture_db(), tmp_path / "news.duckdb", SQL) is None


def test_sample_database_digest(sample_db, tmp_path):
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    digest = write_digest(con, SQL, tmp_path / "d.html", date(2023, 7, 11))
    con.close()
    page = parse((tmp_path / "d.html").read_text(encoding="utf-8"))
    assert digest is not None and digest.summary["articles"] == 1
    assert len(page.figures) == 4 and not [u for u in page.urls if u.startswith("http")]


