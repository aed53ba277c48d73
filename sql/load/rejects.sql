-- reads: batch_rejects
-- Rejects of a batch (view batch_rejects); the same url, stage and run is kept once.
INSERT INTO rejects BY NAME
SELECT * FROM batch_rejects
ON CONFLICT (url, stage, run_id) DO UPDATE SET
    reason = excluded.reason, detail = excluded.detail, rejected_at = excluded.rejected_at;
