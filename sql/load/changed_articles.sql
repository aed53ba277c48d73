-- reads: batch_articles
-- The batch's articles that are new or whose content changed (temp table batch_changed, which
-- children.sql reads and done_batch.sql drops); returns how many.
CREATE OR REPLACE TEMP TABLE batch_changed AS
SELECT b.article_id FROM batch_articles b LEFT JOIN articles a USING (article_id)
WHERE a.article_id IS NULL OR a.content_hash <> b.content_hash;
SELECT count(*) FROM batch_changed;
