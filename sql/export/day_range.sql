-- The first and last day with any data: the default export range.
SELECT min(day), max(day) FROM (
    SELECT day FROM article_days
    UNION ALL SELECT (fetched_at AT TIME ZONE 'UTC')::DATE FROM raw_pages
    UNION ALL SELECT (rejected_at AT TIME ZONE 'UTC')::DATE FROM rejects
    UNION ALL SELECT (started_at AT TIME ZONE 'UTC')::DATE FROM runs
)
