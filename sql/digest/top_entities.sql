-- The $limit entities in the most articles on day $day.
SELECT name, type, articles, mentions
FROM entity_mentions_daily
WHERE day = $day
ORDER BY articles DESC, mentions DESC, name
LIMIT $limit
