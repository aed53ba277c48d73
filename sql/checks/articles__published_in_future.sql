-- severity: error
-- A publication date after the fetch means a misread date (the extractor should have refused it).
SELECT article_id, url, published_at, fetched_at FROM articles
WHERE published_at > coalesce(fetched_at, now()) + INTERVAL 1 DAY;
