-- reads: batch_entities
-- Upsert canonical entities (view batch_entities). Aliases accumulate; first_seen keeps the
-- earliest publication date. Loading the same batch twice leaves the rows as they were.
INSERT INTO entities BY NAME
SELECT * FROM batch_entities
ON CONFLICT (entity_id) DO UPDATE SET
    aliases = list_sort(list_distinct(list_concat(entities.aliases, excluded.aliases))),
    first_seen = least(entities.first_seen, excluded.first_seen),
    last_seen = greatest(entities.last_seen, excluded.last_seen);
