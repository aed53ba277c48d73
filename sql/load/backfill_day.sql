-- Record the state of one backfill day partition; a day that is done again replaces its row.
INSERT INTO backfill_days (day, source_key, run_id, status, counts, started_at, finished_at)
VALUES ($day, $source_key, $run_id, $status, $counts, $started_at, $finished_at)
ON CONFLICT (day, source_key) DO UPDATE SET
    run_id = excluded.run_id, status = excluded.status, counts = excluded.counts,
    started_at = excluded.started_at, finished_at = excluded.finished_at;
