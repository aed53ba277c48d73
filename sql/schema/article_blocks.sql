CREATE TABLE IF NOT EXISTS article_blocks (
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    role       VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    xpath      VARCHAR,
    reason     VARCHAR,
    body_start INTEGER,
    body_end   INTEGER,
    PRIMARY KEY (article_id, seq)
);
COMMENT ON TABLE article_blocks IS 'Every text block of an article page with its role: what went into the body and what was dropped, and why. Grain: article_id, seq.';
COMMENT ON COLUMN article_blocks.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN article_blocks.seq IS 'Position of the block in document order, from 0.';
COMMENT ON COLUMN article_blocks.role IS 'headline, lead, body, subheading, caption, credit, teaser, promo, author_box, paywall or boilerplate.';
COMMENT ON COLUMN article_blocks.text IS 'The block''s text.';
COMMENT ON COLUMN article_blocks.xpath IS 'Where the block sits in the page DOM.';
COMMENT ON COLUMN article_blocks.reason IS 'Which signal decided the role (e.g. figcaption, all-caps-link, promo-phrase, class:related).';
COMMENT ON COLUMN article_blocks.body_start IS 'Start offset of the block in articles.body (body and subheading blocks only).';
COMMENT ON COLUMN article_blocks.body_end IS 'End offset (exclusive) of the block in articles.body.';
