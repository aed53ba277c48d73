-- Fetches made in [$since, $until] (UTC fetch date).
SELECT r.*, (r.fetched_at AT TIME ZONE 'UTC')::DATE AS day
FROM raw_pages r
WHERE (r.fetched_at AT TIME ZONE 'UTC')::DATE BETWEEN $since AND $until
