-- The end of a batch's load: drop what changed_articles.sql made.
DROP TABLE IF EXISTS batch_changed;
