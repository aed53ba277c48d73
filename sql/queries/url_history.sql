-- reads: batch_urls
-- What earlier runs fetched and loaded, per URL of the batch (the input of incremental planning).
-- A fetch counts as successful when it produced a body or a 304; the newest validators win.
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
