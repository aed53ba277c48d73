-- Articles per day, source and language: the first chart anyone asks for.
CREATE OR REPLACE VIEW daily_articles AS
WITH source AS (
    SELECT d.day, d.source, d.language, d.word_count, a.authors, a.agency_byline
    FROM article_days d
    JOIN articles a USING (article_id)
),
renamed AS (
    SELECT
        day,
        coalesce(source, '(unknown)') AS source,
        coalesce(language, '(unknown)') AS language,
        coalesce(word_count, 0) AS word_count,
        len(coalesce(authors, [])) > 0 AS has_author,
        agency_byline IS NOT NULL AS has_agency
    FROM source
),
final AS (
    SELECT
        day,
        source,
        language,
        count(*) AS articles,
        count(*) FILTER (WHERE has_author) AS with_author,
        count(*) FILTER (WHERE has_agency) AS agency_copy,
        sum(word_count)::BIGINT AS words
    FROM renamed
    GROUP BY day, source, language
)
SELECT * FROM final;
COMMENT ON VIEW daily_articles IS 'Articles per day, source and language (day as in article_days). Grain: day, source, language.';
COMMENT ON COLUMN daily_articles.day IS 'UTC publication date (fetch date when undated), see article_days.';
COMMENT ON COLUMN daily_articles.source IS 'Source name; (unknown) when the article has none.';
COMMENT ON COLUMN daily_articles.language IS 'ISO 639-1 language; (unknown) when not detected.';
COMMENT ON COLUMN daily_articles.articles IS 'Number of articles.';
COMMENT ON COLUMN daily_articles.with_author IS 'Articles that name at least one author.';
COMMENT ON COLUMN daily_articles.agency_copy IS 'Articles with a news agency in the byline (agency_byline).';
COMMENT ON COLUMN daily_articles.words IS 'Total body words of these articles.';
