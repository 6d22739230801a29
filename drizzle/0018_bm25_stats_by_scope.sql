-- Custom migration: docsphere_bm25_search reads its statistics in two steps (issue 17's bench,
-- BENCHMARKS.md "Search: 3 users and 10 collections"). 0017 asked every visible scope for every
-- query key of every configuration and scanned the pending deltas the same way, though most
-- scopes hold chunks of one or two configurations and deltas are usually folded: a long claim
-- over 60 scopes cost ~2700 index probes (32-45 ms in psql; 17-22 ms with one scope). Now the
-- configuration rows come first (one probe per scope and configuration), then only those
-- scopes' keys of those configurations, and deltas only when a visible scope has any (11 ms
-- over 60 scopes, 3 ms over one, the same keys and counts). Everything else is 0017's function.
CREATE OR REPLACE FUNCTION docsphere_bm25_search(
  p_configs regconfig[],
  p_query text,
  p_websearch boolean,
  p_document_ids uuid[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_head_weight double precision,
  p_collection_ids uuid[] DEFAULT NULL
)
  RETURNS TABLE (id text, score double precision)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  ROWS 50
  AS $$
  DECLARE
    -- Postings read to find theta at most (sum of the seed words' document frequencies).
    seed_budget constant bigint := 20000;
    v_scopes uuid[] := docsphere_bm25_visible_scopes(p_collection_ids);
    -- Whether any visible scope has deltas not folded yet (then they are read too).
    v_pending boolean := EXISTS (SELECT 1 FROM bm25_term_deltas d WHERE d.owner_id = ANY(v_scopes));
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
    -- The (scope, configuration) pairs holding chunks, folded or pending: only their keys can exist,
    -- so each scope is asked only for the words of the configurations it has.
    cfgs AS (
      SELECT x.scope, x.cfg FROM (
        SELECT t.owner_id AS scope, t.lexeme AS cfg, t.df FROM bm25_term_stats t
        WHERE t.owner_id = ANY(v_scopes) AND t.lexeme IN (SELECT p.cfg FROM parse p)
        UNION ALL
        SELECT d.owner_id, d.lexeme, d.df FROM bm25_term_deltas d
        WHERE v_pending AND d.owner_id = ANY(v_scopes) AND d.lexeme IN (SELECT p.cfg FROM parse p)
      ) x
      GROUP BY 1, 2
      HAVING sum(x.df) > 0
    ),
    wanted AS (
      SELECT c.scope, c.cfg || ' ' || t AS key FROM cfgs c JOIN parse p ON p.cfg = c.cfg CROSS JOIN LATERAL unnest(p.terms) AS t
      UNION ALL
      SELECT c.scope, c.cfg FROM cfgs c
    ),
    -- One primary-key probe per (scope, key).
    stats AS (
      SELECT st.lexeme AS key, sum(st.df)::float8 AS df, sum(st.len_body + p_head_weight * st.len_head)::float8 AS len
      FROM (
        SELECT t.lexeme, t.df, t.len_head, t.len_body FROM wanted w JOIN bm25_term_stats t ON t.owner_id = w.scope AND t.lexeme = w.key
        UNION ALL
        SELECT d.lexeme, d.df, d.len_head, d.len_body FROM wanted w JOIN bm25_term_deltas d ON d.owner_id = w.scope AND d.lexeme = w.key
        WHERE v_pending
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
      RETURN;  -- no query word occurs in the chunks the caller may see: no chunk can score
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
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
      RETURN;
    END IF;

    -- Seed words: rarest first (document frequency over all configurations, an upper bound of
    -- the chunks each matches), until they should give p_limit matches, within the budget.
    SELECT array_agg(x.term ORDER BY x.df, x.term), array_agg(x.df ORDER BY x.df, x.term)
    INTO v_lexemes, v_df
    FROM (SELECT t.term, sum(t.df) AS df FROM unnest(v_term, v_df) AS t(term, df) GROUP BY t.term) x;
    IF cardinality(v_lexemes) < 2 OR v_df[1] > seed_budget THEN
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
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
      v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight) AS m;
    IF v_found < p_limit THEN
      RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
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
          RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
          RETURN;
        ELSIF v_part <> 'FALSE' THEN
          v_probes := v_probes || v_part::tsquery;
          v_probe_masks := v_probe_masks || (1::bigint << (r.i - 1));
        END IF;
      END LOOP;
      IF cardinality(v_probes) = 0 THEN
        -- No chunk can reach the guess (or theta: not possible, the seeds do).
        CONTINUE WHEN v_guess > v_theta;
        RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
        RETURN;
      END IF;
      SELECT array_agg(m.id ORDER BY m.score DESC, m.id), array_agg(m.score ORDER BY m.score DESC, m.id) INTO v_ids, v_scores
      FROM docsphere_bm25_score_matches(v_probes, v_probe_masks, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight) AS m;
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
