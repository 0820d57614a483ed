-- Grows the demo catalog to a province's size: :copies numbered copies of every published demo item (same words,
-- same search_text shape, a number appended), so the search index holds ~50,000 published items. Bench only.
SELECT format(
  'INSERT INTO item_versions (%s) SELECT %s FROM item_versions s CROSS JOIN generate_series(1, %s) n WHERE s.status = ''Published'' AND position(''#'' in s.code) = 0',
  string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
  string_agg(CASE column_name
      WHEN 'code' THEN 's.code || ''#'' || n'
      WHEN 'name' THEN 's.name || '' '' || n'
      WHEN 'search_text' THEN 's.search_text || '' '' || n'
      -- the copy's grams: the source's plus the characters and pairs of the appended number (as ItemSearchText.Grams makes them)
      WHEN 'search_grams' THEN 'ARRAY(SELECT DISTINCT g FROM unnest(s.search_grams || ARRAY(SELECT substr(n::text, i, k) FROM generate_series(1, length(n::text)) i, generate_series(1, 2) k WHERE i + k - 1 <= length(n::text))) g)'
      ELSE 's.' || quote_ident(column_name) END, ', ' ORDER BY ordinal_position),
  :copies)
FROM information_schema.columns
WHERE table_schema = 'public' AND table_name = 'item_versions' AND column_name <> 'id'
\gexec
ANALYZE item_versions;
