-- quotes rows of the articles whose day (article_days) lies in [$since, $until].
SELECT c.*, d.day
FROM quotes c
JOIN article_days d USING (article_id)
WHERE d.day BETWEEN $since AND $until
