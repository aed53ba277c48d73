-- Entities are a dimension, not events: export every entity that the range's articles mention or
-- quote, whole, in one file (no day partition), so the export is self-contained.
SELECT e.*
FROM entities e
WHERE e.entity_id IN (
    SELECT ae.entity_id FROM article_entities ae JOIN article_days d USING (article_id)
    WHERE d.day BETWEEN $since AND $until
    UNION
    SELECT q.speaker_entity_id FROM quotes q JOIN article_days d USING (article_id)
    WHERE d.day BETWEEN $since AND $until AND q.speaker_entity_id IS NOT NULL
)
