-- The pages `news-etl reprocess` re-extracts from the raw store: the newest successful fetch of
-- each URL whose body is in the raw store, with the article it produced (if any). Parameters may
-- be NULL (no filter): $since / $until (UTC day of the fetch, for WARC records the capture day),
-- $source (raw_pages.source), $version (articles.extractor_version), $current with $outdated
-- (only pages whose article was extracted by another version than $current).
WITH latest AS (
    SELECT url, final_url, sha256, content_type, charset, fetched_at, source
    FROM raw_pages
    WHERE error IS NULL AND sha256 IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, fetch_id) = 1
)
SELECT l.url, l.final_url, l.sha256, l.content_type, l.charset, l.fetched_at, l.source,
       a.language, a.article_id, a.extractor_version
FROM latest l
LEFT JOIN articles a ON a.url = l.url
WHERE ($since IS NULL OR (l.fetched_at AT TIME ZONE 'UTC')::DATE >= $since)
  AND ($until IS NULL OR (l.fetched_at AT TIME ZONE 'UTC')::DATE <= $until)
  AND ($source IS NULL OR l.source = $source)
  AND ($version IS NULL OR a.extractor_version = $version)
  AND (NOT $outdated OR a.extractor_version IS DISTINCT FROM $current)
ORDER BY l.fetched_at, l.url;
