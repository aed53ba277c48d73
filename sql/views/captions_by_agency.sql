-- Whose pictures run where: photos per agency and photographer, with how many sources used them.
CREATE OR REPLACE VIEW captions_by_agency AS
WITH source AS (
    SELECT pc.article_id, pc.ordinal, pc.agency, pc.photographer, pc.pool, pc.credit, d.day,
           d.source AS outlet
    FROM photo_captions pc
    JOIN article_days d USING (article_id)
),
renamed AS (
    SELECT
        coalesce(agency, '(none)') AS agency,
        coalesce(photographer, '(unnamed)') AS photographer,
        article_id,
        outlet,
        day,
        coalesce(pool, false) AS pool,
        credit IS NOT NULL AS credited
    FROM source
),
final AS (
    SELECT
        agency,
        photographer,
        count(*) AS photos,
        count(DISTINCT article_id) AS articles,
        count(DISTINCT outlet) AS sources,
        count(*) FILTER (WHERE pool) AS pool_photos,
        count(*) FILTER (WHERE credited) AS credited_photos,
        min(day) AS first_seen,
        max(day) AS last_seen
    FROM renamed
    GROUP BY agency, photographer
)
SELECT * FROM final;
COMMENT ON VIEW captions_by_agency IS 'Photos per agency and photographer, with the number of articles and sources that ran them. Grain: agency, photographer.';
COMMENT ON COLUMN captions_by_agency.agency IS 'Normalised agency from the credit; (none) when the credit names no agency or there is no credit.';
COMMENT ON COLUMN captions_by_agency.photographer IS 'Photographer from the credit; (unnamed) when the credit names none.';
COMMENT ON COLUMN captions_by_agency.photos IS 'Number of photos (photo_captions rows).';
COMMENT ON COLUMN captions_by_agency.articles IS 'Articles with at least one such photo.';
COMMENT ON COLUMN captions_by_agency.sources IS 'Sources (articles.source) that ran such a photo.';
COMMENT ON COLUMN captions_by_agency.pool_photos IS 'Pool photos among them.';
COMMENT ON COLUMN captions_by_agency.credited_photos IS 'Photos with a printed credit.';
COMMENT ON COLUMN captions_by_agency.first_seen IS 'Day of the first article with such a photo (see article_days).';
COMMENT ON COLUMN captions_by_agency.last_seen IS 'Day of the latest article with such a photo.';
