-- Custom migration (drizzle-kit generate --custom): the same matches as 0006, less work per row.
--
-- Every matching chunk is fetched and ranked, so for a common word (25k of 100k chunks match
-- `table` in the bench) the per-row filter is most of the cost. 0006 evaluated, for each row:
--   * `docsphere_current_user_id()`, i.e. current_setting() and a text-to-uuid cast. It is now
--     an InitPlan, computed once per statement (`(SELECT ...)`), still the policy's own rule.
--   * a second `@@` against the parse of the chunk's own configuration. That recheck is only
--     needed when the configurations parse the query differently (`tabl` in English, `table`
--     in simple); when every parse is the same, the GIN probe already is the chunk's own
--     query, so the recheck is skipped (an empty parse, all stop words, counts as a different
--     one). Measured as the owner, the function alone, mean of 5 interleaved runs at 100k chunks:
--     `duck` (one distinct parse, 17k matches) 49 → 41 ms, `table` (two, 25k) 64 → 56 ms.
-- Tried and dropped: one index probe per distinct parse, each restricted to its own
-- configurations, which needs no recheck at all. It was faster for single words, but the
-- parses of a long relaxed query share most of their words, so each shared match was fetched
-- once per parse (52k heap blocks against 15k for a six-word OR).
-- Results are identical to 0006 on every tier of the bench's 36 queries (same ids, same scores).
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
    WITH probe AS (
      SELECT coalesce(string_agg(DISTINCT '(' || q::text || ')', ' | ') FILTER (WHERE numnode(q) > 0), '')::tsquery AS q,
             count(DISTINCT q) = 1 AS single_parse
      FROM unnest(p_queries) AS q
    )
    SELECT c.id, ts_rank_cd(c.search_vector, p_rank_queries[coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs))])
    FROM probe, chunks c
    WHERE c.owner_id = (SELECT docsphere_current_user_id())
      AND c.search_vector @@ probe.q
      AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
      AND (probe.single_parse OR c.search_vector @@ p_queries[coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs))])
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
