-- Extraction health of one fetch day: $day if anything was fetched then, else the latest fetch
-- day before it, else the latest there is (a digest of an old day still shows the crawl's state).
WITH pick AS (
    SELECT coalesce(
        (SELECT max(day) FROM extraction_health WHERE day <= $day),
        (SELECT max(day) FROM extraction_health)) AS day
)
SELECT h.*
FROM extraction_health h
JOIN pick USING (day)
ORDER BY len(h.dropped) DESC, h.source
