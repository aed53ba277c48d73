-- The $limit most-quoted speakers of day $day, each with one quote (the longest full quote) and
-- the source it ran in. Grouped like quotes_by_speaker: by entity when linked, else by name.
WITH source AS (
    SELECT q.*, d.source AS outlet, e.name AS entity_name
    FROM quotes q
    JOIN article_days d USING (article_id)
    LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
    WHERE d.day = $day AND (q.speaker IS NOT NULL OR q.speaker_entity_id IS NOT NULL)
)
SELECT
    min(coalesce(entity_name, speaker)) AS speaker,
    count(*) AS quotes,
    count(DISTINCT article_id) AS articles,
    first(text ORDER BY coalesce(partial, false), length(text) DESC, article_id, ordinal) AS quote,
    first(outlet ORDER BY coalesce(partial, false), length(text) DESC, article_id, ordinal) AS source
FROM source
GROUP BY coalesce(speaker_entity_id, 'name:' || speaker)
ORDER BY quotes DESC, articles DESC, speaker
LIMIT $limit
