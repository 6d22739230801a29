-- Custom migration: exact top-k pruning for BM25 search (MaxScore / WAND bounds). Same signature,
-- same results (ids, scores, order) as 0008; far fewer chunks scored.
--
-- 0008 scores every chunk that holds any query word, so a question costs as much as the number of
-- chunks matching its commonest word. A term's contribution to a chunk's score is below its upper
-- bound UB(t) = idf(t) * (k1 + 1) whatever tf and the lengths (tf / (tf + k1 * norm) <= 1 for
-- 0 <= b <= 1, k1 >= 0). So a chunk whose terms' bounds sum below g scores below g. The function:
--   1. scores (fully, every query term) the chunks holding the rarest query words, adding words by
--      document frequency until they should give p_limit matches (within a posting budget):
--      theta = the p_limit-th best of those real scores, a lower bound of the true p_limit-th;
--   2. for a threshold g (guesses above theta first, then theta), builds per configuration the
--      tsquery of the chunks whose words' bounds can sum to g less 1e-6 (scores are rounded to
--      1e-9), probes the index once per configuration and scores those chunks fully;
--   3. g holds if the p_limit-th best of them scores at least g: every chunk left out scores below
--      g, so the top p_limit is the exhaustive one, in 0008's order (score DESC, id). Otherwise
--      theta rises to that p_limit-th score (real scores) and the next guess is tried; theta
--      always holds (the seed chunks reach it).
-- Scoring reads only the query's lexemes of a chunk: ts_delete(v, tsvector_to_array(ts_delete(v,
-- terms))) keeps exactly them (C code, in lexeme order, so sums add up in 0008's order), where
-- 0008 unnested every lexeme of the chunk (~2.5x the time per chunk at 100k chunks).
-- Operator queries (p_websearch), unusual parameters, single words and queries where no threshold
-- is found score every match, as 0008 does: one probe per distinct parse, each for the
-- configurations that parse the query so (a chunk must match its own configuration's query).
--> statement-breakpoint
-- The tsquery of the chunks that can reach p_need: lexemes p_terms[p_from:] (quoted for a tsquery)
-- with their upper bounds p_ub (descending) and p_rest[i] = sum(p_ub[i:]); a chunk matches if the
-- bounds of the terms it holds sum to at least p_need. Built by branching on each term (held: the
-- rest must reach p_need minus its bound; not held: the rest must reach p_need), at most p_depth
-- held terms deep; below that, the MaxScore relaxation of the rest (any of them but the smallest
-- bounds summing below p_need), which matches more chunks, never fewer. Returns 'TRUE' or
-- 'FALSE' for the constants.
CREATE OR REPLACE FUNCTION docsphere_bm25_bound_query(p_terms text[], p_ub double precision[], p_rest double precision[], p_from integer, p_need double precision, p_depth integer)
  RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE
    n integer := cardinality(p_terms);
    i integer;
    took text;
    skipped text;
  BEGIN
    IF p_need <= 0 THEN
      RETURN 'TRUE';
    END IF;
    IF p_from > n OR p_rest[p_from] < p_need THEN
      RETURN 'FALSE';
    END IF;
    IF p_depth <= 0 THEN
      i := n;
      WHILE i > p_from AND p_rest[i] < p_need LOOP
        i := i - 1;
      END LOOP;
      -- p_rest[i + 1] < p_need: the terms after i alone cannot reach p_need.
      RETURN '(' || array_to_string(p_terms[p_from:i], ' | ') || ')';
    END IF;
    took := docsphere_bm25_bound_query(p_terms, p_ub, p_rest, p_from + 1, p_need - p_ub[p_from], p_depth - 1);
    skipped := docsphere_bm25_bound_query(p_terms, p_ub, p_rest, p_from + 1, p_need, p_depth);
    took := CASE took WHEN 'TRUE' THEN p_terms[p_from] WHEN 'FALSE' THEN NULL ELSE p_terms[p_from] || ' & ' || took END;
    IF skipped = 'FALSE' THEN
      RETURN coalesce('(' || took || ')', 'FALSE');
    END IF;
    RETURN '(' || coalesce(took || ' | ', '') || skipped || ')';
  END
  $$;
--> statement-breakpoint
-- Exact BM25F scores of the caller's chunks matching p_probe[j] whose configuration slot i has bit
-- i - 1 set in p_probe_mask[j] (-1: any), each chunk scored with the terms of its own configuration: the scoring
-- of 0008, the same expression summed in the same order, so scores are bit for bit the same.
-- One index probe per distinct query: a chunk has one slot, so none is scored twice, and one
-- slot's common words do not widen another's probe. p_slot/p_term/p_idf list (slot, term, idf) for
-- every term with df > 0; p_avgdl is indexed by slot.
CREATE OR REPLACE FUNCTION docsphere_bm25_score_matches(
  p_probe tsquery[],
  p_probe_mask bigint[],
  p_owner uuid,
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
      SELECT x.i, array_agg(x.term) AS terms, array_agg(x.idf) AS idf FROM unnest(p_slot, p_term, p_idf) AS x(i, term, idf) GROUP BY x.i
    )
    SELECT c.id, round(sc.score * 1e9) / 1e9
    FROM unnest(p_probe, p_probe_mask) AS pr(q, m)
    CROSS JOIN LATERAL (
      SELECT c.id, c.ts_config, c.search_vector, c.len_body, c.len_head FROM chunks c
      WHERE c.owner_id = p_owner
        AND c.search_vector @@ pr.q
        AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
        AND (pr.m >> (coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs)) - 1)) & 1 = 1
    ) c
    CROSS JOIN LATERAL (
      SELECT w.terms, w.idf, p_avgdl[w.i] AS avgdl FROM w WHERE w.i = coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs))
    ) own
    CROSS JOIN LATERAL (
      SELECT sum(own.idf[array_position(own.terms, u.lexeme)] * f.tf * (p_k1 + 1)
                 / (f.tf + p_k1 * (1 - p_b + p_b * (c.len_body + p_head_weight * c.len_head) / own.avgdl))) AS score
      FROM unnest(ts_delete(c.search_vector, tsvector_to_array(ts_delete(c.search_vector, own.terms)))) AS u
      CROSS JOIN LATERAL (
        SELECT coalesce(cardinality(array_positions(u.weights, 'B')), 0) + p_head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0) AS tf
      ) f
      WHERE u.lexeme = ANY(own.terms)
    ) sc
    WHERE sc.score > 0
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_score_matches(tsquery[], bigint[], uuid, regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
-- Okapi BM25F over the caller's chunks, as documented in 0008 (statistics, formula, owner rule,
-- rounding, order), with the pruning described at the top of this file.
CREATE OR REPLACE FUNCTION docsphere_bm25_search(
  p_configs regconfig[],
  p_query text,
  p_websearch boolean,
  p_document_ids uuid[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_head_weight double precision
)
  RETURNS TABLE (id text, score double precision)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  ROWS 50
  AS $$
  DECLARE
    -- Postings read to find theta at most (sum of the seed words' document frequencies).
    seed_budget constant bigint := 20000;
    v_owner uuid := docsphere_current_user_id();
    v_slot integer[];
    v_term text[];
    v_idf double precision[];
    v_avgdl double precision[] := '{}';
    v_lexemes text[];   -- distinct query lexemes, rarest first
    v_df bigint[];      -- their document frequency summed over configurations
    v_seed text[] := '{}';
    v_cum bigint := 0;
    v_theta double precision;
    v_best double precision;
    v_guess double precision;
    v_ubmax double precision;
    v_guesses double precision[];
    v_ids text[];
    v_scores double precision[];
    v_found integer;
    v_part text;
    v_probes tsquery[];
    v_probe_masks bigint[];
    v_all_q tsquery[];
    v_all_mask bigint[];
    v_avg_row double precision[];
    r record;
    s integer;
  BEGIN
    IF cardinality(p_configs) > 62 THEN
      RAISE EXCEPTION 'docsphere_bm25_search takes at most 62 text-search configurations';
    END IF;
    -- Statistics and idf exactly as 0008 computes them: one row per (slot, term with df > 0).
    WITH parse AS (
      SELECT u.i::integer AS i, u.cfg::text AS cfg, tsvector_to_array(to_tsvector(u.cfg, p_query)) AS terms
      FROM unnest(p_configs) WITH ORDINALITY AS u(cfg, i)
    ),
    wanted AS (SELECT p.cfg || ' ' || t AS key FROM parse p, unnest(p.terms) AS t UNION SELECT p.cfg FROM parse p),
    stats AS (
      SELECT st.lexeme AS key, sum(st.df)::float8 AS df, sum(st.len_body + p_head_weight * st.len_head)::float8 AS len
      FROM (
        SELECT t.lexeme, t.df, t.len_head, t.len_body FROM bm25_term_stats t
        WHERE t.owner_id = v_owner AND t.lexeme IN (SELECT key FROM wanted)
        UNION ALL
        SELECT d.lexeme, d.df, d.len_head, d.len_body FROM bm25_term_deltas d
        WHERE d.owner_id = v_owner AND d.lexeme IN (SELECT key FROM wanted)
      ) st
      GROUP BY st.lexeme
    )
    SELECT array_agg(p.i), array_agg(t.term), array_agg(ln(1 + (coll.df - sw.df + 0.5) / (sw.df + 0.5))),
           array_agg(sw.df::bigint), array_agg(greatest(coll.len / greatest(coll.df, 1), 1e-9))
    INTO v_slot, v_term, v_idf, v_df, v_avg_row
    FROM parse p
    JOIN stats coll ON coll.key = p.cfg
    CROSS JOIN LATERAL unnest(p.terms) AS t(term)
    JOIN stats sw ON sw.key = p.cfg || ' ' || t.term
    WHERE sw.df > 0;

    IF v_slot IS NULL THEN
      RETURN;  -- no query word occurs in the caller's chunks: no chunk can score
    END IF;
    FOR s IN 1 .. cardinality(v_slot) LOOP
      v_avgdl[v_slot[s]] := v_avg_row[s];
    END LOOP;

    -- Every match: per distinct parse of the configurations with statistics, the slots that parse so.
    SELECT coalesce(array_agg(x.q), '{}'), coalesce(array_agg(x.m), '{}') INTO v_all_q, v_all_mask
    FROM (
      SELECT y.q, sum(1::bigint << (y.i - 1))::bigint AS m
      FROM (SELECT DISTINCT z.i, docsphere_search_tsquery(p_configs[z.i], p_query, p_websearch) AS q FROM unnest(v_slot) AS z(i)) y
      WHERE numnode(y.q) > 0
      GROUP BY y.q
    ) x;

    IF p_websearch OR p_limit IS NULL OR p_limit < 1 OR p_k1 IS NULL OR p_k1 < 0 OR p_b IS NULL OR p_b < 0 OR p_b > 1
       OR p_head_weight IS NULL OR p_head_weight < 0 THEN
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
      RETURN;
    END IF;

    -- Seed words: rarest first (document frequency over all configurations, an upper bound of
    -- the chunks each matches), until they should give p_limit matches, within the budget.
    SELECT array_agg(x.term ORDER BY x.df, x.term), array_agg(x.df ORDER BY x.df, x.term)
    INTO v_lexemes, v_df
    FROM (SELECT t.term, sum(t.df) AS df FROM unnest(v_term, v_df) AS t(term, df) GROUP BY t.term) x;
    IF cardinality(v_lexemes) < 2 OR v_df[1] > seed_budget THEN
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
      RETURN;
    END IF;
    FOR s IN 1 .. cardinality(v_lexemes) - 1 LOOP
      EXIT WHEN v_cum >= p_limit OR v_cum + v_df[s] > seed_budget;
      v_seed := v_seed || v_lexemes[s];
      v_cum := v_cum + v_df[s];
    END LOOP;

    -- Theta: the p_limit-th best real score among the chunks holding a seed word.
    SELECT min(m.score), max(m.score), count(*) INTO v_theta, v_best, v_found
    FROM docsphere_bm25_score_matches(
      ARRAY[(SELECT string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' | ') FROM unnest(v_seed) AS l)::tsquery], ARRAY[-1::bigint],
      v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight) AS m;
    IF v_found < p_limit THEN
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
      RETURN;
    END IF;

    -- Guesses above theta first (a higher threshold matches far fewer chunks): a guess g holds
    -- when the p_limit-th best chunk that can reach g scores at least g, since every chunk left
    -- out scores below g. A guess that fails but finds p_limit chunks raises theta (real
    -- scores); theta itself always holds and is the last try. Guesses: fractions of the best
    -- seed score and of the largest sum of bounds of one configuration (a chunk's score is
    -- typically a third to a half of it).
    SELECT max(x.ub) INTO v_ubmax FROM (SELECT sum(t.idf) * (p_k1 + 1) AS ub FROM unnest(v_slot, v_idf) AS t(i, idf) GROUP BY t.i) x;
    v_guesses := coalesce((SELECT array_agg(DISTINCT g ORDER BY g DESC) FROM unnest(ARRAY[0.4 * v_ubmax, 0.3 * v_ubmax, 0.2 * v_ubmax, 0.9 * v_best, 0.7 * v_best]) AS g WHERE g > v_theta), '{}');
    s := 1;
    LOOP
      IF s <= cardinality(v_guesses) THEN
        v_guess := v_guesses[s];
        s := s + 1;
        CONTINUE WHEN v_guess <= v_theta;
      ELSE
        v_guess := v_theta;
      END IF;
      v_probes := '{}';
      v_probe_masks := '{}';
      -- Per configuration, the chunks whose terms' bounds can sum to the guess (less 1e-6 for
      -- the rounding); the probe is any of them, and each fetched chunk must match its own.
      FOR r IN
        SELECT y.i, array_agg(y.quoted ORDER BY y.n) AS terms, array_agg(y.ub ORDER BY y.n) AS ub, array_agg(y.rest ORDER BY y.n) AS rest
        FROM (
          SELECT x.i, '''' || replace(replace(x.term, '\', '\\'), '''', '''''') || '''' AS quoted, x.idf * (p_k1 + 1) AS ub,
                 row_number() OVER (PARTITION BY x.i ORDER BY x.idf DESC, x.term) AS n,
                 sum(x.idf * (p_k1 + 1)) OVER (PARTITION BY x.i ORDER BY x.idf DESC, x.term ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest
          FROM unnest(v_slot, v_term, v_idf) AS x(i, term, idf)
        ) y GROUP BY y.i
      LOOP
        v_part := docsphere_bm25_bound_query(r.terms, r.ub, r.rest, 1, v_guess - 1e-6,
          CASE WHEN cardinality(r.terms) <= 6 THEN 4 WHEN cardinality(r.terms) <= 10 THEN 3 WHEN cardinality(r.terms) <= 24 THEN 2 ELSE 1 END);
        IF v_part = 'TRUE' THEN
          RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
          RETURN;
        ELSIF v_part <> 'FALSE' THEN
          v_probes := v_probes || v_part::tsquery;
          v_probe_masks := v_probe_masks || (1::bigint << (r.i - 1));
        END IF;
      END LOOP;
      IF cardinality(v_probes) = 0 THEN
        -- No chunk can reach the guess (or theta: not possible, the seeds do).
        CONTINUE WHEN v_guess > v_theta;
        RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
        RETURN;
      END IF;
      SELECT array_agg(m.id ORDER BY m.score DESC, m.id), array_agg(m.score ORDER BY m.score DESC, m.id) INTO v_ids, v_scores
      FROM docsphere_bm25_score_matches(v_probes, v_probe_masks, v_owner, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight) AS m;
      IF v_guess <= v_theta OR (cardinality(v_ids) >= p_limit AND v_scores[p_limit] >= v_guess) THEN
        RETURN QUERY SELECT u.id, u.score FROM unnest(v_ids, v_scores) WITH ORDINALITY AS u(id, score, n) ORDER BY u.n;
        RETURN;
      END IF;
      IF cardinality(v_ids) >= p_limit THEN
        v_theta := greatest(v_theta, v_scores[p_limit]);
      END IF;
    END LOOP;
  END
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision) TO docsphere_app;
