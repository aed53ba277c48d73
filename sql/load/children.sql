-- reads: batch_blocks, batch_captions, batch_quotes, batch_article_entities
-- Replace the child rows of the batch's articles (views batch_articles, batch_blocks,
-- batch_captions, batch_quotes, batch_article_entities). Only articles whose content changed
-- (or are new) are touched: their run_id is the current one after the upsert.
DELETE FROM article_blocks WHERE article_id IN (SELECT article_id FROM batch_changed);
DELETE FROM photo_captions WHERE article_id IN (SELECT article_id FROM batch_changed);
DELETE FROM quotes WHERE article_id IN (SELECT article_id FROM batch_changed);
DELETE FROM article_entities WHERE article_id IN (SELECT article_id FROM batch_changed);
INSERT INTO article_blocks BY NAME
    SELECT * FROM batch_blocks WHERE article_id IN (SELECT article_id FROM batch_changed);
INSERT INTO photo_captions BY NAME
    SELECT * FROM batch_captions WHERE article_id IN (SELECT article_id FROM batch_changed);
INSERT INTO quotes BY NAME
    SELECT * FROM batch_quotes WHERE article_id IN (SELECT article_id FROM batch_changed);
INSERT INTO article_entities BY NAME
    SELECT * FROM batch_article_entities WHERE article_id IN (SELECT article_id FROM batch_changed);
