CREATE TABLE "bm25_chunk_log" (
	"scope_id" uuid NOT NULL,
	"chunk_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bm25_impact_lists" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope_id" uuid NOT NULL,
	"key" text NOT NULL,
	"word" text NOT NULL,
	"k1" double precision NOT NULL,
	"b" double precision NOT NULL,
	"head_weight" double precision NOT NULL,
	"avgdl" double precision NOT NULL,
	"floor" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "bm25_impact_lists_scope_key" UNIQUE("scope_id","key")
);
--> statement-breakpoint
CREATE TABLE "bm25_impacts" (
	"list_id" bigint NOT NULL,
	"chunk_id" text NOT NULL,
	"impact" double precision NOT NULL,
	CONSTRAINT "bm25_impacts_list_id_chunk_id_pk" PRIMARY KEY("list_id","chunk_id")
);
--> statement-breakpoint
CREATE TABLE "bm25_list_scopes" (
	"scope_id" uuid PRIMARY KEY NOT NULL,
	"k1" double precision,
	"b" double precision,
	"head_weight" double precision,
	"keep" integer
);
--> statement-breakpoint
CREATE INDEX "bm25_chunk_log_scope_idx" ON "bm25_chunk_log" USING btree ("scope_id");--> statement-breakpoint
CREATE INDEX "bm25_impact_lists_scope_word_idx" ON "bm25_impact_lists" USING btree ("scope_id","word");--> statement-breakpoint
CREATE INDEX "bm25_impacts_order_idx" ON "bm25_impacts" USING btree ("list_id","impact" DESC NULLS LAST,"chunk_id");--> statement-breakpoint
CREATE INDEX "bm25_impacts_chunk_idx" ON "bm25_impacts" USING btree ("chunk_id");
--> statement-breakpoint
-- Custom part: impact-ordered postings for common words, so that a search finds its exact BM25
-- top k without scoring every chunk that holds a common word (issue 13; src/db/schema/bm25-impacts.ts).
--
-- For a chunk holding word t, BM25F's term weight is idf(t) * (k1 + 1) * g, where
--   g = tf / (tf + k1 * (1 - b + b * len / avgdl))
-- is the only factor that depends on the chunk. A list keeps, per scope and common word, the
-- chunks with the highest g (computed with the scope's average length A0 when the list was built)
-- in descending order. g at the search's average length A is at most max(1, A / A0) times g at
-- A0 (the length term shrinks by at most A0 / A), so after reading a list down to some depth,
-- every chunk not read gets its bound from the next posting in the list. A search (below) reads
-- the lists of its common words a little deeper each round, scores every chunk it met exactly,
-- and stops when its k-th best score is above the sum of the common words' bounds: no chunk it
-- has not scored can reach the top k, so the top k is exact, as exhaustive scoring would give it.
-- Rare words (no list in some visible scope) are reached through the GIN index: the rarest read
-- whole, the others by 0009's bounded probes with the lists' tighter bounds for common words.
--
-- The lists are kept by the statistics fold (the worker role's periodic duty), not by indexing:
-- the chunk triggers only log which chunks entered a scope (one row per chunk), and searches
-- score those logged chunks as candidates until the fold has put them into the lists.
-- Only these functions read or write the four tables (row-level security without a policy
-- keeps the application roles out).
ALTER TABLE bm25_impact_lists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_impacts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_chunk_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_list_scopes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Every scope that exists now gets its lists at its next fold (an empty row differs from any
-- parameters).
INSERT INTO bm25_list_scopes (scope_id) SELECT DISTINCT s.owner_id FROM bm25_term_stats s;
--> statement-breakpoint
-- The impact g of one posting (above); tf and len already count heading tokens p_hw times.
CREATE OR REPLACE FUNCTION docsphere_bm25_impact(p_tf double precision, p_len double precision, p_k1 double precision, p_b double precision, p_avgdl double precision)
  RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT p_tf / (p_tf + p_k1 * (1 - p_b + p_b * p_len / p_avgdl)) $$;
--> statement-breakpoint
-- A word gets a list in a scope once more than p_keep chunks there hold it (BM25_IMPACT_LIST_CHUNKS:
-- below that, scoring them all from the GIN index is cheap); a list keeps p_keep postings after a
-- trim and grows to at most twice that between trims.
--
-- Builds the lists of p_keys ("<config> <lexeme>") in scope p_scope that have none, and of the
-- same words in the scope's other configurations: every chunk of the scope holding the word,
-- best first, the first p_keep kept and the best impact left out as the floor. One pass over the scope's chunks holding any of the
-- words (a GIN probe for a few words, a scan after a bulk load). Only called by the fold below,
-- under the scope's lock.
CREATE OR REPLACE FUNCTION docsphere_bm25_build_impact_lists(p_scope uuid, p_keys text[], p_k1 double precision, p_b double precision, p_hw double precision, p_keep integer)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET work_mem = '64MB'
  AS $$
  DECLARE
    v_keep constant integer := p_keep;
    v_new bigint[];
    v_probe tsquery;
  BEGIN
    -- The keys and their words' keys in every other configuration the scope holds them in.
    WITH words AS (
      SELECT DISTINCT substr(x.key, strpos(x.key, ' ') + 1) AS word FROM unnest(p_keys) AS x(key)
    ),
    wanted AS (
      SELECT DISTINCT x.key FROM unnest(p_keys) AS x(key)
      UNION
      SELECT t.lexeme FROM words w CROSS JOIN pg_ts_config c
      JOIN bm25_term_stats t ON t.owner_id = p_scope AND t.lexeme = c.cfgname::text || ' ' || w.word
      WHERE t.df > 0
    ),
    made AS (
      INSERT INTO bm25_impact_lists (scope_id, key, word, k1, b, head_weight, avgdl)
      SELECT p_scope, k.key, substr(k.key, strpos(k.key, ' ') + 1), p_k1, p_b, p_hw, greatest((s.len_body + p_hw * s.len_head)::float8 / greatest(s.df, 1), 1e-9)
      FROM wanted k
      JOIN bm25_term_stats s ON s.owner_id = p_scope AND s.lexeme = split_part(k.key, ' ', 1)
      ON CONFLICT (scope_id, key) DO NOTHING
      RETURNING id
    )
    SELECT array_agg(id) INTO v_new FROM made;
    IF v_new IS NULL THEN
      RETURN 0;
    END IF;
    -- A probe for a few words; for many (a bulk load, a rebuild) a scan is cheaper than matching
    -- a query of thousands of words against every chunk.
    IF cardinality(v_new) <= 64 THEN
      SELECT string_agg(DISTINCT '''' || replace(replace(substr(l.key, strpos(l.key, ' ') + 1), '\', '\\'), '''', '''''') || '''', ' | ')::tsquery
        INTO v_probe FROM bm25_impact_lists l WHERE l.id = ANY(v_new);
    END IF;
    WITH lists AS (
      SELECT l.id, l.key, l.avgdl FROM bm25_impact_lists l WHERE l.id = ANY(v_new)
    ),
    hits AS (
      SELECT l.id, c.id AS chunk_id,
             docsphere_bm25_impact(coalesce(cardinality(array_positions(u.weights, 'B')), 0) + p_hw * coalesce(cardinality(array_positions(u.weights, 'A')), 0),
                                   c.len_body + p_hw * c.len_head, p_k1, p_b, l.avgdl) AS impact
      FROM chunks c
      CROSS JOIN LATERAL unnest(c.search_vector) AS u
      JOIN lists l ON l.key = c.ts_config::text || ' ' || u.lexeme
      WHERE (v_probe IS NULL OR c.search_vector @@ v_probe)
        AND (CASE WHEN c.stats_scope IS NULL THEN c.owner_id = p_scope ELSE c.stats_scope = p_scope END)
    ),
    ranked AS MATERIALIZED (
      SELECT h.id, h.chunk_id, h.impact, row_number() OVER (PARTITION BY h.id ORDER BY h.impact DESC, h.chunk_id) AS n FROM hits h
    ),
    kept AS (
      INSERT INTO bm25_impacts (list_id, chunk_id, impact) SELECT r.id, r.chunk_id, r.impact FROM ranked r WHERE r.n <= v_keep
      ON CONFLICT (list_id, chunk_id) DO UPDATE SET impact = excluded.impact
    )
    UPDATE bm25_impact_lists l SET floor = x.floor
    FROM (SELECT r.id, max(r.impact) AS floor FROM ranked r WHERE r.n > v_keep GROUP BY r.id) x
    WHERE l.id = x.id;
    RETURN cardinality(v_new);
  END
  $$;
--> statement-breakpoint
-- Puts the chunks logged for p_scope into its lists (each posting above its list's floor) and
-- trims lists that grew past twice their length, raising the floor to the best impact trimmed.
-- The log rows are taken in one statement: a chunk committed after it stays logged for the next
-- fold, and searches score logged chunks meanwhile.
CREATE OR REPLACE FUNCTION docsphere_bm25_apply_chunk_log(p_scope uuid, p_keep integer)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    v_keep constant integer := p_keep;
    v_touched bigint[];
  BEGIN
    WITH taken AS (
      DELETE FROM bm25_chunk_log g WHERE g.scope_id = p_scope RETURNING g.chunk_id
    ),
    postings AS (
      SELECT l.id, c.id AS chunk_id,
             docsphere_bm25_impact(coalesce(cardinality(array_positions(u.weights, 'B')), 0) + l.head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0),
                                   c.len_body + l.head_weight * c.len_head, l.k1, l.b, l.avgdl) AS impact,
             l.floor
      FROM chunks c
      CROSS JOIN LATERAL unnest(c.search_vector) AS u
      JOIN bm25_impact_lists l ON l.scope_id = p_scope AND l.key = c.ts_config::text || ' ' || u.lexeme
      WHERE c.id IN (SELECT t.chunk_id FROM taken t)
        AND (CASE WHEN c.stats_scope IS NULL THEN c.owner_id = p_scope ELSE c.stats_scope = p_scope END)
    ),
    written AS (
      INSERT INTO bm25_impacts (list_id, chunk_id, impact)
      SELECT p.id, p.chunk_id, p.impact FROM postings p WHERE p.impact > p.floor
      ON CONFLICT (list_id, chunk_id) DO UPDATE SET impact = excluded.impact
      RETURNING list_id
    )
    SELECT array_agg(DISTINCT w.list_id) INTO v_touched FROM written w;
    IF v_touched IS NULL THEN
      RETURN;
    END IF;
    WITH big AS (
      SELECT l.id FROM unnest(v_touched) AS l(id)
      WHERE (SELECT count(*) FROM (SELECT 1 FROM bm25_impacts i WHERE i.list_id = l.id LIMIT 2 * v_keep + 1) n) > 2 * v_keep
    ),
    cut AS (
      DELETE FROM bm25_impacts i USING (
        SELECT x.list_id, x.chunk_id FROM big
        CROSS JOIN LATERAL (SELECT i2.list_id, i2.chunk_id FROM bm25_impacts i2 WHERE i2.list_id = big.id ORDER BY i2.impact DESC, i2.chunk_id OFFSET v_keep) x
      ) d
      WHERE i.list_id = d.list_id AND i.chunk_id = d.chunk_id
      RETURNING i.list_id, i.impact
    )
    UPDATE bm25_impact_lists l SET floor = greatest(l.floor, x.floor)
    FROM (SELECT c.list_id, max(c.impact) AS floor FROM cut c GROUP BY c.list_id) x
    WHERE l.id = x.list_id;
  END
  $$;
--> statement-breakpoint
-- 0013's fold of one scope's deltas, then the scope's impact lists: lists made with other
-- parameters are dropped (and every common word's list rebuilt), words that became common get a
-- list, and the logged chunks go into the lists. A scope first seen here has had all its words'
-- deltas folded in this call, so its common words are among those just folded.
DROP FUNCTION docsphere_bm25_fold_pending(integer);
--> statement-breakpoint
DROP FUNCTION docsphere_bm25_fold(uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_fold(p_scope uuid, p_k1 double precision, p_b double precision, p_hw double precision, p_keep integer) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    v_keys text[];
    v_stale boolean;
  BEGIN
    -- One folder per scope at a time; a transaction that cannot take the lock leaves its deltas
    -- for the next one (readers add pending deltas and logged chunks, so results are exact
    -- either way). The lock is transaction-scoped: a rolled-back fold restores what it removed.
    IF NOT pg_try_advisory_xact_lock(hashtextextended('docsphere_bm25:' || p_scope::text, 0)) THEN
      RETURN;
    END IF;
    WITH moved AS (
      DELETE FROM bm25_term_deltas WHERE owner_id = p_scope RETURNING lexeme, df, len_head, len_body
    ),
    folded AS (
      INSERT INTO bm25_term_stats AS s (owner_id, lexeme, df, len_head, len_body)
      SELECT p_scope, lexeme, sum(df), sum(len_head), sum(len_body) FROM moved GROUP BY lexeme
      ON CONFLICT (owner_id, lexeme) DO UPDATE
        SET df = s.df + excluded.df, len_head = s.len_head + excluded.len_head, len_body = s.len_body + excluded.len_body
      RETURNING s.lexeme, s.df
    )
    -- Words that became common here, and words common in another configuration that this
    -- configuration now holds too (see bm25_impact_lists.word).
    SELECT array_agg(f.lexeme) INTO v_keys FROM folded f
    WHERE f.df > 0 AND strpos(f.lexeme, ' ') > 0
      AND NOT EXISTS (SELECT 1 FROM bm25_impact_lists l WHERE l.scope_id = p_scope AND l.key = f.lexeme)
      AND (f.df > p_keep OR EXISTS (SELECT 1 FROM bm25_impact_lists l WHERE l.scope_id = p_scope AND l.word = substr(f.lexeme, strpos(f.lexeme, ' ') + 1)));
    -- Parameters changed since the scope's lists were built (or it has never had any): all go,
    -- and every common word of the scope gets a new list.
    SELECT (r.k1, r.b, r.head_weight, r.keep) IS DISTINCT FROM (p_k1, p_b, p_hw, p_keep) INTO v_stale FROM bm25_list_scopes r WHERE r.scope_id = p_scope;
    IF v_stale IS NULL THEN
      INSERT INTO bm25_list_scopes (scope_id, k1, b, head_weight, keep) VALUES (p_scope, p_k1, p_b, p_hw, p_keep);
    ELSIF v_stale THEN
      DELETE FROM bm25_impacts i WHERE i.list_id IN (SELECT l.id FROM bm25_impact_lists l WHERE l.scope_id = p_scope);
      DELETE FROM bm25_impact_lists l WHERE l.scope_id = p_scope;
      UPDATE bm25_list_scopes r SET k1 = p_k1, b = p_b, head_weight = p_hw, keep = p_keep WHERE r.scope_id = p_scope;
      SELECT array_agg(s.lexeme) INTO v_keys FROM bm25_term_stats s
      WHERE s.owner_id = p_scope AND s.df > p_keep AND strpos(s.lexeme, ' ') > 0;
    END IF;
    IF v_keys IS NOT NULL THEN
      PERFORM docsphere_bm25_build_impact_lists(p_scope, v_keys, p_k1, p_b, p_hw, p_keep);
    END IF;
    PERFORM docsphere_bm25_apply_chunk_log(p_scope, p_keep);
  END
  $$;
--> statement-breakpoint
-- Scopes with pending deltas, logged chunks or lists built with other parameters, up to
-- p_scopes of them; returns how many.
CREATE OR REPLACE FUNCTION docsphere_bm25_fold_pending(p_scopes integer, p_k1 double precision, p_b double precision, p_hw double precision, p_keep integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    o uuid;
    n integer := 0;
  BEGIN
    FOR o IN
      SELECT x.id FROM (
        SELECT DISTINCT d.owner_id AS id FROM bm25_term_deltas d
        UNION SELECT DISTINCT g.scope_id FROM bm25_chunk_log g
        UNION SELECT r.scope_id FROM bm25_list_scopes r WHERE (r.k1, r.b, r.head_weight, r.keep) IS DISTINCT FROM (p_k1, p_b, p_hw, p_keep)
      ) x LIMIT p_scopes
    LOOP
      PERFORM docsphere_bm25_fold(o, p_k1, p_b, p_hw, p_keep);
      n := n + 1;
    END LOOP;
    RETURN n;
  END
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_fold(uuid, double precision, double precision, double precision, integer),
  docsphere_bm25_fold_pending(integer, double precision, double precision, double precision, integer),
  docsphere_bm25_build_impact_lists(uuid, text[], double precision, double precision, double precision, integer),
  docsphere_bm25_apply_chunk_log(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_fold_pending(integer, double precision, double precision, double precision, integer) TO docsphere_worker;
--> statement-breakpoint
-- 0017's statement triggers, plus the log of chunks entering a scope and the postings of chunks
-- leaving one (a chunk deleted, or moved or rewritten: its new postings come from the log).
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 FROM new_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text, count(*), sum(r.len_head), sum(r.len_body) FROM new_rows r GROUP BY 1, 2;
    INSERT INTO bm25_chunk_log (scope_id, chunk_id) SELECT coalesce(r.stats_scope, r.owner_id), r.id FROM new_rows r;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_deleted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text || ' ' || u.lexeme, -count(*), 0, 0 FROM old_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text, -count(*), -sum(r.len_head), -sum(r.len_body) FROM old_rows r GROUP BY 1, 2;
    DELETE FROM bm25_impacts i WHERE i.chunk_id IN (SELECT r.id FROM old_rows r);
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    -- Only rows whose terms or scope changed count (writing an embedding, say, changes neither).
    WITH changed AS (
      SELECT n.id, s.sign, s.scope, s.cfg, s.search_vector, s.len_head, s.len_body
      FROM old_rows r JOIN new_rows n ON n.id = r.id
      CROSS JOIN LATERAL (VALUES (-1, coalesce(r.stats_scope, r.owner_id), r.ts_config::text, r.search_vector, r.len_head, r.len_body),
                                 (1, coalesce(n.stats_scope, n.owner_id), n.ts_config::text, n.search_vector, n.len_head, n.len_body))
        AS s(sign, scope, cfg, search_vector, len_head, len_body)
      WHERE r.search_vector IS DISTINCT FROM n.search_vector OR r.ts_config <> n.ts_config OR r.len_head <> n.len_head OR r.len_body <> n.len_body
         OR coalesce(r.stats_scope, r.owner_id) <> coalesce(n.stats_scope, n.owner_id)
    ),
    counted AS (
      INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
      SELECT c.scope, c.cfg || ' ' || u.lexeme, sum(c.sign), 0, 0 FROM changed c, unnest(c.search_vector) u GROUP BY 1, 2
      UNION ALL
      SELECT c.scope, c.cfg, sum(c.sign), sum(c.sign * c.len_head), sum(c.sign * c.len_body) FROM changed c GROUP BY 1, 2
    ),
    unlisted AS (
      DELETE FROM bm25_impacts i WHERE i.chunk_id IN (SELECT c.id FROM changed c)
    )
    INSERT INTO bm25_chunk_log (scope_id, chunk_id) SELECT c.scope, c.id FROM changed c WHERE c.sign = 1;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
-- The probes of a bounded search (0009): for threshold p_need, per configuration slot the tsquery
-- of the chunks whose words' bounds can sum to p_need (p_slot/p_term/p_ub aligned, one entry per
-- slot and word; words with no bound left out), with the slot's bit as its mask. everything: some
-- slot's chunks can reach p_need by holding any one word, so pruning gains nothing.
CREATE OR REPLACE FUNCTION docsphere_bm25_bound_probes(p_slot integer[], p_term text[], p_ub double precision[], p_need double precision,
  OUT probes tsquery[], OUT masks bigint[], OUT everything boolean)
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE
    grp record;
    part text;
  BEGIN
    probes := '{}';
    masks := '{}';
    everything := false;
    FOR grp IN
      SELECT y.i, array_agg(y.quoted ORDER BY y.n) AS terms, array_agg(y.ub ORDER BY y.n) AS ub, array_agg(y.rest ORDER BY y.n) AS rest
      FROM (
        SELECT x.i, '''' || replace(replace(x.term, '\', '\\'), '''', '''''') || '''' AS quoted, x.ub,
               row_number() OVER (PARTITION BY x.i ORDER BY x.ub DESC, x.term) AS n,
               sum(x.ub) OVER (PARTITION BY x.i ORDER BY x.ub DESC, x.term ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest
        FROM unnest(p_slot, p_term, p_ub) AS x(i, term, ub) WHERE x.ub > 0
      ) y GROUP BY y.i
    LOOP
      part := docsphere_bm25_bound_query(grp.terms, grp.ub, grp.rest, 1, p_need,
        CASE WHEN cardinality(grp.terms) <= 6 THEN 4 WHEN cardinality(grp.terms) <= 10 THEN 3 WHEN cardinality(grp.terms) <= 24 THEN 2 ELSE 1 END);
      IF part = 'TRUE' THEN
        everything := true;
        RETURN;
      ELSIF part <> 'FALSE' THEN
        probes := probes || part::tsquery;
        masks := masks || (1::bigint << (grp.i - 1));
      END IF;
    END LOOP;
  END
  $$;
--> statement-breakpoint
-- The exact BM25F scores of the chunks p_ids that the caller may see (and p_document_ids admits):
-- docsphere_bm25_score_matches (0017) for a list of candidates instead of index probes, the same
-- expression summed in the same order, so a chunk scores bit for bit the same either way.
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
    WITH w AS (
      SELECT x.i, array_agg(x.term) AS terms, array_agg(x.idf) AS idf FROM unnest(p_slot, p_term, p_idf) AS x(i, term, idf) GROUP BY x.i
    )
    SELECT c.id, round(sc.score * 1e9) / 1e9
    FROM chunks c
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
    WHERE c.id = ANY(p_ids)
      AND coalesce(c.stats_scope, c.owner_id) = ANY(p_scopes)
      AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
      AND sc.score > 0
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_score_ids(text[], uuid[], regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
-- The exact top p_limit by impact lists (see the top of this file), or null ids when the lists
-- cannot decide it cheaply: no query word has a list, the rare words' chunks are too many to
-- score whole, too many chunks wait in the log, or the lists run out before the bound falls
-- below the k-th score. The caller then ranks as 0017 does. Natural-language queries only
-- (any chunk holding a query word matches). p_df: the document frequency of each (slot, term)
-- over the visible scopes.
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
    v_more boolean;
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
    LOOP
      -- Candidates: each list's first v_depth postings and the logged chunks.
      SELECT coalesce(array_agg(DISTINCT h.chunk_id), '{}') || coalesce(v_pending, '{}') INTO v_cand
      FROM unnest(v_list) AS l(id)
      CROSS JOIN LATERAL (SELECT i.chunk_id FROM bm25_impacts i WHERE i.list_id = l.id ORDER BY i.impact DESC LIMIT v_depth) h;
      -- What a chunk not scored yet can get from each word: from a listed word no more than the
      -- next posting of its lists (or their floors) allow, from a seed nothing (all its chunks
      -- were scored), from another unlisted word at most idf * (k1 + 1).
      SELECT array_agg(b.key ORDER BY b.key), array_agg(b.w ORDER BY b.key), coalesce(bool_or(b.more), false)
        INTO v_ub_key, v_ub, v_more
      FROM (
        SELECT x.key, max(x.weight * greatest(lst.floor, coalesce(nx.impact, 0))) AS w, bool_or(nx.impact IS NOT NULL) AS more
        FROM unnest(v_list, v_list_key, v_list_weight) AS x(id, key, weight)
        JOIN bm25_impact_lists lst ON lst.id = x.id
        LEFT JOIN LATERAL (SELECT i.impact FROM bm25_impacts i WHERE i.list_id = x.id ORDER BY i.impact DESC OFFSET v_depth LIMIT 1) nx ON true
        GROUP BY x.key
        UNION ALL
        SELECT k, p_idf[k] * (p_k1 + 1), false FROM unnest(v_rare_key) AS k WHERE k <> ALL(v_seed_keys)
      ) b;
      -- A chunk holds the words of its own configuration only: the bound is the largest slot's sum.
      SELECT coalesce(max(y.total), 0) INTO v_bound FROM (SELECT sum(x.ub) AS total FROM unnest(v_ub_key, v_ub) AS x(key, ub) GROUP BY p_slot[x.key]) y;
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
      IF v_bound <= 0 OR (cardinality(ids) >= p_limit AND scores[p_limit] > v_bound + 1e-6) THEN
        -- Tells a test or a benchmark in the same transaction that the lists decided, and how.
        PERFORM set_config('docsphere.bm25_lists', 'lists ' || v_depth, true);
        RETURN;
      END IF;
      EXIT WHEN NOT v_more OR v_depth >= max_depth OR coalesce(cardinality(v_rare_key), 0) > cardinality(v_seed_keys);
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
      IF cardinality(v_probes) > 0 THEN
        SELECT array_agg(m.id ORDER BY m.score DESC, m.id), array_agg(m.score ORDER BY m.score DESC, m.id) INTO ids, scores
        FROM (
          SELECT u.id, u.score FROM (
            SELECT c.id, c.score FROM docsphere_bm25_score_matches(v_probes, v_probe_masks, p_scopes, p_configs, p_document_ids, p_slot, p_term, p_idf, p_avgdl, p_limit, p_k1, p_b, p_hw) AS c
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
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_impact_topk(uuid[], regconfig[], uuid[], integer[], text[], double precision[], bigint[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
-- 0017's search, which first asks the impact lists (docsphere_bm25_impact_topk) and ranks as
-- before only when they cannot decide. JIT is off for both: their statements run for
-- milliseconds on a few hundred rows, and compiling them cost 60-130 ms per statement whenever the
-- planner's estimates for a freshly built list table crossed jit_above_cost.
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
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET jit = off
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
    v_everything boolean;
    v_probes tsquery[];
    v_probe_masks bigint[];
    v_all_q tsquery[];
    v_all_mask bigint[];
    v_avg_row double precision[];
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

    IF NOT p_websearch AND p_limit >= 1 AND p_k1 >= 0 AND p_b BETWEEN 0 AND 1 AND p_head_weight >= 0 THEN
      SELECT t.ids, t.scores INTO v_ids, v_scores
      FROM docsphere_bm25_impact_topk(v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_df, v_avgdl, p_limit, p_k1, p_b, p_head_weight) AS t;
      IF v_ids IS NOT NULL THEN
        RETURN QUERY SELECT u.id, u.score FROM unnest(v_ids, v_scores) WITH ORDINALITY AS u(id, score, n) ORDER BY u.n;
        RETURN;
      END IF;
    END IF;

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
      -- Per configuration, the chunks whose terms' bounds can sum to the guess (less 1e-6 for
      -- the rounding); the probe is any of them, and each fetched chunk must match its own.
      SELECT b.probes, b.masks, b.everything INTO v_probes, v_probe_masks, v_everything
      FROM docsphere_bm25_bound_probes(v_slot, v_term, ARRAY(SELECT x.idf * (p_k1 + 1) FROM unnest(v_idf) WITH ORDINALITY AS x(idf, n) ORDER BY x.n), v_guess - 1e-6) AS b;
      IF v_everything THEN
        RETURN QUERY SELECT * FROM docsphere_bm25_score_matches(v_all_q, v_all_mask, v_scopes, p_configs, p_document_ids, v_slot, v_term, v_idf, v_avgdl, p_limit, p_k1, p_b, p_head_weight);
        RETURN;
      END IF;
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
