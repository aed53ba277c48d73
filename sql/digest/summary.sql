-- Key numbers of day $day: articles, sources, quotes, named speakers, entities, photos, and the
-- rejects of that fetch day.
WITH day_articles AS (
    SELECT article_id, source FROM article_days WHERE day = $day
)
SELECT
    (SELECT count(*) FROM day_articles) AS articles,
    (SELECT count(DISTINCT source) FROM day_articles) AS sources,
    (SELECT count(*) FROM quotes WHERE article_id IN (SELECT article_id FROM day_articles)) AS quotes,
    (SELECT count(DISTINCT coalesce(speaker_entity_id, speaker)) FROM quotes
      WHERE article_id IN (SELECT article_id FROM day_articles)) AS speakers,
    (SELECT count(DISTINCT entity_id) FROM article_entities
      WHERE article_id IN (SELECT article_id FROM day_articles)) AS entities,
    (SELECT count(*) FROM photo_captions WHERE article_id IN (SELECT article_id FROM day_articles)) AS photos,
    (SELECT count(*) FROM rejects WHERE (rejected_at AT TIME ZONE 'UTC')::DATE = $day) AS rejects
