-- Move a source's watermark forward (never back: a manual run over old days leaves it alone).
INSERT INTO watermarks (source_key, last_day, run_id, updated_at)
VALUES ($source_key, $last_day, $run_id, $updated_at)
ON CONFLICT (source_key) DO UPDATE SET
    last_day = excluded.last_day, run_id = excluded.run_id, updated_at = excluded.updated_at
WHERE excluded.last_day > watermarks.last_day;
