-- reads: batch_articles
-- Upsert one batch of articles (view batch_articles) and replace their child rows, in one
-- transaction opened by the caller. A row whose content_hash is unchanged is left untouched,
-- so re-running a load changes nothing.
INSERT INTO articles BY NAME
SELECT * FROM batch_articles
ON CONFLICT (article_id) DO UPDATE SET
    url = excluded.url,
    final_url = excluded.final_url,
    canonical_url = excluded.canonical_url,
    source = excluded.source,
    title = excluded.title,
    authors = excluded.authors,
    agency_byline = excluded.agency_byline,
    published_at = excluded.published_at,
    published_at_source = excluded.published_at_source,
    modified_at = excluded.modified_at,
    modified_at_source = excluded.modified_at_source,
    date_conflict = excluded.date_conflict,
    language = excluded.language,
    site_name = excluded.site_name,
    description = excluded.description,
    lead = excluded.lead,
    body = excluded.body,
    paragraphs = excluded.paragraphs,
    word_count = excluded.word_count,
    page_kind = excluded.page_kind,
    raw_sha256 = excluded.raw_sha256,
    content_hash = excluded.content_hash,
    extractor_version = excluded.extractor_version,
    run_id = excluded.run_id,
    fetched_at = excluded.fetched_at,
    updated_at = excluded.updated_at,
    truncated = excluded.truncated
WHERE articles.content_hash <> excluded.content_hash;
