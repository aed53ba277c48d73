"""`news-etl sql --format/--out`, `export`, `digest` and `docs`, run in-process through main()."""

import json
from datetime import date

import duckdb
import pytest

from flows.cli import main


def test_sql_csv_to_stdout(sample_db, capfd):
    assert main(["sql", "--db", str(sample_db), "--format", "csv",
                 "SELECT source, articles FROM daily_articles WHERE day = DATE '2022-01-21'"]) == 0
    assert capfd.readouterr().out == "source,articles\nfoxnews-de.example,1\n"


def test_sql_json_and_parquet_to_files(sample_db, tmp_path):
    query = "SELECT article_id, authors, published_at FROM articles ORDER BY article_id"
    assert main(["sql", "--db", str(sample_db), "--format", "json", "--out", str(tmp_path / "a.json"), query]) == 0
    rows = json.loads((tmp_path / "a.json").read_text())
    assert len(rows) == 11 and isinstance(rows[0]["authors"], list)
    assert main(["sql", "--db", str(sample_db), "--format", "parquet", "--out", str(tmp_path / "a.parquet"),
                 query]) == 0
    back = duckdb.sql(f"SELECT count(*), count(authors) FROM '{tmp_path / 'a.parquet'}'").fetchall()
    assert back == [(11, 11)]


@pytest.mark.parametrize("args,needle", [
    (["--format", "parquet", "SELECT 1"], "give a file with --out"),
    (["--out", "x.csv", "SELECT 1"], "--out needs --format"),
    (["--format", "csv"], "need a query"),
    (["--format", "csv", "SELECT * FROM no_such_table"], "no_such_table"),
])
def test_sql_output_mistakes_are_one_line(sample_db, capfd, args, needle):
    assert main(["sql", "--db", str(sample_db), *args]) == 2
    err = capfd.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1


def test_export_partitions_by_day(sample_db, tmp_path, capfd):
    out = tmp_path / "export"
    assert main(["export", "--db", str(sample_db), "--since", "2023-01-01", "--until", "2023-12-31",
                 "--format", "parquet", str(out)]) == 0
    days = sorted(p.name for p in (out / "articles").iterdir())
    assert days == ["day=2023-05-12", "day=2023-07-11", "day=2023-11-16"]
    # Children share their article's partition, so one day's folders join up.
    quotes = duckdb.sql(f"SELECT DISTINCT day FROM read_parquet('{out}/quotes/*/*.parquet', "
                        "hive_partitioning = true) ORDER BY day").fetchall()
    assert [d for (d,) in quotes] == [date(2023, 5, 12), date(2023, 7, 11), date(2023, 11, 16)]
    assert (out / "entities" / "data.parquet").exists()
    # Fetches and rejects are dated by when they happened (the sample was fetched in 2026).
    assert not (out / "raw_pages").exists()
    assert "articles" in capfd.readouterr().out


def test_export_rejects_a_reversed_range(sample_db, capfd):
    assert main(["export", "--db", str(sample_db), "--since", "2024-02-01", "--until", "2024-01-01", "x"]) == 2
    assert "is after" in capfd.readouterr().err


def test_digest_command(sample_db, tmp_path, capfd):
    out = tmp_path / "digest.html"
    assert main(["digest", "--db", str(sample_db), "--out", str(out)]) == 0
    assert "digest for 2025-04-21" in capfd.readouterr().out
    assert out.read_text(encoding="utf-8").count("<svg") == 4


def test_digest_on_missing_database(tmp_path, capfd):
    assert main(["digest", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "d.html")]) == 2
    assert "does not exist" in capfd.readouterr().err


def test_docs_check(tmp_path, capfd):
    stale = tmp_path / "schema.md"
    stale.write_text("old\n")
    assert main(["docs", "--check", "--out", str(stale)]) == 1
    assert main(["docs", "--out", str(stale)]) == 0
    assert main(["docs", "--check", "--out", str(stale)]) == 0
    assert "# Data dictionary" in stale.read_text()
