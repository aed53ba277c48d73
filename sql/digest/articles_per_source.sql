-- Articles per source on day $day, most first.
SELECT source, sum(articles)::BIGINT AS articles
FROM daily_articles
WHERE day = $day
GROUP BY source
ORDER BY articles DESC, source
