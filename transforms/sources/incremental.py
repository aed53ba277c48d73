"""Which discovered URLs to fetch in this run, given what earlier runs fetched and loaded.

A URL with a successful fetch (or an article) is not fetched again, unless it is young: a page first
fetched less than `window` ago is fetched again, up to `times` more times, once the last fetch is at
least `min_gap` old, with If-None-Match / If-Modified-Since from the last fetch. Pure: `now` and the
history are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl
from polars._typing import PolarsDataType

HISTORY: dict[str, PolarsDataType] = {
    "url": pl.String, "first_ok": pl.Datetime("us", "UTC"), "last_ok": pl.Datetime("us", "UTC"),
    "ok_fetches": pl.Int64, "etag": pl.String, "last_modified": pl.String, "in_articles": pl.Boolean,
}


@dataclass(frozen=True)
class RefetchPolicy:
    window: timedelta  # pages first fetched this recently are re-fetched ...
    min_gap: timedelta  # ... once their last fetch is this old ...
    times: int  # ... at most this many extra times (defaults: flows.settings)


def plan_fetches(urls: pl.DataFrame, history: pl.DataFrame, now: datetime,
                 policy: RefetchPolicy) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(to fetch, skipped). Rows to fetch get `etag` / `last_modified` columns for a conditional GET
    when they are re-fetches; `skipped` has url and reason (known)."""
    hist = history.select(list(HISTORY)).cast(HISTORY)  # type: ignore[arg-type]
    joined = urls.drop([c for c in ("etag", "last_modified") if c in urls.columns]).join(
        hist, on="url", how="left")
    known = pl.col("last_ok").is_not_null() | pl.col("in_articles").fill_null(False)
    due = (
        pl.col("first_ok").is_not_null()
        & (pl.col("first_ok") > pl.lit(now - policy.window))
        & (pl.col("ok_fetches") < 1 + policy.times)
        & (pl.col("last_ok") <= pl.lit(now - policy.min_gap))
    )
    # Pre-fetched rows (WARC records, source failures) are never "re-fetched".
    prefetched = pl.col("via").is_in(["warc", "error"]) if "via" in urls.columns else pl.lit(False)
    fetch = ~known | (due & ~prefetched)
    out_cols = urls.columns + [c for c in ("etag", "last_modified") if c not in urls.columns]
    todo = joined.filter(fetch).select(out_cols)
    skipped = joined.filter(~fetch).select("url", pl.lit("known").alias("reason"))
    return todo, skipped
