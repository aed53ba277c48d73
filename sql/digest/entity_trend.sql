-- Articles per day over the 14 days ending $day for the $limit entities most in the news then.
WITH window_days AS (
    SELECT * FROM entity_mentions_daily WHERE day BETWEEN $day - INTERVAL 13 DAYS AND $day
),
top AS (
    SELECT entity_id, min(name) AS name, sum(articles) AS total
    FROM window_days
    GROUP BY entity_id
    ORDER BY total DESC, name
    LIMIT $limit
)
SELECT t.name, w.day, w.articles
FROM top t
JOIN window_days w USING (entity_id)
ORDER BY t.total DESC, t.name, w.day
