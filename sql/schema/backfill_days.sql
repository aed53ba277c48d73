CREATE TABLE IF NOT EXISTS backfill_days (
    day         DATE NOT NULL,
    source_key  VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    counts      JSON,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (day, source_key)
);
COMMENT ON TABLE backfill_days IS 'Day partitions of `news-etl backfill`: one row per day and source. A completed row is skipped by the next backfill over the same range unless --force. Grain: day, source_key.';
COMMENT ON COLUMN backfill_days.day IS 'The UTC day: feed and sitemap entries dated that day, WARC records captured that day (URL lists and folders are undated and processed as given).';
COMMENT ON COLUMN backfill_days.source_key IS 'The source as kind:location (an absolute path or a URL).';
COMMENT ON COLUMN backfill_days.run_id IS 'The run that processed the day (runs.run_id; the Prefect subflow run id).';
COMMENT ON COLUMN backfill_days.status IS 'running (started, or the process died: redone next time), completed, failed_checks (loaded, a data check of severity error failed), failed.';
COMMENT ON COLUMN backfill_days.counts IS 'JSON counts of the day''s run: urls seen, pages fetched, articles loaded, rejects.';
COMMENT ON COLUMN backfill_days.started_at IS 'When the day''s run started (UTC).';
COMMENT ON COLUMN backfill_days.finished_at IS 'When the day''s run finished (UTC); NULL while running or after a crash.';
