-- Cheaper rounds for the impact lists' exact top k (migration 0020, issue 13); same results as
-- 0018's docsphere_bm25_impact_topk, which this replaces:
--  - A deeper round of the lists scores only the postings it has not read and the chunks not
--    met yet, carrying the best so far (the top k of a union is the top k of the parts' top k);
--    0018 re-scored every earlier candidate.
--  - The lists are read deeper only when that would decide: the bound four times deeper costs an
--    index probe per list, and unless it falls below the k-th score in every open slot (a
--    configuration whose chunks can still reach it) the probes decide instead. The top of a
--    common word's list is flat, so depth alone rarely decided: 0018 scored four times the
--    candidates and then probed anyway.
--  - A probe round at a lower threshold fetches only the chunks its slot's probe adds to the
--    previous round's (new & !old): the others were scored then.
-- Same-run A/B at 1M chunks on PostgreSQL (2026-12-07, backend CPU time, each query's best round):
-- questions -19 % and -21 %, common words -26 % and -25 %, long claims -13 % and -4 % (two runs,
-- load 4-6), operator queries unchanged (they do not use the lists); identical ids and scores.
CREATE OR REPLACE FUNCTION docsphere_bm25_impact_topk(
  p_scopes uuid[],
  p_configs regconfig[],
  p_document_ids uuid[],
  p_slot integer[],
  p_term text[],
  p_idf double precision[],
  p_df bigint[],
  p_avgdl double precision[],
  p_limit integer,
  p_k1 double precision,
  p_b double precision,
  p_hw double precision,
  OUT ids text[],
  OUT scores double precision[]
)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET jit = off
  AS $$
  DECLARE
    -- Chunks of the rarest unlisted words scored whole at most (the seeds), chunks waiting in the
    -- log scored as candidates at most, and the deepest list read before the rest is left to
    -- bounded probes.
    seed_budget constant bigint := 2000;
    log_budget constant integer := 5000;
    max_depth constant integer := 80;
    v_list bigint[];
    v_list_key integer[];
    v_list_weight double precision[];
    v_rare_key integer[];
    v_rare_df bigint[];
    v_seed_keys integer[] := '{}';
    v_cum bigint := 0;
    v_pending text[];
    v_seed_ids text[] := '{}';
    v_seed_scores double precision[] := '{}';
    v_cand text[];
    v_scored text[] := '{}';
    v_ldepth integer[];
    v_lprev integer[];
    v_lfloor double precision[];
    v_lnext double precision[];
    v_open integer[];
    v_close integer[];
    v_fresh tsquery[];
    v_done tsquery[] := '{}';
    v_done_masks bigint[] := '{}';
    v_depth integer := 2 * p_limit;
    v_ub_key integer[];
    v_ub double precision[];
    v_bound double precision;
    v_theta double precision;
    v_guesses double precision[];
    v_guess double precision;
    v_everything boolean;
    v_probes tsquery[];
    v_probe_masks bigint[];
    s integer;
  BEGIN
    -- Per query key, the visible scopes holding it and their lists (made with these parameters).
    -- A key some visible scope holds without a list is unlisted: its chunks are reached through
    -- the GIN index (whole for the rarest, the seeds; by bounded probes otherwise).
    WITH keys AS (
      SELECT x.n::integer AS n, x.i, p_configs[x.i]::text || ' ' || x.term AS key, x.idf, x.df
      FROM unnest(p_slot, p_term, p_idf, p_df) WITH ORDINALITY AS x(i, term, idf, df, n)
    ),
    held AS (
      SELECT k.n, o.scope FROM keys k
      CROSS JOIN LATERAL (
        SELECT t.owner_id AS scope, t.df FROM bm25_term_stats t WHERE t.owner_id = ANY(p_scopes) AND t.lexeme = k.key
        UNION ALL
        SELECT d.owner_id, d.df FROM bm25_term_deltas d WHERE d.owner_id = ANY(p_scopes) AND d.lexeme = k.key
      ) o
      GROUP BY 1, 2 HAVING sum(o.df) > 0
    ),
    lists AS (
      SELECT h.n, h.scope, l.id, l.avgdl FROM held h
      LEFT JOIN bm25_impact_lists l ON l.scope_id = h.scope AND l.key = (SELECT k.key FROM keys k WHERE k.n = h.n)
        AND l.k1 = p_k1 AND l.b = p_b AND l.head_weight = p_hw
    ),
    kinds AS (
      SELECT k.n, k.i, k.idf, k.df, bool_and(l.id IS NOT NULL) AS listed FROM keys k JOIN lists l ON l.n = k.n GROUP BY k.n, k.i, k.idf, k.df
    )
    SELECT (SELECT array_agg(l.id ORDER BY l.id) FROM lists l JOIN kinds k ON k.n = l.n WHERE k.listed),
           (SELECT array_agg(l.n ORDER BY l.id) FROM lists l JOIN kinds k ON k.n = l.n WHERE k.listed),
           (SELECT array_agg(k.idf * (p_k1 + 1) * greatest(1, p_avgdl[k.i] / l.avgdl) ORDER BY l.id) FROM lists l JOIN kinds k ON k.n = l.n WHERE k.listed),
           (SELECT array_agg(k.n ORDER BY k.df, k.n) FROM kinds k WHERE NOT k.listed),
           (SELECT array_agg(k.df ORDER BY k.df, k.n) FROM kinds k WHERE NOT k.listed)
      INTO v_list, v_list_key, v_list_weight, v_rare_key, v_rare_df;
    IF v_list IS NULL THEN
      RETURN;
    END IF;
    SELECT array_agg(g.chunk_id) INTO v_pending
    FROM (SELECT g.chunk_id FROM bm25_chunk_log g WHERE g.scope_id = ANY(p_scopes) LIMIT log_budget + 1) g;
    IF cardinality(v_pending) > log_budget THEN
      RETURN;
    END IF;
    -- Seeds: the rarest unlisted words, until they should give p_limit matches, within the budget.
    FOR s IN 1 .. coalesce(cardinality(v_rare_key), 0) LOOP
      EXIT WHEN v_cum >= p_limit OR v_cum + v_rare_df[s] > seed_budget;
      v_seed_keys := v_seed_keys || v_rare_key[s];
      v_cum := v_cum + v_rare_df[s];
    END LOOP;
    IF cardinality(v_seed_keys) > 0 THEN
      SELECT coalesce(array_agg(m.id), '{}'), coalesce(array_agg(m.score), '{}') INTO v_seed_ids, v_seed_scores
      FROM docsphere_bm25_score_matches(
        ARRAY[(SELECT string_agg(DISTINCT '''' || replace(replace(p_term[k], '\', '\\'), '''', '''''') || '''', ' | ') FROM unnest(v_seed_keys) AS k)::tsquery],
        ARRAY[-1::bigint], p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_hw) AS m;
    END IF;
    v_lprev := array_fill(0, ARRAY[cardinality(v_list)]);
    v_ldepth := array_fill(v_depth, ARRAY[cardinality(v_list)]);
    SELECT array_agg(l.floor ORDER BY x.o) INTO v_lfloor FROM unnest(v_list) WITH ORDINALITY AS x(id, o) JOIN bm25_impact_lists l ON l.id = x.id;
    LOOP
      -- Candidates: the postings of each list read this round (the logged chunks in the first),
      -- less the chunks scored in an earlier round.
      SELECT coalesce(array_agg(x.chunk_id), '{}') INTO v_cand
      FROM (
        SELECT h.chunk_id FROM unnest(v_list, v_lprev, v_ldepth) AS l(id, prev, depth)
        CROSS JOIN LATERAL (
          SELECT i.chunk_id FROM bm25_impacts i WHERE i.list_id = l.id ORDER BY i.impact DESC, i.chunk_id OFFSET l.prev LIMIT l.depth - l.prev
        ) h
        WHERE l.depth > l.prev
        UNION
        SELECT p.chunk_id FROM unnest(v_pending) AS p(chunk_id)
        EXCEPT
        SELECT s.id FROM unnest(v_scored) AS s(id)
      ) x;
      v_scored := v_scored || v_cand;
      SELECT array_agg(m.id ORDER BY m.score DESC, m.id), array_agg(m.score ORDER BY m.score DESC, m.id) INTO ids, scores
      FROM (
        SELECT u.id, u.score FROM (
          SELECT c.id, c.score FROM docsphere_bm25_score_ids(v_cand, p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_hw) AS c
          UNION
          SELECT t.id, t.score FROM unnest(v_seed_ids, v_seed_scores) AS t(id, score)
        ) u
        ORDER BY u.score DESC, u.id
        LIMIT p_limit
      ) m;
      ids := coalesce(ids, '{}');
      scores := coalesce(scores, '{}');
      -- The best so far carry over: a later round scores only the chunks it has not met yet.
      v_seed_ids := ids;
      v_seed_scores := scores;
      v_theta := CASE WHEN cardinality(ids) >= p_limit THEN scores[p_limit] END;
      -- What a chunk not scored yet can get from each word: from a listed word no more than the
      -- next posting of its lists (or their floors) allow, from a seed nothing (all its chunks
      -- were scored), from another unlisted word at most idf * (k1 + 1).
      SELECT array_agg(n.impact ORDER BY l.o) INTO v_lnext
      FROM unnest(v_list, v_ldepth) WITH ORDINALITY AS l(id, depth, o)
      LEFT JOIN LATERAL (SELECT i.impact FROM bm25_impacts i WHERE i.list_id = l.id ORDER BY i.impact DESC, i.chunk_id OFFSET l.depth LIMIT 1) n ON true;
      SELECT array_agg(b.key ORDER BY b.key), array_agg(b.w ORDER BY b.key) INTO v_ub_key, v_ub
      FROM (
        SELECT x.key, max(x.weight * greatest(x.floor, coalesce(x.nxt, 0))) AS w
        FROM unnest(v_list_key, v_list_weight, v_lfloor, v_lnext) AS x(key, weight, floor, nxt)
        GROUP BY x.key
        UNION ALL
        SELECT k, p_idf[k] * (p_k1 + 1) FROM unnest(v_rare_key) AS k WHERE k <> ALL(v_seed_keys)
      ) b;
      -- A chunk holds the words of its own configuration only: each slot is bounded by its own
      -- sum, the whole by the largest. A slot is open while its sum can reach the k-th score.
      SELECT coalesce(max(y.total), 0), coalesce(array_agg(y.slot) FILTER (WHERE v_theta IS NULL OR y.total >= v_theta - 1e-6), '{}')
        INTO v_bound, v_open
      FROM (SELECT p_slot[x.key] AS slot, sum(x.ub) AS total FROM unnest(v_ub_key, v_ub) AS x(key, ub) GROUP BY 1) y;
      IF v_bound <= 0 OR (v_theta IS NOT NULL AND v_theta > v_bound + 1e-6) THEN
        -- Tells a test or a benchmark in the same transaction that the lists decided, and how.
        PERFORM set_config('docsphere.bm25_lists', 'lists ' || v_depth, true);
        RETURN;
      END IF;
      EXIT WHEN v_depth >= max_depth;
      -- Reading deeper pays only when it decides: the top of a common word's list is flat (its
      -- best chunks all hold it about equally), so four times the depth often lowers the bound
      -- by little, and the probes below decide more cheaply. The bound four times deeper costs an
      -- index probe per list; the lists are read on only if it closes every open slot. Without a
      -- k-th score yet, every open slot reads on (unless an unlisted word outside the seeds
      -- keeps the bound up, as in 0018).
      IF v_theta IS NULL THEN
        EXIT WHEN coalesce(cardinality(v_rare_key), 0) > cardinality(v_seed_keys);
        v_close := v_open;
      ELSE
        SELECT CASE WHEN bool_and(y.total < v_theta - 1e-6) THEN array_agg(y.slot) ELSE '{}' END INTO v_close
        FROM (
          SELECT p_slot[b.key] AS slot, sum(b.w) AS total
          FROM (
            SELECT x.key, max(x.weight * greatest(x.floor, coalesce(n.impact, 0))) AS w
            FROM unnest(v_list, v_list_key, v_list_weight, v_lfloor, v_ldepth) AS x(id, key, weight, floor, depth)
            LEFT JOIN LATERAL (SELECT i.impact FROM bm25_impacts i WHERE i.list_id = x.id ORDER BY i.impact DESC, i.chunk_id OFFSET 4 * x.depth LIMIT 1) n ON true
            WHERE p_slot[x.key] = ANY(v_open)
            GROUP BY x.key
            UNION ALL
            SELECT k, p_idf[k] * (p_k1 + 1) FROM unnest(v_rare_key) AS k WHERE k <> ALL(v_seed_keys) AND p_slot[k] = ANY(v_open)
          ) b
          GROUP BY 1
        ) y;
      END IF;
      v_lprev := v_ldepth;
      v_ldepth := ARRAY(
        SELECT CASE WHEN p_slot[x.key] = ANY(v_close) AND x.nxt IS NOT NULL THEN x.depth * 4 ELSE x.depth END
        FROM unnest(v_ldepth, v_list_key, v_lnext) WITH ORDINALITY AS x(depth, key, nxt, o) ORDER BY x.o);
      EXIT WHEN v_ldepth = v_lprev;
      v_depth := v_depth * 4;
    END LOOP;
    -- The lists alone did not decide. A chunk not scored yet reaches a threshold g only if the
    -- bounds of the words it holds sum to g, so per configuration the tsquery of those word sets
    -- (0009's docsphere_bm25_bound_query, with the lists' bounds for common words) finds every
    -- chunk that still can; thresholds above the k-th score so far are tried first, as in 0009.
    IF cardinality(ids) < p_limit THEN
      ids := NULL;
      scores := NULL;
      RETURN;
    END IF;
    v_theta := scores[p_limit];
    v_guesses := coalesce((SELECT array_agg(DISTINCT g ORDER BY g DESC) FROM unnest(ARRAY[0.9 * scores[1], 0.7 * scores[1]]) AS g WHERE g > v_theta), '{}');
    s := 1;
    LOOP
      IF s <= cardinality(v_guesses) THEN
        v_guess := v_guesses[s];
        s := s + 1;
        CONTINUE WHEN v_guess <= v_theta;
      ELSE
        v_guess := v_theta;
      END IF;
      SELECT b.probes, b.masks, b.everything INTO v_probes, v_probe_masks, v_everything
      FROM docsphere_bm25_bound_probes(ARRAY(SELECT p_slot[k] FROM unnest(v_ub_key) AS k), ARRAY(SELECT p_term[k] FROM unnest(v_ub_key) AS k), v_ub, v_guess - 1e-6) AS b;
      IF v_everything THEN
        ids := NULL;
        scores := NULL;
        RETURN;
      END IF;
      -- A slot's chunks the previous threshold's probe matched were scored then: this round
      -- fetches only the chunks its probe adds (new & !old).
      v_fresh := ARRAY(
        SELECT CASE WHEN o.q IS NULL THEN n.q ELSE n.q && !! o.q END
        FROM unnest(v_probes, v_probe_masks) WITH ORDINALITY AS n(q, m, k)
        LEFT JOIN unnest(v_done, v_done_masks) AS o(q, m) ON o.m = n.m
        ORDER BY n.k);
      v_done := v_probes;
      v_done_masks := v_probe_masks;
      IF cardinality(v_probes) > 0 THEN
        SELECT array_agg(m.id ORDER BY m.score DESC, m.id), array_agg(m.score ORDER BY m.score DESC, m.id) INTO ids, scores
        FROM (
          SELECT u.id, u.score FROM (
            SELECT c.id, c.score FROM docsphere_bm25_score_matches(v_fresh, v_probe_masks, p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_hw) AS c
            UNION
            SELECT t.id, t.score FROM unnest(ids, scores) AS t(id, score)
          ) u
          ORDER BY u.score DESC, u.id
          LIMIT p_limit
        ) m;
      END IF;
      -- At g: every chunk that could reach g has been scored, so a k-th score of at least g is final.
      IF v_guess <= v_theta OR scores[p_limit] >= v_guess THEN
        PERFORM set_config('docsphere.bm25_lists', 'lists ' || v_depth || ' and probes', true);
        RETURN;
      END IF;
      v_theta := greatest(v_theta, scores[p_limit]);
    END LOOP;
  END
  $$;
