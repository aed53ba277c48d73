-- severity: error
SELECT c.article_id, c.ordinal FROM photo_captions c ANTI JOIN articles a USING (article_id);
