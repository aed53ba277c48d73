-- severity: error
-- Quote offsets must index the article body, and the text there must be the quote.
SELECT q.article_id, q.ordinal, q.char_start, q.char_end
FROM quotes q JOIN articles a USING (article_id)
WHERE q.char_start < 0 OR q.char_end > length(a.body) OR q.char_start >= q.char_end
   OR substring(a.body, q.char_start + 1, q.char_end - q.char_start) <> q.text;
