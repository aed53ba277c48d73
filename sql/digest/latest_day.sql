-- The default digest day: the latest day with articles.
SELECT max(day) FROM article_days
