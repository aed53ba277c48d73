-- How much each entity is in the news, day by day: the raw material for trend charts.
CREATE OR REPLACE VIEW entity_mentions_daily AS
WITH source AS (
    SELECT ae.*, d.day, d.source AS outlet, e.name AS canonical_name
    FROM article_entities ae
    JOIN article_days d USING (article_id)
    LEFT JOIN entities e USING (entity_id)
),
renamed AS (
    SELECT
        day,
        entity_id,
        coalesce(canonical_name, name) AS name,
        type,
        article_id,
        outlet,
        coalesce(mention_count, 0) AS mentions,
        coalesce(caption_mentions, 0) AS caption_mentions,
        coalesce(in_title, false) AS in_title
    FROM source
),
final AS (
    SELECT
        day,
        entity_id,
        min(name) AS name,
        min(type) AS type,
        count(DISTINCT article_id) AS articles,
        count(DISTINCT outlet) AS sources,
        sum(mentions)::BIGINT AS mentions,
        sum(caption_mentions)::BIGINT AS caption_mentions,
        count(*) FILTER (WHERE in_title) AS title_articles
    FROM renamed
    GROUP BY day, entity_id
)
SELECT * FROM final;
COMMENT ON VIEW entity_mentions_daily IS 'Entity mentions per day: articles, sources and mention counts. Grain: day, entity_id.';
COMMENT ON COLUMN entity_mentions_daily.day IS 'Article day (see article_days).';
COMMENT ON COLUMN entity_mentions_daily.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN entity_mentions_daily.name IS 'Canonical entity name.';
COMMENT ON COLUMN entity_mentions_daily.type IS 'PER, ORG or LOC.';
COMMENT ON COLUMN entity_mentions_daily.articles IS 'Articles of that day mentioning the entity (body, title, lead or captions).';
COMMENT ON COLUMN entity_mentions_daily.sources IS 'Sources (articles.source) with such an article.';
COMMENT ON COLUMN entity_mentions_daily.mentions IS 'Mentions in titles, leads and bodies (article_entities.mention_count summed).';
COMMENT ON COLUMN entity_mentions_daily.caption_mentions IS 'Mentions in photo captions, counted apart.';
COMMENT ON COLUMN entity_mentions_daily.title_articles IS 'Articles naming the entity in the headline.';
