-- severity: error
SELECT ae.article_id, ae.entity_id FROM article_entities ae ANTI JOIN entities e USING (entity_id);
