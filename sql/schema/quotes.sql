CREATE TABLE IF NOT EXISTS quotes (
    article_id        VARCHAR NOT NULL,
    ordinal           INTEGER NOT NULL,
    text              VARCHAR NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    partial           BOOLEAN,
    paragraph_index   INTEGER,
    speaker           VARCHAR,
    speaker_entity_id VARCHAR,
    speaker_type      VARCHAR,
    cue               VARCHAR,
    method            VARCHAR,
    confidence        DOUBLE,
    quote_hash        VARCHAR NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);
COMMENT ON TABLE quotes IS 'Direct quotations in article bodies with who said them. Grain: article_id, ordinal.';
COMMENT ON COLUMN quotes.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN quotes.ordinal IS 'Position of the quote in the article, from 0.';
COMMENT ON COLUMN quotes.text IS 'The quoted words without the quotation marks.';
COMMENT ON COLUMN quotes.char_start IS 'Start offset of text in articles.body.';
COMMENT ON COLUMN quotes.char_end IS 'End offset (exclusive) of text in articles.body.';
COMMENT ON COLUMN quotes.partial IS 'True for a partial quote woven into the sentence; false for a standalone utterance.';
COMMENT ON COLUMN quotes.paragraph_index IS 'Index of the body paragraph (articles.paragraphs, from 0) the quote starts in.';
COMMENT ON COLUMN quotes.speaker IS 'Who said it, with the fullest name the article uses; NULL when the article does not say.';
COMMENT ON COLUMN quotes.speaker_entity_id IS 'The speaker''s canonical entity (entities.entity_id), when linked.';
COMMENT ON COLUMN quotes.speaker_type IS 'person, org, or NULL when unknown.';
COMMENT ON COLUMN quotes.cue IS 'The speech verb or frame that attributes the quote (sagte, said, laut, according to, ...).';
COMMENT ON COLUMN quotes.method IS 'Name of the attribution rule that named the speaker.';
COMMENT ON COLUMN quotes.confidence IS 'Confidence of the attribution, 0..1.';
COMMENT ON COLUMN quotes.quote_hash IS 'Hash of the normalised quote text: the same quote in syndicated copies shares it.';
