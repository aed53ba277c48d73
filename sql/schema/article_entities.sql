CREATE TABLE IF NOT EXISTS article_entities (
    article_id       VARCHAR NOT NULL,
    entity_id        VARCHAR NOT NULL,
    name             VARCHAR NOT NULL,
    type             VARCHAR NOT NULL,
    mention_count    INTEGER NOT NULL,
    caption_mentions INTEGER NOT NULL,
    first_offset     INTEGER,
    surface_forms    VARCHAR[],
    in_title         BOOLEAN,
    in_lead          BOOLEAN,
    PRIMARY KEY (article_id, entity_id)
);
COMMENT ON TABLE article_entities IS 'Which entities an article is about, with mention counts. Grain: article_id, entity_id.';
COMMENT ON COLUMN article_entities.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_entities.entity_id IS 'The entity (entities.entity_id).';
COMMENT ON COLUMN article_entities.name IS 'Canonical name of the entity in this article (fullest form used).';
COMMENT ON COLUMN article_entities.type IS 'PER, ORG or LOC.';
COMMENT ON COLUMN article_entities.mention_count IS 'Mentions in the body; title, lead and captions are counted apart (in_title, in_lead, caption_mentions), so 0 means named only there.';
COMMENT ON COLUMN article_entities.caption_mentions IS 'Mentions inside photo captions, counted apart so body mentions stay clean.';
COMMENT ON COLUMN article_entities.first_offset IS 'Offset of the first body mention in articles.body; NULL when only in title, lead or captions.';
COMMENT ON COLUMN article_entities.surface_forms IS 'The forms the article used (Blinken, Antony Blinken, ...).';
COMMENT ON COLUMN article_entities.in_title IS 'True when the entity is mentioned in the title.';
COMMENT ON COLUMN article_entities.in_lead IS 'True when the entity is mentioned in the lead (or first paragraph).';
