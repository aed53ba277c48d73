"""Re-extraction from the raw store: no HTTP, idempotent, and a report of what changed per table."""

from __future__ import annotations

import duckdb


def _rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _loaded(tmp_path, pages, n: int):
    """A database the nightly flow loaded from a folder of the first `n` sample pages: (db, folder)."""
    from flows.nightly import nightly

    folder = tmp_path / "pages"
    folder.mkdir()
    for p in pages[:n]:
        (folder / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "news.duckdb"
    nightly(sources=[str(folder)], db_path=str(db))
    return db, folder


def test_reprocess_reports_changes_then_nothing(prefect_harness, fast_settings, pages, tmp_path, monkeypatch):
    import flows.extract
    import flows.version
    from flows.reprocess import reprocess

    db, folder = _loaded(tmp_path, pages, 4)
    n_captioned = _rows(db, "SELECT count(DISTINCT article_id) FROM photo_captions")[0][0]
    assert n_captioned > 0
    [(v1,)] = _rows(db, "SELECT DISTINCT extractor_version FROM articles")
    assert v1.startswith("0.1.0+")  # the computed fingerprint
    for p in folder.iterdir():  # reprocess reads the raw store, never the pages again
        p.unlink()

    same = reprocess(db_path=str(db))
    assert same["pages"] == 4 and same["articles"] == 4
    assert (same["changed_articles"], same["new_articles"], same["changed_version"]) == (0, 0, 0)

    # A deliberate extractor change: a new version that drops captions and edits the body.
    real = flows.extract.extract_page

    def changed(page, options, nlp):
        res = real(page, options, nlp)
        if res.article is not None:
            res.article["body"] += "\n\nExtractor v2 was here."
            res.captions = []
        return res

    monkeypatch.setattr(flows.extract, "extract_page", changed)  # serial extraction runs in this process
    monkeypatch.setattr(flows.version, "extractor_version", lambda _settings: "0.2.0-test")
    first = reprocess(db_path=str(db), extractor_version=v1)
    assert first["pages"] == 4
    assert first["changed_body"] == 4 and first["changed_photo_captions"] == n_captioned
    assert first["changed_quotes"] == first["changed_article_entities"] == 0
    assert first["changed_articles"] == first["changed_version"] == 4
    assert _rows(db, "SELECT DISTINCT extractor_version FROM articles") == [("0.2.0-test",)]
    assert _rows(db, "SELECT count(*) FROM photo_captions") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM raw_pages") == [(4,)]  # nothing fetched

    # Selected by the old version: nothing left. Everything again: nothing changes.
    assert reprocess(db_path=str(db), extractor_version=v1)["pages"] == 0
    again = reprocess(db_path=str(db))
    assert again["pages"] == 4
    assert {k: v for k, v in again.items() if k.startswith("changed_") or k == "new_articles"} == dict.fromkeys(
        ["changed_body", "changed_article_blocks", "changed_photo_captions", "changed_quotes",
         "changed_article_entities", "changed_articles", "changed_version", "new_articles"], 0)
    assert _rows(db, "SELECT flow, status FROM runs WHERE flow = 'reprocess'") == [("reprocess", "completed")] * 4


def test_reprocess_outdated_picks_the_pages_an_older_extractor_produced(prefect_harness, fast_settings, pages,
                                                                       tmp_path):
    from flows.reprocess import reprocess

    db, _ = _loaded(tmp_path, pages, 3)
    assert reprocess(db_path=str(db), outdated=True)["pages"] == 0  # all current
    with duckdb.connect(str(db)) as con:  # one article as an older extractor left it
        con.execute("UPDATE articles SET extractor_version = '0.0.9+0123456789ab', content_hash = 'older' "
                    "WHERE article_id = (SELECT min(article_id) FROM articles)")
    out = reprocess(db_path=str(db), outdated=True)
    assert (out["pages"], out["changed_version"]) == (1, 1)
    assert len(_rows(db, "SELECT DISTINCT extractor_version FROM articles")) == 1
