-- The (day, source_key) partitions of a backfill range whose data is loaded ($done: those statuses).
SELECT day, source_key FROM backfill_days
WHERE day BETWEEN $start AND $end AND list_contains($done, status);
