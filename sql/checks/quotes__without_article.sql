-- severity: error
SELECT q.article_id, q.ordinal FROM quotes q ANTI JOIN articles a USING (article_id);
