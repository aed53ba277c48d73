-- reads: reprocess_ids
-- A digest of what each article (view reprocess_ids) holds per table, to tell what a reload
-- changed: compare the digests before and after. NULL: no row (no article, or no child rows).
WITH ids AS (SELECT DISTINCT article_id FROM reprocess_ids)
SELECT i.article_id,
       md5(a.body) AS body,
       (SELECT md5(string_agg(to_json(b)::VARCHAR, chr(10) ORDER BY b.seq))
          FROM article_blocks b WHERE b.article_id = i.article_id) AS article_blocks,
       (SELECT md5(string_agg(to_json(c)::VARCHAR, chr(10) ORDER BY c.ordinal))
          FROM photo_captions c WHERE c.article_id = i.article_id) AS photo_captions,
       (SELECT md5(string_agg(to_json(q)::VARCHAR, chr(10) ORDER BY q.ordinal))
          FROM quotes q WHERE q.article_id = i.article_id) AS quotes,
       (SELECT md5(string_agg(to_json(e)::VARCHAR, chr(10) ORDER BY e.entity_id))
          FROM article_entities e WHERE e.article_id = i.article_id) AS article_entities,
       a.extractor_version
FROM ids i LEFT JOIN articles a USING (article_id)
ORDER BY i.article_id;
