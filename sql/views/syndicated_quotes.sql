-- The same quote (same normalised text, quote_hash) printed in more than one article: agency
-- copy reused by several outlets, or one statement picked up widely.
CREATE OR REPLACE VIEW syndicated_quotes AS
WITH source AS (
    SELECT q.quote_hash, q.text, q.speaker, q.article_id, d.source AS outlet, d.day
    FROM quotes q
    JOIN article_days d USING (article_id)
),
grouped AS (
    SELECT
        quote_hash,
        -- Copies share the hash but may differ in typography; show the longest as printed.
        first(text ORDER BY length(text) DESC, text) AS text,
        mode(speaker) AS speaker,
        count(DISTINCT article_id) AS articles,
        count(DISTINCT outlet) AS sources,
        list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS source_list,
        min(day) AS first_seen,
        max(day) AS last_seen
    FROM source
    GROUP BY quote_hash
),
final AS (
    SELECT * FROM grouped WHERE articles > 1
)
SELECT * FROM final;
COMMENT ON VIEW syndicated_quotes IS 'Quotes that appear in more than one article (same quote_hash), with where and when. Grain: quote_hash.';
COMMENT ON COLUMN syndicated_quotes.quote_hash IS 'Hash of the normalised quote text (quotes.quote_hash).';
COMMENT ON COLUMN syndicated_quotes.text IS 'The quote (longest printed form).';
COMMENT ON COLUMN syndicated_quotes.speaker IS 'The speaker most articles name; NULL when none do.';
COMMENT ON COLUMN syndicated_quotes.articles IS 'Articles printing the quote (always 2 or more).';
COMMENT ON COLUMN syndicated_quotes.sources IS 'Sources (articles.source) printing it.';
COMMENT ON COLUMN syndicated_quotes.source_list IS 'Those sources, sorted.';
COMMENT ON COLUMN syndicated_quotes.first_seen IS 'Day of the first article with the quote (see article_days).';
COMMENT ON COLUMN syndicated_quotes.last_seen IS 'Day of the latest article with the quote.';
