CREATE TABLE IF NOT EXISTS photo_captions (
    article_id     VARCHAR NOT NULL,
    ordinal        INTEGER NOT NULL,
    image_url      VARCHAR,
    caption        VARCHAR,
    credit         VARCHAR,
    photographer   VARCHAR,
    agency         VARCHAR,
    pool           BOOLEAN,
    alt_text       VARCHAR,
    is_lead_image  BOOLEAN,
    caption_source VARCHAR,
    PRIMARY KEY (article_id, ordinal)
);
COMMENT ON TABLE photo_captions IS 'Photos of an article with their captions and parsed credits; a caption printed twice is stored once. Grain: article_id, ordinal.';
COMMENT ON COLUMN photo_captions.article_id IS 'The article (articles.article_id).';
COMMENT ON COLUMN photo_captions.ordinal IS 'Position of the photo in the article, from 0.';
COMMENT ON COLUMN photo_captions.image_url IS 'Absolute image URL (the largest srcset variant when known).';
COMMENT ON COLUMN photo_captions.caption IS 'Caption text without the credit.';
COMMENT ON COLUMN photo_captions.credit IS 'The credit as printed, e.g. AP Photo/Alex Brandon, Pool.';
COMMENT ON COLUMN photo_captions.photographer IS 'Photographer named in the credit, if any.';
COMMENT ON COLUMN photo_captions.agency IS 'Normalised agency from the credit (AP, Reuters, dpa, AFP, Getty Images, ...), see seeds/agencies.csv.';
COMMENT ON COLUMN photo_captions.pool IS 'True for pool photos (", Pool" in the credit).';
COMMENT ON COLUMN photo_captions.alt_text IS 'The image''s alt text.';
COMMENT ON COLUMN photo_captions.is_lead_image IS 'True for the article''s lead (cover) image.';
COMMENT ON COLUMN photo_captions.caption_source IS 'Where the caption was found: figcaption, caption-class (an element whose class names a caption, next to its picture), beside-image (text in a small box with a picture: kept when it carries a credit or sits in the article''s container), data-attribute (data-caption on the img), json-ld, og:image:alt, text-pattern (a paragraph ending in a photo credit).';
