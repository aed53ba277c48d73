-- severity: error
-- article_id is the hash of canonical_url, so two rows with one canonical URL mean the key broke.
SELECT canonical_url, count(*) AS copies FROM articles GROUP BY canonical_url HAVING count(*) > 1;
