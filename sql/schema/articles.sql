CREATE TABLE IF NOT EXISTS articles (
    article_id          VARCHAR PRIMARY KEY,
    url                 VARCHAR NOT NULL,
    final_url           VARCHAR,
    canonical_url       VARCHAR NOT NULL,
    source              VARCHAR,
    title               VARCHAR,
    authors             VARCHAR[],
    agency_byline       VARCHAR,
    published_at        TIMESTAMPTZ,
    published_at_source VARCHAR,
    modified_at         TIMESTAMPTZ,
    modified_at_source  VARCHAR,
    date_conflict       BOOLEAN,
    language            VARCHAR,
    site_name           VARCHAR,
    description         VARCHAR,
    lead                VARCHAR,
    body                VARCHAR NOT NULL,
    paragraphs          VARCHAR[],
    word_count          INTEGER,
    page_kind           VARCHAR,
    raw_sha256          VARCHAR,
    content_hash        VARCHAR NOT NULL,
    extractor_version   VARCHAR NOT NULL,
    first_run_id        VARCHAR,
    run_id              VARCHAR,
    fetched_at          TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ
);
COMMENT ON TABLE articles IS 'One row per news article, keyed by the hash of its canonical URL. Grain: article_id.';
COMMENT ON COLUMN articles.article_id IS 'Deterministic id: 16 hex chars of sha256 over the canonical URL.';
COMMENT ON COLUMN articles.url IS 'The URL the page was requested as (local files as file:// URLs).';
COMMENT ON COLUMN articles.final_url IS 'The URL after redirects.';
COMMENT ON COLUMN articles.canonical_url IS 'Canonical URL (the page''s rel=canonical if any, normalised, tracking parameters removed).';
COMMENT ON COLUMN articles.source IS 'Name of the source the page came from.';
COMMENT ON COLUMN articles.title IS 'Headline.';
COMMENT ON COLUMN articles.authors IS 'Author names: the people credited; when the page credits no person, the newsroom it credits as author ("DER SPIEGEL", "Redaktion hessenschau.de"). Agencies go to agency_byline; e-mail addresses and web addresses never.';
COMMENT ON COLUMN articles.agency_byline IS 'News agency named in the byline (dpa, AP, Reuters, ...), if any.';
COMMENT ON COLUMN articles.published_at IS 'First publication time (UTC). NULL when unknown or only in the future.';
COMMENT ON COLUMN articles.published_at_source IS 'Where published_at came from: json-ld, meta (article:published_time and kin), text (the date trafilatura found in the page), url (a date in the URL path); future-rejected when every date found lay in the future.';
COMMENT ON COLUMN articles.modified_at IS 'Last modification time (UTC), if the page states it.';
COMMENT ON COLUMN articles.modified_at_source IS 'Where modified_at came from: json-ld or meta (article:modified_time and kin).';
COMMENT ON COLUMN articles.date_conflict IS 'True when the date witnesses disagree by more than a day.';
COMMENT ON COLUMN articles.language IS 'ISO 639-1 language of the body (de, en, ...).';
COMMENT ON COLUMN articles.site_name IS 'Publisher / site name as the page states it.';
COMMENT ON COLUMN articles.description IS 'Meta description / og:description.';
COMMENT ON COLUMN articles.lead IS 'Lead (standfirst) printed between headline and body: the element matching the description meta tag or marked as intro/standfirst, with its dateline. Also in body only when the site marks its first body paragraph as the lead; NULL when the page has none.';
COMMENT ON COLUMN articles.body IS 'Clean body text: body paragraphs and subheadings in order, separated by a blank line. Offsets in quotes and article_blocks index this text.';
COMMENT ON COLUMN articles.paragraphs IS 'The body paragraphs as a list (body = paragraphs joined with two newlines).';
COMMENT ON COLUMN articles.word_count IS 'Number of words in body.';
COMMENT ON COLUMN articles.page_kind IS 'article, or paywall for an article its publisher marks as paywalled (isAccessibleForFree false, or a paywall notice on a short page); body holds whatever text the page carried. Index pages, consent walls and bot blocks are not articles: they are in rejects with reason index, consent_wall or bot_block.';
COMMENT ON COLUMN articles.raw_sha256 IS 'sha256 of the raw page in the raw store this row was extracted from.';
COMMENT ON COLUMN articles.content_hash IS 'Hash of the extracted content; a reload that changes nothing keeps the row untouched.';
COMMENT ON COLUMN articles.extractor_version IS 'Version of the extraction code that produced the row (reprocess selects by it).';
COMMENT ON COLUMN articles.first_run_id IS 'The run that first loaded the article.';
COMMENT ON COLUMN articles.run_id IS 'The run that last changed the article.';
COMMENT ON COLUMN articles.fetched_at IS 'When the raw page was fetched (UTC).';
COMMENT ON COLUMN articles.updated_at IS 'When the row was last inserted or changed (UTC).';
-- Added after the first release: ALTER keeps databases created before it loading.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS truncated VARCHAR;
COMMENT ON COLUMN articles.truncated IS 'NULL when the article is complete; else which per-page budgets cut it (README, Reliability): body = the stored body is a prefix of the page''s text (NEWS_PAGE_MAX_BODY_CHARS), entities_quotes = entities and quotes come from a prefix only (NEWS_PAGE_MAX_SEMANTIC_CHARS).';
