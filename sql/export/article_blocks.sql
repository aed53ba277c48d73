-- article_blocks rows of the articles whose day (article_days) lies in [$since, $until].
SELECT c.*, d.day
FROM article_blocks c
JOIN article_days d USING (article_id)
WHERE d.day BETWEEN $since AND $until
