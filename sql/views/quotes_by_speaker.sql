-- Who is quoted, how often and where. Speakers linked to an entity are grouped by the entity, so
-- "Blinken" and "Antony Blinken" count as one; unlinked speakers are grouped by the name as written.
CREATE OR REPLACE VIEW quotes_by_speaker AS
WITH source AS (
    SELECT q.article_id, q.ordinal, q.text, q.partial, q.speaker, q.speaker_entity_id,
           d.day, d.source AS outlet, e.name AS entity_name
    FROM quotes q
    JOIN article_days d USING (article_id)
    LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
    WHERE q.speaker IS NOT NULL OR q.speaker_entity_id IS NOT NULL
),
renamed AS (
    SELECT
        coalesce(speaker_entity_id, 'name:' || speaker) AS speaker_key,
        speaker_entity_id,
        coalesce(entity_name, speaker) AS speaker,
        article_id,
        ordinal,
        outlet,
        day,
        text,
        coalesce(partial, false) AS partial
    FROM source
),
final AS (
    SELECT
        speaker_key,
        any_value(speaker_entity_id) AS speaker_entity_id,
        -- The entity name is the same on every row; for unlinked speakers the key is the name.
        min(speaker) AS speaker,
        count(*) AS quotes,
        count(DISTINCT article_id) AS articles,
        count(DISTINCT outlet) AS sources,
        min(day) AS first_seen,
        max(day) AS last_seen,
        -- A whole sentence says more than a fragment: prefer full quotes, then the longest.
        first(text ORDER BY partial, length(text) DESC, article_id, ordinal) AS sample_quote
    FROM renamed
    GROUP BY speaker_key
)
SELECT * FROM final;
COMMENT ON VIEW quotes_by_speaker IS 'Quoted speakers with quote counts and a sample quote. Linked speakers are grouped by entity, unlinked ones by name. Grain: speaker_key.';
COMMENT ON COLUMN quotes_by_speaker.speaker_key IS 'The speaker entity id, or name: plus the speaker as written when the speaker is not linked to an entity.';
COMMENT ON COLUMN quotes_by_speaker.speaker_entity_id IS 'The speaker''s entity (entities.entity_id); NULL when not linked.';
COMMENT ON COLUMN quotes_by_speaker.speaker IS 'Canonical entity name, or the speaker name as the article wrote it.';
COMMENT ON COLUMN quotes_by_speaker.quotes IS 'Number of quotes attributed to the speaker.';
COMMENT ON COLUMN quotes_by_speaker.articles IS 'Number of articles quoting the speaker.';
COMMENT ON COLUMN quotes_by_speaker.sources IS 'Number of sources (articles.source) quoting the speaker.';
COMMENT ON COLUMN quotes_by_speaker.first_seen IS 'Day of the earliest article quoting the speaker (see article_days).';
COMMENT ON COLUMN quotes_by_speaker.last_seen IS 'Day of the latest article quoting the speaker.';
COMMENT ON COLUMN quotes_by_speaker.sample_quote IS 'One quote: the longest full (non-partial) one, else the longest fragment.';
