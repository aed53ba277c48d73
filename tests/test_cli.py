"""Mistakes on the command line give one clear line and exit status 2, not a traceback."""

import subprocess
import sys

import pytest


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.mark.parametrize("content,needle", [
    ("[[source]]\nname = 'x'\nkind = 'carrier-pigeon'\npath = 'a'\n", "unknown kind"),
    ("[[source]\nname=", "not valid TOML"),
    ("[[source]]\nname = 'x'\nkind = 'url'\n", "needs a url or path"),
])
def test_bad_sources_file(tmp_path, content, needle):
    toml = tmp_path / "sources.toml"
    toml.write_text(content)
    r = run_cli("run", "--source", str(toml), "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_missing_source_path(tmp_path):
    r = run_cli("run", "--source", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_database_that_cannot_be_opened(tmp_path):
    (tmp_path / "notadb.duckdb").write_text("this is not a database")
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    r = run_cli("run", "--source", str(page), "--db", str(tmp_path / "notadb.duckdb"))
    assert r.returncode == 2 and "cannot open database" in r.stderr and "Traceback" not in r.stderr


def test_sql_on_missing_database(tmp_path):
    r = run_cli("sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_missing_ner_model_stops_at_start(tmp_path):
    import os

    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    env = {**os.environ, "NEWS_NER_MODEL_DE": "de_core_news_lg_not_installed"}
    r = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--source", str(page), "--db",
                        str(tmp_path / "x.duckdb")], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "de_core_news_lg_not_installed" in r.stderr and "not installed" in r.stderr
