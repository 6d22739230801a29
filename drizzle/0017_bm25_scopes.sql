CREATE TABLE "bm25_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"collection_ids" uuid[] NOT NULL,
	CONSTRAINT "bm25_scopes_owner_collections_key" UNIQUE("owner_id","collection_ids")
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "stats_scope" uuid;--> statement-breakpoint
-- Custom part: BM25 statistics per scope, so search ranks every chunk a caller may see (own
-- documents and their collections' documents) with statistics over exactly that set (issue 17).
--
-- bm25_term_stats/bm25_term_deltas keep their layout; their owner_id column now holds a scope id:
-- the owner's id for chunks of documents in no collection (so every existing row stays right), a
-- bm25_scopes id for chunks of documents that collections hold. chunks.stats_scope names the
-- scope (null: the owner's), set on insert by the chunks_bm25_terms trigger and moved by
-- docsphere_bm25_rescope whenever collection_documents changes; the statement triggers count a
-- move as a delete from one scope and an insert into the other. A caller's statistics are the
-- sums over their visible scopes, which are disjoint, so no chunk counts twice and no chunk they
-- cannot see counts at all. The search reads them in two steps: the configuration rows of each
-- visible scope first, then only those scopes' keys of those configurations, and pending deltas
-- only when a visible scope has any (asking every scope for every key of every configuration
-- cost ~2700 index probes for a long claim over 60 scopes: 32-45 ms, now 11 ms).
CREATE INDEX bm25_scopes_collections_idx ON bm25_scopes USING gin (collection_ids);
--> statement-breakpoint
-- Read and written only by the SECURITY DEFINER functions below.
ALTER TABLE bm25_scopes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_scopes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The scope of document p_document (owned by p_owner) now, made on first use. Takes the
-- document's scope lock to the end of the transaction, as docsphere_bm25_rescope does: a chunk
-- inserted while its document joins or leaves a collection either waits for that change and sees
-- it (each statement here reads a fresh snapshot), or is moved by it.
CREATE OR REPLACE FUNCTION docsphere_bm25_document_scope(p_document uuid, p_owner uuid) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    cols uuid[];
    sid uuid;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('docsphere_bm25_scope:' || p_document::text, 0));
    SELECT array_agg(cd.collection_id ORDER BY cd.collection_id) INTO cols FROM collection_documents cd WHERE cd.document_id = p_document;
    IF cols IS NULL THEN
      RETURN p_owner;
    END IF;
    SELECT s.id INTO sid FROM bm25_scopes s WHERE s.owner_id = p_owner AND s.collection_ids = cols;
    IF sid IS NULL THEN
      INSERT INTO bm25_scopes (owner_id, collection_ids) VALUES (p_owner, cols) ON CONFLICT DO NOTHING RETURNING id INTO sid;
      IF sid IS NULL THEN
        -- Made by a concurrent transaction that has committed since (ON CONFLICT waited for it).
        SELECT s.id INTO sid FROM bm25_scopes s WHERE s.owner_id = p_owner AND s.collection_ids = cols;
      END IF;
    END IF;
    RETURN sid;
  END
  $$;
--> statement-breakpoint
-- Moves the chunks of p_documents to their documents' current scopes (documents in id order, so
-- two callers never wait on each other's locks in a cycle). A document already deleted is skipped:
-- its chunks are being deleted with it.
CREATE OR REPLACE FUNCTION docsphere_bm25_rescope(p_documents uuid[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    d uuid;
    o uuid;
    s uuid;
  BEGIN
    FOR d IN SELECT DISTINCT x.id FROM unnest(p_documents) AS x(id) ORDER BY 1 LOOP
      o := (SELECT doc.owner_id FROM documents doc WHERE doc.id = d);
      CONTINUE WHEN o IS NULL;
      s := nullif(docsphere_bm25_document_scope(d, o), o);
      UPDATE chunks c SET stats_scope = s WHERE c.document_id = d AND c.stats_scope IS DISTINCT FROM s;
    END LOOP;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_collection_documents_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM docsphere_bm25_rescope(ARRAY(SELECT r.document_id FROM new_rows r));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM docsphere_bm25_rescope(ARRAY(SELECT r.document_id FROM old_rows r));
    ELSE
      PERFORM docsphere_bm25_rescope(ARRAY(SELECT r.document_id FROM old_rows r UNION SELECT r.document_id FROM new_rows r));
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER collection_documents_bm25_added AFTER INSERT ON collection_documents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_collection_documents_changed();
--> statement-breakpoint
CREATE TRIGGER collection_documents_bm25_removed AFTER DELETE ON collection_documents REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_collection_documents_changed();
--> statement-breakpoint
CREATE TRIGGER collection_documents_bm25_moved AFTER UPDATE ON collection_documents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_collection_documents_changed();
--> statement-breakpoint
-- 0013's row trigger, plus the scope of a new chunk.
CREATE OR REPLACE FUNCTION docsphere_chunk_terms() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    head tsvector := to_tsvector(NEW.ts_config, docsphere_search_text(NEW.heading_text));
    body tsvector := to_tsvector(NEW.ts_config, docsphere_search_text(NEW.text));
  BEGIN
    NEW.search_vector := setweight(head, 'A') || setweight(body, 'B');
    SELECT (SELECT coalesce(sum(cardinality(u.positions)), 0)::integer FROM unnest(head) AS u),
           (SELECT coalesce(sum(cardinality(u.positions)), 0)::integer FROM unnest(body) AS u)
      INTO NEW.len_head, NEW.len_body;
    IF TG_OP = 'INSERT' THEN
      NEW.stats_scope := nullif(docsphere_bm25_document_scope(NEW.document_id, NEW.owner_id), NEW.owner_id);
    END IF;
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
-- 0013's statement triggers, counting each chunk in its scope.
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 FROM new_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT coalesce(r.stats_scope, r.owner_id), r.ts_config::text, count(*), sum(r.len_head), sum(r.len_body) FROM new_rows r GROUP BY 1, 2;
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
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    -- Only rows whose terms or scope changed count (writing an embedding, say, changes neither).
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    WITH changed AS (
      SELECT s.sign, s.scope, s.cfg, s.search_vector, s.len_head, s.len_body
      FROM old_rows r JOIN new_rows n ON n.id = r.id
      CROSS JOIN LATERAL (VALUES (-1, coalesce(r.stats_scope, r.owner_id), r.ts_config::text, r.search_vector, r.len_head, r.len_body),
                                 (1, coalesce(n.stats_scope, n.owner_id), n.ts_config::text, n.search_vector, n.len_head, n.len_body))
        AS s(sign, scope, cfg, search_vector, len_head, len_body)
      WHERE r.search_vector IS DISTINCT FROM n.search_vector OR r.ts_config <> n.ts_config OR r.len_head <> n.len_head OR r.len_body <> n.len_body
         OR coalesce(r.stats_scope, r.owner_id) <> coalesce(n.stats_scope, n.owner_id)
    )
    SELECT c.scope, c.cfg || ' ' || u.lexeme, sum(c.sign), 0, 0 FROM changed c, unnest(c.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT c.scope, c.cfg, sum(c.sign), sum(c.sign * c.len_head), sum(c.sign * c.len_body) FROM changed c GROUP BY 1, 2;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
-- Chunks of documents that collections held before this migration.
SELECT docsphere_bm25_rescope(ARRAY(SELECT DISTINCT cd.document_id FROM collection_documents cd));
--> statement-breakpoint
-- The scopes whose chunks the current user may see: their own documents' (their id and every
-- scope they own) and those of every collection they are a member of; with p_collections (a
-- collection filter, a scoped API key), only the scopes of those of the listed collections they
-- are a member of, which leaves out their own documents outside them. Also the fast form of the
-- visibility rule for chunks (search filters by it).
CREATE OR REPLACE FUNCTION docsphere_bm25_visible_scopes(p_collections uuid[]) RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH me AS (SELECT docsphere_current_user_id() AS id),
    member AS (
      SELECT coalesce(array_agg(m.collection_id), '{}') AS ids FROM collection_members m, me
      WHERE m.user_id = me.id AND (p_collections IS NULL OR m.collection_id = ANY(p_collections))
    )
    SELECT coalesce(array_agg(DISTINCT x.id), '{}') FROM (
      SELECT me.id FROM me WHERE p_collections IS NULL AND me.id IS NOT NULL
      UNION ALL SELECT s.id FROM bm25_scopes s, me WHERE p_collections IS NULL AND s.owner_id = me.id
      UNION ALL SELECT s.id FROM bm25_scopes s, member WHERE s.collection_ids && member.ids
    ) x
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_visible_scopes(uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_visible_scopes(uuid[]) TO docsphere_app;
--> statement-breakpoint
-- The app role reads the statistics of the scopes it may see (0008: its own owner id only).
DROP POLICY bm25_term_stats_owner ON bm25_term_stats;
--> statement-breakpoint
DROP POLICY bm25_term_deltas_owner ON bm25_term_deltas;
--> statement-breakpoint
CREATE POLICY bm25_term_stats_visible ON bm25_term_stats FOR SELECT TO docsphere_app USING (owner_id = ANY(docsphere_bm25_visible_scopes(NULL)));
--> statement-breakpoint
CREATE POLICY bm25_term_deltas_visible ON bm25_term_deltas FOR SELECT TO docsphere_app USING (owner_id = ANY(docsphere_bm25_visible_scopes(NULL)));
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_document_scope(uuid, uuid), docsphere_bm25_rescope(uuid[]) FROM PUBLIC;
--> statement-breakpoint
-- The chunk row trigger runs as whoever writes chunks.
GRANT EXECUTE ON FUNCTION docsphere_bm25_document_scope(uuid, uuid) TO docsphere_app, docsphere_worker;
--> statement-breakpoint
-- 0009's functions over the caller's visible scopes instead of their own chunks only.
DROP FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision);
--> statement-breakpoint
DROP FUNCTION docsphere_bm25_score_matches(tsquery[], bigint[], uuid, regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision);
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
    WITH w AS (
      SELECT x.i, array_agg(x.term) AS terms, array_agg(x.idf) AS idf FROM unnest(p_slot, p_term, p_idf) AS x(i, term, idf) GROUP BY x.i
    )
    SELECT c.id, round(sc.score * 1e9) / 1e9
    FROM unnest(p_probe, p_probe_mask) AS pr(q, m)
    CROSS JOIN LATERAL (
      SELECT c.id, c.ts_config, c.search_vector, c.len_body, c.len_head FROM chunks c
      WHERE coalesce(c.stats_scope, c.owner_id) = ANY(p_scopes)
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
REVOKE ALL ON FUNCTION docsphere_bm25_score_matches(tsquery[], bigint[], uuid[], regconfig[], uuid[], integer[], text[], double precision[], double precision[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
-- p_collection_ids: search only the documents of these collections (see docsphere_bm25_visible_scopes).
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
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision, uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision, uuid[]) TO docsphere_app;
