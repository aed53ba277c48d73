-- severity: error
-- An article row must carry body text; a page without one belongs in rejects.
SELECT article_id, url FROM articles WHERE body IS NULL OR trim(body) = '';
