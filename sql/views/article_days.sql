-- One row per article with the calendar day it belongs to. Every other analyst view and the
-- Parquet export take their day from here, so "the day of an article" has one definition.
-- apply_schema creates views in file-name order, and a view must exist before the views that
-- read it: this file's name sorts first in sql/views/; keep it so.
-- Days are UTC dates: a TIMESTAMPTZ cast to DATE would follow the session's TimeZone setting
-- and give different answers on different machines.
CREATE OR REPLACE VIEW article_days AS
WITH source AS (
    SELECT * FROM articles
),
renamed AS (
    SELECT
        article_id,
        source,
        language,
        site_name,
        title,
        published_at,
        fetched_at,
        word_count,
        (coalesce(published_at, fetched_at, updated_at) AT TIME ZONE 'UTC')::DATE AS day,
        CASE WHEN published_at IS NOT NULL THEN 'published'
             WHEN fetched_at IS NOT NULL THEN 'fetched'
             ELSE 'loaded' END AS day_source
    FROM source
),
final AS (
    SELECT article_id, day, day_source, source, language, site_name, title, published_at, fetched_at,
           word_count
    FROM renamed
)
SELECT * FROM final;
COMMENT ON VIEW article_days IS 'One row per article with the day it belongs to (UTC date of published_at, else of fetched_at). The other views and the Parquet export use this day. Grain: article_id.';
COMMENT ON COLUMN article_days.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_days.day IS 'UTC date of publication; the fetch date when the page states no publication date.';
COMMENT ON COLUMN article_days.day_source IS 'Which timestamp gave the day: published, fetched, or loaded (updated_at, last resort).';
COMMENT ON COLUMN article_days.source IS 'Name of the source the page came from (articles.source).';
COMMENT ON COLUMN article_days.language IS 'ISO 639-1 language of the body.';
COMMENT ON COLUMN article_days.site_name IS 'Publisher / site name as the page states it.';
COMMENT ON COLUMN article_days.title IS 'Headline.';
COMMENT ON COLUMN article_days.published_at IS 'First publication time (UTC); NULL when unknown.';
COMMENT ON COLUMN article_days.fetched_at IS 'When the raw page was fetched (UTC).';
COMMENT ON COLUMN article_days.word_count IS 'Number of words in the body.';
