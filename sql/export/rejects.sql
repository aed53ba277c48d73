-- Rejects made in [$since, $until] (UTC date of rejected_at).
SELECT r.*, (r.rejected_at AT TIME ZONE 'UTC')::DATE AS day
FROM rejects r
WHERE (r.rejected_at AT TIME ZONE 'UTC')::DATE BETWEEN $since AND $until
