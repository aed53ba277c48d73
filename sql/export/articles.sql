-- Articles whose day (article_days: publication date, else fetch date) lies in [$since, $until].
SELECT a.*, d.day
FROM articles a
JOIN article_days d USING (article_id)
WHERE d.day BETWEEN $since AND $until
