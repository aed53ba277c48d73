-- Pairs of entities named in the same article. Each unordered pair appears once (a < b by
-- entity_id), so counts are not doubled.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH source AS (
    SELECT ae.article_id, ae.entity_id, coalesce(e.name, ae.name) AS name, ae.type, d.day
    FROM article_entities ae
    JOIN article_days d USING (article_id)
    LEFT JOIN entities e USING (entity_id)
),
pairs AS (
    SELECT
        a.entity_id AS entity_id_a, a.name AS name_a, a.type AS type_a,
        b.entity_id AS entity_id_b, b.name AS name_b, b.type AS type_b,
        a.article_id, a.day
    FROM source a
    JOIN source b ON a.article_id = b.article_id AND a.entity_id < b.entity_id
),
final AS (
    SELECT
        entity_id_a,
        min(name_a) AS name_a,
        min(type_a) AS type_a,
        entity_id_b,
        min(name_b) AS name_b,
        min(type_b) AS type_b,
        count(DISTINCT article_id) AS articles,
        min(day) AS first_seen,
        max(day) AS last_seen
    FROM pairs
    GROUP BY entity_id_a, entity_id_b
)
SELECT * FROM final;
COMMENT ON VIEW entity_cooccurrence IS 'Pairs of entities named in the same article, with the number of such articles. Each pair once, entity_id_a < entity_id_b. Grain: entity_id_a, entity_id_b.';
COMMENT ON COLUMN entity_cooccurrence.entity_id_a IS 'First entity of the pair (entities.entity_id), the smaller id.';
COMMENT ON COLUMN entity_cooccurrence.name_a IS 'Canonical name of the first entity.';
COMMENT ON COLUMN entity_cooccurrence.type_a IS 'Type of the first entity: PER, ORG or LOC.';
COMMENT ON COLUMN entity_cooccurrence.entity_id_b IS 'Second entity of the pair (entities.entity_id), the larger id.';
COMMENT ON COLUMN entity_cooccurrence.name_b IS 'Canonical name of the second entity.';
COMMENT ON COLUMN entity_cooccurrence.type_b IS 'Type of the second entity: PER, ORG or LOC.';
COMMENT ON COLUMN entity_cooccurrence.articles IS 'Articles naming both entities.';
COMMENT ON COLUMN entity_cooccurrence.first_seen IS 'Day of the first such article (see article_days).';
COMMENT ON COLUMN entity_cooccurrence.last_seen IS 'Day of the latest such article.';
