CREATE TABLE IF NOT EXISTS check_results (
    run_id     VARCHAR NOT NULL,
    "check"    VARCHAR NOT NULL,
    severity   VARCHAR NOT NULL,
    rows       INTEGER NOT NULL,
    sample     JSON,
    checked_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, "check")
);
COMMENT ON TABLE check_results IS 'Results of the data checks in sql/checks/ after each run: how many bad rows each check found. Grain: run_id, check.';
COMMENT ON COLUMN check_results.run_id IS 'The run after which the checks ran (runs.run_id).';
COMMENT ON COLUMN check_results."check" IS 'Name of the check: the file name in sql/checks/ without .sql (table__rule).';
COMMENT ON COLUMN check_results.severity IS 'error (fails the run) or warn (reported only).';
COMMENT ON COLUMN check_results.rows IS 'Number of bad rows the check returned; 0 means it passed.';
COMMENT ON COLUMN check_results.sample IS 'Up to 5 of the bad rows as JSON, to start the investigation.';
COMMENT ON COLUMN check_results.checked_at IS 'When the check ran (UTC).';
