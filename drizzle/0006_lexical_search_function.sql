-- Custom migration (drizzle-kit generate --custom): full-text matching that can use its index
-- under row-level security.
--
-- Under RLS, PostgreSQL may only evaluate a LEAKPROOF operator before the policy's owner check.
-- `@@` (ts_match_vq) is not LEAKPROOF, so for docsphere_app every search became a sequential
-- scan of all tenants' chunks with the match as a filter (measured: 6 ms as the owner, 70 ms as
-- docsphere_app on 30k chunks; BENCHMARKS.md). Marking a catalog function LEAKPROOF would need
-- a superuser and change the whole database; instead this function runs as the owner (like the
-- credential lookups in 0005) and applies the very same owner rule as the policy itself,
-- `owner_id = docsphere_current_user_id()`: a caller without app.user_id still sees nothing, and
-- a caller can never pass someone else's id, because there is no owner parameter to pass.
--
-- It matches, rechecks each chunk against the parse of its own text-search configuration
-- (p_queries[i] belongs to p_configs[i]; anything else uses the last, `simple`), and ranks with
-- ts_rank_cd against p_rank_queries (parsed the same way). The two differ for a relaxed query:
-- it matches "all words but two" as an OR of AND-groups, but ts_rank_cd's cost grows with the
-- query's size, so ranking by the group tree took 70 ms for 433 matches where the plain OR of
-- the words, which orders the same passages by how many words they hold and how close, takes
-- under 1 ms. The GIN probe uses the OR of the distinct match parses: languages often parse a
-- query alike, and every repeated branch makes the index evaluate a larger tree per candidate
-- (a relaxed 6-word query: 34 ms with all 8 parses, 11 ms with the distinct ones, at 100k
-- chunks). It returns the best p_limit (ties by id, as the caller orders them), so the ranked
-- set is never materialised for the caller to sort again; p_document_ids (NULL = all) narrows
-- the chunks before they are ranked, so a filtered search ranks only what it can return.
CREATE OR REPLACE FUNCTION docsphere_lexical_matches(
  p_configs regconfig[],
  p_queries tsquery[],
  p_rank_queries tsquery[],
  p_document_ids uuid[],
  p_limit integer
)
  RETURNS TABLE (id text, score real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  ROWS 50
  AS $$
    SELECT c.id, ts_rank_cd(c.search_vector, own.rank)
    FROM chunks c
    CROSS JOIN LATERAL (
      SELECT coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs)) AS i
    ) cfg
    CROSS JOIN LATERAL (SELECT p_queries[cfg.i] AS q, p_rank_queries[cfg.i] AS rank) own
    WHERE c.owner_id = docsphere_current_user_id()
      AND c.search_vector @@ (
        SELECT coalesce(string_agg(DISTINCT '(' || q::text || ')', ' | '), '')::tsquery
        FROM unnest(p_queries) AS q WHERE numnode(q) > 0
      )
      AND (p_document_ids IS NULL OR c.document_id IN (SELECT unnest(p_document_ids)))
      AND c.search_vector @@ own.q
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_lexical_matches(regconfig[], tsquery[], tsquery[], uuid[], integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_lexical_matches(regconfig[], tsquery[], tsquery[], uuid[], integer) TO docsphere_app;
--> statement-breakpoint
-- Ranking reads every matching chunk's tsvector. With the default EXTENDED storage, wide rows
-- pushed it out of line into TOAST, which tripled the buffers a common-term search touched
-- (21k against 6k for 8k matches at 100k chunks). MAIN keeps it in the row (compressed) and
-- moves the text columns out first. Applies to rows written from now on; reprocessing or
-- VACUUM FULL rewrites older ones.
ALTER TABLE chunks ALTER COLUMN search_vector SET STORAGE MAIN;
