-- Exact BM25 scoring of a candidate chunk, about twice as cheap (migration 0019). Both scoring
-- functions cut a chunk's tsvector down to the query's lexemes before reading their positions.
-- 0017 and 0018 cut by deleting the complement, ts_delete(v, tsvector_to_array(ts_delete(v,
-- terms))): one text datum and one binary search per lexeme of the chunk, for a handful kept.
-- Here the query's lexemes are marked with the weight no chunk uses (C: headings are A, body
-- B, docsphere_chunk_terms) and kept by ts_filter, which copies the vector once; since marking
-- loses the A/B split BM25F needs, a chunk holding a query word in its headings (a GIN-free
-- @@ test with the words at weight A) is cut twice, its heading and its body positions apart,
-- and the two cuts joined again. The positions and hence every score are exactly 0018's: 7,480
-- chunks scored for a 5-word query at 100k chunks took 32 ms against 68 (2026-12-07).
-- One function now scores for both callers (docsphere_bm25_score_chunks): the chunks a set of
-- probes matches (0009's bounded probes, each probe for the configurations in its mask) and/or
-- chunks given by id (0018's list candidates); the two old names stay as thin wrappers, since
-- 0017's and 0018's search functions call them.
CREATE OR REPLACE FUNCTION docsphere_bm25_score_chunks(
  p_probe tsquery[],
  p_probe_mask bigint[],
  p_ids text[],
  p_scopes uuid[],
  p_configs regconfig[],
  p_document_ids uuid[],
  p_slot integer[],
  p_term text[],
  p_idf double precision[],
  p_avgdl double precision[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_head_weight double precision
)
  RETURNS TABLE (id text, score double precision)
  LANGUAGE sql STABLE SET search_path = public, pg_temp
  ROWS 50
  AS $$
    WITH w AS (
      SELECT x.i, array_agg(x.term) AS terms, array_agg(x.idf) AS idf,
             string_agg('''' || replace(replace(x.term, '\', '\\'), '''', '''''') || ''':A', ' | ')::tsquery AS head
      FROM unnest(p_slot, p_term, p_idf) AS x(i, term, idf) GROUP BY x.i
    )
    SELECT c.id, round(sc.score * 1e9) / 1e9
    FROM (
      SELECT m.id, m.ts_config, m.search_vector, m.len_body, m.len_head
      FROM unnest(p_probe, p_probe_mask) AS pr(q, m)
      CROSS JOIN LATERAL (
        SELECT c.id, c.ts_config, c.search_vector, c.len_body, c.len_head FROM chunks c
        WHERE coalesce(c.stats_scope, c.owner_id) = ANY(p_scopes)
          AND c.search_vector @@ pr.q
          AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
          AND (pr.m >> (coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs)) - 1)) & 1 = 1
      ) m
      UNION ALL
      SELECT c.id, c.ts_config, c.search_vector, c.len_body, c.len_head FROM chunks c
      WHERE c.id = ANY(p_ids)
        AND coalesce(c.stats_scope, c.owner_id) = ANY(p_scopes)
        AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
    ) c
    CROSS JOIN LATERAL (
      SELECT w.terms, w.idf, w.head, p_avgdl[w.i] AS avgdl FROM w WHERE w.i = coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs))
    ) own
    CROSS JOIN LATERAL (
      SELECT sum(own.idf[array_position(own.terms, u.lexeme)] * f.tf * (p_k1 + 1)
                 / (f.tf + p_k1 * (1 - p_b + p_b * (c.len_body + p_head_weight * c.len_head) / own.avgdl))) AS score
      FROM unnest(CASE WHEN c.search_vector @@ own.head
        THEN setweight(ts_filter(setweight(ts_filter(c.search_vector, '{a}'), 'C', own.terms), '{c}'), 'A')
          || setweight(ts_filter(setweight(ts_filter(c.search_vector, '{b}'), 'C', own.terms), '{c}'), 'B')
        ELSE setweight(ts_filter(setweight(c.search_vector, 'C', own.terms), '{c}'), 'B') END) AS u
      CROSS JOIN LATERAL (
        SELECT coalesce(cardinality(array_positions(u.weights, 'B')), 0) + p_head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0) AS tf
      ) f
    ) sc
    WHERE sc.score > 0
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_score_chunks(tsquery[], bigint[], text[], uuid[], regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_score_matches(
  p_probe tsquery[],
  p_probe_mask bigint[],
  p_scopes uuid[],
  p_configs regconfig[],
  p_document_ids uuid[],
  p_slot integer[],
  p_term text[],
  p_idf double precision[],
  p_avgdl double precision[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_head_weight double precision
)
  RETURNS TABLE (id text, score double precision)
  LANGUAGE sql STABLE SET search_path = public, pg_temp
  ROWS 50
  AS $$
    SELECT * FROM docsphere_bm25_score_chunks(p_probe, p_probe_mask, NULL, p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_head_weight)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_score_matches(tsquery[], bigint[], uuid[], regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_score_ids(
  p_ids text[],
  p_scopes uuid[],
  p_configs regconfig[],
  p_document_ids uuid[],
  p_slot integer[],
  p_term text[],
  p_idf double precision[],
  p_avgdl double precision[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_head_weight double precision
)
  RETURNS TABLE (id text, score double precision)
  LANGUAGE sql STABLE SET search_path = public, pg_temp
  ROWS 50
  AS $$
    SELECT * FROM docsphere_bm25_score_chunks('{}', '{}', p_ids, p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_head_weight)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_score_ids(text[], uuid[], regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
