CREATE TABLE IF NOT EXISTS watermarks (
    source_key VARCHAR PRIMARY KEY,
    last_day   DATE NOT NULL,
    run_id     VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE watermarks IS 'Catch-up state of the nightly flow: per source, the last day (UTC) whose dated entries (feed and sitemap entries, WARC captures) a run has fully processed. The next nightly run starts the day after it, so a missed night is caught up. Grain: source_key.';
COMMENT ON COLUMN watermarks.source_key IS 'The source as kind:location (an absolute path or a URL), as the run was given it.';
COMMENT ON COLUMN watermarks.last_day IS 'Last complete UTC day processed for the source; the next nightly run uses --since last_day + 1.';
COMMENT ON COLUMN watermarks.run_id IS 'The run that last moved the watermark (runs.run_id).';
COMMENT ON COLUMN watermarks.updated_at IS 'When the watermark was last moved (UTC).';
