CREATE TABLE IF NOT EXISTS raw_pages (
    fetch_id      VARCHAR PRIMARY KEY,
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    status        INTEGER,
    content_type  VARCHAR,
    charset       VARCHAR,
    bytes         BIGINT,
    sha256        VARCHAR,
    fetched_at    TIMESTAMPTZ NOT NULL,
    elapsed_ms    DOUBLE,
    attempts      INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    not_modified  BOOLEAN,
    error         VARCHAR,
    source        VARCHAR,
    run_id        VARCHAR NOT NULL
);
COMMENT ON TABLE raw_pages IS 'One row per fetch attempt of a URL (successful or not); the body lives in the raw store under its sha256. Grain: fetch_id.';
COMMENT ON COLUMN raw_pages.fetch_id IS 'Deterministic id of this fetch: hash of url and run_id.';
COMMENT ON COLUMN raw_pages.url IS 'The canonical URL that was requested.';
COMMENT ON COLUMN raw_pages.final_url IS 'The URL after redirects.';
COMMENT ON COLUMN raw_pages.status IS 'HTTP status code (200 for a readable local file); NULL when no response came.';
COMMENT ON COLUMN raw_pages.content_type IS 'Media type from the Content-Type header (or guessed for local files).';
COMMENT ON COLUMN raw_pages.charset IS 'Charset named by the Content-Type header, if any (the decoded charset is decided at extraction).';
COMMENT ON COLUMN raw_pages.bytes IS 'Size of the body in bytes as received (after transfer decompression).';
COMMENT ON COLUMN raw_pages.sha256 IS 'sha256 of the body; key of the body in the content-addressed raw store. NULL when there was no body.';
COMMENT ON COLUMN raw_pages.fetched_at IS 'When the fetch finished (UTC).';
COMMENT ON COLUMN raw_pages.elapsed_ms IS 'Wall time of the fetch including retries, in milliseconds.';
COMMENT ON COLUMN raw_pages.attempts IS 'Number of HTTP attempts made (retries + 1).';
COMMENT ON COLUMN raw_pages.etag IS 'ETag response header, sent back as If-None-Match next time.';
COMMENT ON COLUMN raw_pages.last_modified IS 'Last-Modified response header, sent back as If-Modified-Since next time.';
COMMENT ON COLUMN raw_pages.not_modified IS 'True when the server answered 304 Not Modified (no extraction happened).';
COMMENT ON COLUMN raw_pages.error IS 'Why the fetch failed (timeout, connect error, too large, ...); NULL on success.';
COMMENT ON COLUMN raw_pages.source IS 'Name of the source (from sources.toml or the command line) the URL came from.';
COMMENT ON COLUMN raw_pages.run_id IS 'The run that made this fetch (runs.run_id).';
