-- severity: warn
-- An entity no article mentions any more (its articles were re-extracted without it).
SELECT e.entity_id, e.name, e.type FROM entities e ANTI JOIN article_entities ae USING (entity_id);
