"""What earlier runs fetched and loaded, per URL: the input of transforms.incremental.plan_fetches."""

from __future__ import annotations

import duckdb
import polars as pl

from transforms.sources import HISTORY

# A fetch counts as successful when it produced a body or a 304; the newest validators win.
_QUERY = """
WITH wanted AS (SELECT DISTINCT url FROM batch_urls),
ok AS (
    SELECT r.url, r.fetched_at, r.etag, r.last_modified
    FROM raw_pages r JOIN wanted w USING (url)
    WHERE r.error IS NULL AND (r.sha256 IS NOT NULL OR r.not_modified)
),
agg AS (
    SELECT url, min(fetched_at) AS first_ok, max(fetched_at) AS last_ok, count(*) AS ok_fetches,
           arg_max(etag, fetched_at) FILTER (WHERE etag IS NOT NULL) AS etag,
           arg_max(last_modified, fetched_at) FILTER (WHERE last_modified IS NOT NULL) AS last_modified
    FROM ok GROUP BY url
),
art AS (
    SELECT w.url FROM wanted w JOIN articles a ON a.url = w.url
    UNION
    SELECT w.url FROM wanted w JOIN articles a ON a.canonical_url = w.url
)
SELECT w.url, agg.first_ok, agg.last_ok, coalesce(agg.ok_fetches, 0) AS ok_fetches, agg.etag,
       agg.last_modified, art.url IS NOT NULL AS in_articles
FROM wanted w LEFT JOIN agg USING (url) LEFT JOIN art USING (url)
"""


def url_history(con: duckdb.DuckDBPyConnection, urls: pl.DataFrame) -> pl.DataFrame:
    if urls.is_empty():
        return pl.DataFrame(schema=HISTORY)
    con.register("batch_urls", urls.select("url"))
    try:
        rows = con.execute(_QUERY).fetchall()  # drained: DuckDB 2 refuses work over an open result
        return pl.DataFrame(rows, schema=HISTORY, orient="row")
    finally:
        con.unregister("batch_urls")
