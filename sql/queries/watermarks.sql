-- The watermark (last complete day) of each of the sources $keys that has one.
SELECT source_key, last_day FROM watermarks WHERE list_contains($keys, source_key);
