CREATE TABLE IF NOT EXISTS entities (
    entity_id  VARCHAR PRIMARY KEY,
    key        VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    aliases    VARCHAR[],
    first_seen TIMESTAMPTZ,
    last_seen  TIMESTAMPTZ
);
COMMENT ON TABLE entities IS 'Canonical named entities (people, organisations, places) across all articles. Grain: entity_id.';
COMMENT ON COLUMN entities.entity_id IS 'Deterministic id: hash of key.';
COMMENT ON COLUMN entities.key IS 'Normalised key: type and casefolded canonical name.';
COMMENT ON COLUMN entities.name IS 'Canonical (fullest) name.';
COMMENT ON COLUMN entities.type IS 'PER, ORG or LOC.';
COMMENT ON COLUMN entities.aliases IS 'Surface forms seen for this entity across articles.';
COMMENT ON COLUMN entities.first_seen IS 'Earliest publication time (UTC) of a loaded article that names the entity; null when none has a date.';
COMMENT ON COLUMN entities.last_seen IS 'Latest publication time (UTC) of a loaded article that names the entity; null when none has a date.';
