-- reads: batch_raw_pages
-- One row per fetch (view batch_raw_pages); a repeated load of the same fetch is ignored.
INSERT INTO raw_pages BY NAME
SELECT * FROM batch_raw_pages
ON CONFLICT (fetch_id) DO NOTHING;
