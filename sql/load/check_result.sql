-- The result of one data check for a run; running the checks again replaces it.
INSERT INTO check_results (run_id, "check", severity, rows, sample, checked_at)
VALUES ($run_id, $check, $severity, $rows, $sample, $at)
ON CONFLICT (run_id, "check") DO UPDATE SET rows = excluded.rows, sample = excluded.sample,
    checked_at = excluded.checked_at;
