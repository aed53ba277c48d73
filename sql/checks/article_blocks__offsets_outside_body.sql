-- severity: error
SELECT b.article_id, b.seq, b.body_start, b.body_end
FROM article_blocks b JOIN articles a USING (article_id)
WHERE b.body_start IS NOT NULL
  AND (b.body_start < 0 OR b.body_end > length(a.body) OR b.body_start > b.body_end);
