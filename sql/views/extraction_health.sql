-- Is extraction still working for each source? Fill rates per source and fetch day, and which of
-- them fell against the source's previous week. A site that changes its layout shows up as a
-- sudden drop (authors 1.0 -> 0.0) long before anyone reads the articles.
-- The day here is the fetch day, not the publication day: a layout change happens at a point in
-- crawl time, and rejects have no publication date.
CREATE OR REPLACE VIEW extraction_health AS
WITH source AS (
    SELECT * FROM articles
),
captioned AS (SELECT DISTINCT article_id FROM photo_captions),
quoted AS (SELECT DISTINCT article_id FROM quotes),
tagged AS (SELECT DISTINCT article_id FROM article_entities),
renamed AS (
    SELECT
        coalesce(a.source, '(unknown)') AS source,
        (coalesce(a.fetched_at, a.updated_at) AT TIME ZONE 'UTC')::DATE AS day,
        (coalesce(a.title, '') <> '')::INTEGER AS has_title,
        (a.published_at IS NOT NULL)::INTEGER AS has_date,
        (len(coalesce(a.authors, [])) > 0)::INTEGER AS has_authors,
        (c.article_id IS NOT NULL)::INTEGER AS has_captions,
        (q.article_id IS NOT NULL)::INTEGER AS has_quotes,
        (t.article_id IS NOT NULL)::INTEGER AS has_entities
    FROM source a
    LEFT JOIN captioned c USING (article_id)
    LEFT JOIN quoted q USING (article_id)
    LEFT JOIN tagged t USING (article_id)
),
loaded AS (
    SELECT source, day, count(*) AS articles,
           avg(has_title) AS title_rate, avg(has_date) AS date_rate, avg(has_authors) AS authors_rate,
           avg(has_captions) AS captions_rate, avg(has_quotes) AS quotes_rate,
           avg(has_entities) AS entities_rate
    FROM renamed
    GROUP BY source, day
),
rejected AS (
    SELECT coalesce(source, '(unknown)') AS source, (rejected_at AT TIME ZONE 'UTC')::DATE AS day,
           count(*) AS rejects
    FROM rejects
    GROUP BY ALL
),
daily AS (
    SELECT source, day, coalesce(l.articles, 0) AS articles, coalesce(r.rejects, 0) AS rejects,
           l.title_rate, l.date_rate, l.authors_rate, l.captions_rate, l.quotes_rate, l.entities_rate,
           coalesce(r.rejects, 0) / (coalesce(l.articles, 0) + coalesce(r.rejects, 0)) AS reject_rate
    FROM loaded l
    FULL JOIN rejected r USING (source, day)
),
baseline AS (
    -- The source's own previous seven days are the yardstick; sites differ too much for one
    -- global threshold (a picture desk has captions on every story, a wire feed on none).
    SELECT *,
        sum(articles) OVER w AS base_articles,
        avg(title_rate) OVER w AS base_title, avg(date_rate) OVER w AS base_date,
        avg(authors_rate) OVER w AS base_authors, avg(captions_rate) OVER w AS base_captions,
        avg(quotes_rate) OVER w AS base_quotes, avg(entities_rate) OVER w AS base_entities,
        avg(reject_rate) OVER w AS base_reject
    FROM daily
    WINDOW w AS (PARTITION BY source ORDER BY day
                 RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING)
),
final AS (
    SELECT
        source, day, articles, rejects,
        round(title_rate, 3) AS title_rate,
        round(date_rate, 3) AS date_rate,
        round(authors_rate, 3) AS authors_rate,
        round(captions_rate, 3) AS captions_rate,
        round(quotes_rate, 3) AS quotes_rate,
        round(entities_rate, 3) AS entities_rate,
        round(reject_rate, 3) AS reject_rate,
        -- A drop is 0.3 below the previous week's average, judged only with 3+ articles behind it.
        CASE WHEN coalesce(base_articles, 0) < 3 THEN []::VARCHAR[] ELSE list_filter([
            CASE WHEN title_rate < base_title - 0.3 THEN 'title' END,
            CASE WHEN date_rate < base_date - 0.3 THEN 'date' END,
            CASE WHEN authors_rate < base_authors - 0.3 THEN 'authors' END,
            CASE WHEN captions_rate < base_captions - 0.3 THEN 'captions' END,
            CASE WHEN quotes_rate < base_quotes - 0.3 THEN 'quotes' END,
            CASE WHEN entities_rate < base_entities - 0.3 THEN 'entities' END,
            CASE WHEN reject_rate > base_reject + 0.3 THEN 'rejects' END
        ], lambda x: x IS NOT NULL) END AS dropped
    FROM baseline
)
SELECT * FROM final;
COMMENT ON VIEW extraction_health IS 'Extraction fill rates and reject rate per source and fetch day, with the metrics that dropped against the source''s previous 7 days. Grain: source, day.';
COMMENT ON COLUMN extraction_health.source IS 'Source name (articles.source, rejects.source); (unknown) when missing.';
COMMENT ON COLUMN extraction_health.day IS 'UTC date of the fetch (articles.fetched_at) or of the reject (rejects.rejected_at).';
COMMENT ON COLUMN extraction_health.articles IS 'Articles fetched that day (current version of each article).';
COMMENT ON COLUMN extraction_health.rejects IS 'Rejects that day, all stages (fetch, decode, extract, ...).';
COMMENT ON COLUMN extraction_health.title_rate IS 'Share of the day''s articles with a title, 0..1; NULL when no articles.';
COMMENT ON COLUMN extraction_health.date_rate IS 'Share with a publication date (published_at).';
COMMENT ON COLUMN extraction_health.authors_rate IS 'Share naming at least one author.';
COMMENT ON COLUMN extraction_health.captions_rate IS 'Share with at least one photo caption.';
COMMENT ON COLUMN extraction_health.quotes_rate IS 'Share with at least one quote.';
COMMENT ON COLUMN extraction_health.entities_rate IS 'Share with at least one entity.';
COMMENT ON COLUMN extraction_health.reject_rate IS 'rejects / (articles + rejects).';
COMMENT ON COLUMN extraction_health.dropped IS 'Metrics that fell 0.3 or more below the source''s average of the previous 7 days (reject rate: rose), judged only when those days hold 3+ articles: title, date, authors, captions, quotes, entities, rejects.';
