-- Runs started in [$since, $until] (UTC date of started_at).
SELECT r.*, (r.started_at AT TIME ZONE 'UTC')::DATE AS day
FROM runs r
WHERE (r.started_at AT TIME ZONE 'UTC')::DATE BETWEEN $since AND $until
