CREATE TABLE IF NOT EXISTS runs (
    run_id      VARCHAR PRIMARY KEY,
    flow        VARCHAR NOT NULL,
    parameters  JSON,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    counts      JSON,
    status      VARCHAR NOT NULL
);
COMMENT ON TABLE runs IS 'One row per pipeline run (nightly, backfill day, reprocess). Grain: run_id.';
COMMENT ON COLUMN runs.run_id IS 'Unique id of the run (the Prefect flow run id when run under Prefect).';
COMMENT ON COLUMN runs.flow IS 'Name of the flow that ran: nightly, backfill, reprocess.';
COMMENT ON COLUMN runs.parameters IS 'The run''s parameters as JSON (sources, database, options).';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished (UTC); NULL while running or after a crash.';
COMMENT ON COLUMN runs.counts IS 'JSON counts: urls seen, pages fetched, articles loaded, rejects, per-table rows.';
COMMENT ON COLUMN runs.status IS 'running; completed; failed_checks (loaded, but a data check of severity error found bad rows); failed (the run raised).';
