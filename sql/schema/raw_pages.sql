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
    run_id        VARCHAR NOT NULL,
    method        VARCHAR,
    robots        VARCHAR,
    wire_bytes    BIGINT,
    warc_record   VARCHAR
);
-- Databases created before these columns existed get them here (no-ops otherwise).
ALTER TABLE raw_pages ADD COLUMN IF NOT EXISTS method VARCHAR;
ALTER TABLE raw_pages ADD COLUMN IF NOT EXISTS robots VARCHAR;
ALTER TABLE raw_pages ADD COLUMN IF NOT EXISTS wire_bytes BIGINT;
ALTER TABLE raw_pages ADD COLUMN IF NOT EXISTS warc_record VARCHAR;
COMMENT ON TABLE raw_pages IS 'One row per fetch of a URL per run (successful or not; retries are counted in attempts), also the fetch log; the body lives in the raw store under its sha256, so identical bodies at different URLs are stored once and share a sha256. Grain: fetch_id.';
COMMENT ON COLUMN raw_pages.fetch_id IS 'Deterministic id of this fetch: hash of url and run_id.';
COMMENT ON COLUMN raw_pages.url IS 'The canonical URL that was requested.';
COMMENT ON COLUMN raw_pages.final_url IS 'The URL after redirects.';
COMMENT ON COLUMN raw_pages.status IS 'HTTP status code (200 for a readable local file); NULL when no response came.';
COMMENT ON COLUMN raw_pages.content_type IS 'Media type from the Content-Type header (or guessed for local files).';
COMMENT ON COLUMN raw_pages.charset IS 'Charset named by the Content-Type header, if any (the decoded charset is decided at extraction).';
COMMENT ON COLUMN raw_pages.bytes IS 'Size of the body in bytes as received (after transfer decompression).';
COMMENT ON COLUMN raw_pages.sha256 IS 'sha256 of the body; key of the body in the content-addressed raw store. NULL when there was no body.';
COMMENT ON COLUMN raw_pages.fetched_at IS 'When the fetch finished (UTC); for WARC records the capture time (WARC-Date).';
COMMENT ON COLUMN raw_pages.elapsed_ms IS 'Wall time of the fetch including retries, in milliseconds.';
COMMENT ON COLUMN raw_pages.attempts IS 'Number of HTTP attempts made (retries + 1).';
COMMENT ON COLUMN raw_pages.etag IS 'ETag response header, sent back as If-None-Match next time.';
COMMENT ON COLUMN raw_pages.last_modified IS 'Last-Modified response header, sent back as If-Modified-Since next time.';
COMMENT ON COLUMN raw_pages.not_modified IS 'True when the server answered 304 Not Modified (no extraction happened).';
COMMENT ON COLUMN raw_pages.error IS 'Why the fetch failed (timeout, connect error, too large, ...); NULL on success.';
COMMENT ON COLUMN raw_pages.source IS 'Name of the source (from sources.toml or the command line) the URL came from.';
COMMENT ON COLUMN raw_pages.run_id IS 'The run that made this fetch (runs.run_id).';
COMMENT ON COLUMN raw_pages.method IS 'How the body was obtained: http (fetched), file (local page), warc (read from a WARC record, no fetch).';
COMMENT ON COLUMN raw_pages.robots IS 'robots.txt decision for an http fetch: allowed, disallowed, no_robots (robots.txt answered 4xx), unreachable (5xx or no answer: treated as disallowed), ignored (turned off for the source); NULL for file and warc.';
COMMENT ON COLUMN raw_pages.wire_bytes IS 'Bytes received before Content-Encoding decompression (the WARC record length for warc).';
COMMENT ON COLUMN raw_pages.warc_record IS 'For method warc: the WARC file (path or URL) and the record offset, as file#offset.';
