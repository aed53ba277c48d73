CREATE TABLE IF NOT EXISTS rejects (
    url     VARCHAR NOT NULL,
    stage   VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    detail  VARCHAR,
    source  VARCHAR,
    run_id  VARCHAR NOT NULL,
    rejected_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (url, stage, run_id)
);
COMMENT ON TABLE rejects IS 'Everything that did not become an article, with the stage and the reason. Grain: url, stage, run_id.';
COMMENT ON COLUMN rejects.url IS 'The URL (or file:// URL) that was rejected.';
COMMENT ON COLUMN rejects.stage IS 'Pipeline stage that rejected it: discover, fetch, decode, parse, extract, load.';
COMMENT ON COLUMN rejects.reason IS 'Short machine-readable reason: http_404, timeout, not_html, empty, too_short, not_article, ...; from the per-page budgets (README, Reliability), stage extract: too_large (page over a size budget: HTML characters, elements, paragraphs or figures), timeout (extraction ran past NEWS_PAGE_TIMEOUT; its worker was killed), worker_memory (its worker grew past NEWS_WORKER_MEMORY_MB), worker_crash (the page killed two extraction workers).';
COMMENT ON COLUMN rejects.detail IS 'Human-readable detail of what went wrong.';
COMMENT ON COLUMN rejects.source IS 'Name of the source the URL came from.';
COMMENT ON COLUMN rejects.run_id IS 'The run in which it was rejected (runs.run_id).';
COMMENT ON COLUMN rejects.rejected_at IS 'When it was rejected (UTC).';
