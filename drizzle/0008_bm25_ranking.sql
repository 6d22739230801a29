-- Okapi BM25F inside the database, in both modes: per-chunk field lengths (row trigger), per-owner
-- statistics (statement triggers) and the search function.

CREATE TABLE "bm25_term_deltas" (
	"owner_id" uuid NOT NULL,
	"lexeme" text NOT NULL,
	"df" bigint NOT NULL,
	"len_head" bigint DEFAULT 0 NOT NULL,
	"len_body" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bm25_term_stats" (
	"owner_id" uuid NOT NULL,
	"lexeme" text NOT NULL,
	"df" bigint NOT NULL,
	"len_head" bigint DEFAULT 0 NOT NULL,
	"len_body" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "bm25_term_stats_owner_id_lexeme_pk" PRIMARY KEY("owner_id","lexeme")
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "len_head" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "len_body" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "bm25_term_deltas_owner_lexeme_idx" ON "bm25_term_deltas" USING btree ("owner_id","lexeme");--> statement-breakpoint
--> statement-breakpoint
-- Words joined by a slash or a hyphen become separate words. The default parser reads
-- "osteomalacia/rickets" as one file-path token, indexed unstemmed, that no query for either
-- word finds, and "alkali-processed" as three lexemes (the compound and its parts), which
-- inflates term counts and lengths. Applied to chunk text and queries alike
-- (src/search/lexical-search.ts mirrors it); a dash that starts a word (-exclusion) is kept.
CREATE OR REPLACE FUNCTION docsphere_search_text(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(t, '([[:alnum:]_])[-/](?=[[:alnum:]_])', '\1 ', 'g') $$;
--> statement-breakpoint
DROP INDEX IF EXISTS chunks_search_idx;
--> statement-breakpoint
ALTER TABLE chunks DROP COLUMN search_vector;
--> statement-breakpoint
ALTER TABLE chunks ADD COLUMN search_vector tsvector NOT NULL
  GENERATED ALWAYS AS (setweight(to_tsvector(ts_config, docsphere_search_text(heading_text)), 'A') || setweight(to_tsvector(ts_config, docsphere_search_text(text)), 'B')) STORED;
--> statement-breakpoint
ALTER TABLE chunks ALTER COLUMN search_vector SET STORAGE MAIN;
--> statement-breakpoint
CREATE INDEX chunks_search_idx ON chunks USING gin (search_vector);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_token_count(v tsvector) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT coalesce(sum(cardinality(u.positions)), 0)::integer FROM unnest(v) AS u $$;
--> statement-breakpoint
-- Field lengths from one analysis of the heading path and the body (the same to_tsvector calls
-- the generated search_vector makes).
CREATE OR REPLACE FUNCTION docsphere_chunk_terms() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    NEW.len_head := docsphere_token_count(to_tsvector(NEW.ts_config, docsphere_search_text(NEW.heading_text)));
    NEW.len_body := docsphere_token_count(to_tsvector(NEW.ts_config, docsphere_search_text(NEW.text)));
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER chunks_bm25_terms BEFORE INSERT OR UPDATE OF text, heading_text, ts_config ON chunks
  FOR EACH ROW EXECUTE FUNCTION docsphere_chunk_terms();
--> statement-breakpoint
-- Chunks indexed before this migration (before the statistics triggers exist, so they count once below).
UPDATE chunks SET text = text;
--> statement-breakpoint
-- Statistics: bm25_term_deltas receives one row per (owner, key) per statement that writes
-- chunks, whoever runs it (pipeline, cascaded document delete, bulk load): the triggers below
-- see the statement's rows in transition tables. Keys are per text-search configuration: a
-- configuration's name carries its chunk count and summed field lengths, "<configuration>
-- <lexeme>" a lexeme's document frequency. Each language is its own sub-collection, as separate
-- indexes are in a search engine: "and" is a stop word in English and so would otherwise be a
-- rare, heavily weighted word of the few German chunks that quote English. Writers only insert,
-- so concurrent indexing never waits on a counter.
CREATE OR REPLACE FUNCTION docsphere_bm25_fold(p_owner uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    -- One folder per owner at a time; a transaction that cannot take the lock leaves its deltas
    -- for the next one (readers add pending deltas, so results are exact either way). The lock
    -- is transaction-scoped: a rolled-back fold restores the deltas it removed.
    IF NOT pg_try_advisory_xact_lock(hashtextextended('docsphere_bm25:' || p_owner::text, 0)) THEN
      RETURN;
    END IF;
    WITH moved AS (
      DELETE FROM bm25_term_deltas WHERE owner_id = p_owner RETURNING lexeme, df, len_head, len_body
    )
    INSERT INTO bm25_term_stats AS s (owner_id, lexeme, df, len_head, len_body)
    SELECT p_owner, lexeme, sum(df), sum(len_head), sum(len_body) FROM moved GROUP BY lexeme
    ON CONFLICT (owner_id, lexeme) DO UPDATE
      SET df = s.df + excluded.df, len_head = s.len_head + excluded.len_head, len_body = s.len_body + excluded.len_body;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    o uuid;
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT r.owner_id, r.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 FROM new_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT r.owner_id, r.ts_config::text, count(*), sum(r.len_head), sum(r.len_body) FROM new_rows r GROUP BY 1, 2;
    FOR o IN SELECT DISTINCT owner_id FROM new_rows LOOP
      PERFORM docsphere_bm25_fold(o);
    END LOOP;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_deleted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    o uuid;
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT r.owner_id, r.ts_config::text || ' ' || u.lexeme, -count(*), 0, 0 FROM old_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT r.owner_id, r.ts_config::text, -count(*), -sum(r.len_head), -sum(r.len_body) FROM old_rows r GROUP BY 1, 2;
    FOR o IN SELECT DISTINCT owner_id FROM old_rows LOOP
      PERFORM docsphere_bm25_fold(o);
    END LOOP;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    o uuid;
  BEGIN
    -- Only rows whose terms changed count (writing an embedding, say, changes none). Transition
    -- tables cannot be combined with an UPDATE OF column list, hence the comparison here.
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    WITH changed AS (
      SELECT s.sign, s.owner_id, s.cfg, s.search_vector, s.len_head, s.len_body
      FROM old_rows r JOIN new_rows n ON n.id = r.id
      CROSS JOIN LATERAL (VALUES (-1, r.owner_id, r.ts_config::text, r.search_vector, r.len_head, r.len_body),
                                 (1, n.owner_id, n.ts_config::text, n.search_vector, n.len_head, n.len_body))
        AS s(sign, owner_id, cfg, search_vector, len_head, len_body)
      WHERE r.search_vector IS DISTINCT FROM n.search_vector OR r.ts_config <> n.ts_config OR r.len_head <> n.len_head OR r.len_body <> n.len_body
    )
    SELECT c.owner_id, c.cfg || ' ' || u.lexeme, sum(c.sign), 0, 0 FROM changed c, unnest(c.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT c.owner_id, c.cfg, sum(c.sign), sum(c.sign * c.len_head), sum(c.sign * c.len_body) FROM changed c GROUP BY 1, 2;
    FOR o IN SELECT DISTINCT owner_id FROM new_rows LOOP
      PERFORM docsphere_bm25_fold(o);
    END LOOP;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
INSERT INTO bm25_term_stats (owner_id, lexeme, df, len_head, len_body)
SELECT c.owner_id, c.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 FROM chunks c, unnest(c.search_vector) u GROUP BY 1, 2
UNION ALL
SELECT c.owner_id, c.ts_config::text, count(*), sum(c.len_head), sum(c.len_body) FROM chunks c GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER chunks_bm25_inserted AFTER INSERT ON chunks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_chunks_inserted();
--> statement-breakpoint
CREATE TRIGGER chunks_bm25_deleted AFTER DELETE ON chunks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_chunks_deleted();
--> statement-breakpoint
CREATE TRIGGER chunks_bm25_updated AFTER UPDATE ON chunks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION docsphere_bm25_chunks_updated();
--> statement-breakpoint
-- Like the other tenant tables: the app role reads its own rows only; the functions here run as the owner.
ALTER TABLE bm25_term_stats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_term_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_term_deltas ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE bm25_term_deltas FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY bm25_term_stats_owner ON bm25_term_stats FOR SELECT TO docsphere_app USING (owner_id = docsphere_current_user_id());
--> statement-breakpoint
CREATE POLICY bm25_term_deltas_owner ON bm25_term_deltas FOR SELECT TO docsphere_app USING (owner_id = docsphere_current_user_id());
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON bm25_term_stats, bm25_term_deltas FROM docsphere_app, docsphere_worker;
--> statement-breakpoint
--> statement-breakpoint
-- The tsquery a search matches with in one configuration. Natural language (p_websearch false):
-- any of the query's words, stemmed in the configuration, stop words dropped, nothing read as an
-- operator ("varenicline or bupropion", "G - quadruplex" are words); BM25 orders the matches.
-- Operators (p_websearch true): websearch_to_tsquery, quoted phrases, OR, -exclusion.
CREATE OR REPLACE FUNCTION docsphere_search_tsquery(p_config regconfig, p_query text, p_websearch boolean) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN p_websearch THEN websearch_to_tsquery(p_config, p_query)
      ELSE coalesce((
        SELECT string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' | ')
        FROM unnest(tsvector_to_array(to_tsvector(p_config, p_query))) AS l
      ), '')::tsquery END
  $$;
--> statement-breakpoint
-- Okapi BM25F over the caller's chunks: for each query term t of the chunk's own configuration,
--   idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)),  idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
-- (Lucene's form, never negative), where tf and dl count heading tokens p_head_weight times
-- (BM25F with one b). N, df and avgdl come from bm25_term_stats plus pending deltas of the
-- caller, i.e. exactly the chunks this caller may see (another tenant's documents never move
-- them), per text-search configuration (each language its own sub-collection, see above). Like 0006 it runs as the owner and applies the row-level-security rule itself (there is
-- no owner parameter), so the GIN index stays usable under RLS. Matching is one GIN probe with
-- the OR of the configurations' queries; each chunk is then scored (and, for operator queries,
-- rechecked) against the parse of its own configuration. Scores are rounded to 1e-9: the order of
-- a sum's terms may vary, and equal chunks must tie exactly so that ties fall to the id and a page
-- never reorders between two identical requests.
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
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  ROWS 50
  AS $$
    WITH parse AS (
      SELECT u.i, u.cfg::text AS cfg, docsphere_search_tsquery(u.cfg, p_query, p_websearch) AS q, tsvector_to_array(to_tsvector(u.cfg, p_query)) AS terms
      FROM unnest(p_configs) WITH ORDINALITY AS u(cfg, i)
    ),
    probe AS (
      SELECT coalesce(string_agg(DISTINCT '(' || q::text || ')', ' | ') FILTER (WHERE numnode(q) > 0), '')::tsquery AS q,
             count(DISTINCT q::text) = 1 AS single_parse
      FROM parse
    ),
    wanted AS (SELECT p.cfg || ' ' || t AS key FROM parse p, unnest(p.terms) AS t UNION SELECT p.cfg FROM parse p),
    stats AS (
      SELECT s.lexeme AS key, sum(s.df)::float8 AS df, sum(s.len_body + p_head_weight * s.len_head)::float8 AS len
      FROM (
        SELECT t.lexeme, t.df, t.len_head, t.len_body FROM bm25_term_stats t
        WHERE t.owner_id = (SELECT docsphere_current_user_id()) AND t.lexeme IN (SELECT key FROM wanted)
        UNION ALL
        SELECT d.lexeme, d.df, d.len_head, d.len_body FROM bm25_term_deltas d
        WHERE d.owner_id = (SELECT docsphere_current_user_id()) AND d.lexeme IN (SELECT key FROM wanted)
      ) s
      GROUP BY s.lexeme
    ),
    -- Per configuration: N, avgdl, and its terms with their idf as parallel arrays for the per-chunk loop.
    weights AS (
      SELECT p.i, p.q, greatest(coll.len / greatest(coll.df, 1), 1e-9) AS avgdl,
             coalesce(array_agg(t.term) FILTER (WHERE s.df > 0), '{}') AS terms,
             coalesce(array_agg(ln(1 + (coll.df - s.df + 0.5) / (s.df + 0.5))) FILTER (WHERE s.df > 0), '{}') AS idf
      FROM parse p
      JOIN stats coll ON coll.key = p.cfg
      CROSS JOIN LATERAL unnest(p.terms) AS t(term)
      JOIN stats s ON s.key = p.cfg || ' ' || t.term
      GROUP BY p.i, p.q, coll.len, coll.df
    )
    SELECT c.id, round(sc.score * 1e9) / 1e9
    FROM probe, chunks c
    CROSS JOIN LATERAL (
      SELECT w.q, w.terms, w.idf, w.avgdl FROM weights w WHERE w.i = coalesce(array_position(p_configs, c.ts_config), cardinality(p_configs))
    ) own
    CROSS JOIN LATERAL (
      SELECT sum(own.idf[array_position(own.terms, u.lexeme)] * f.tf * (p_k1 + 1)
                 / (f.tf + p_k1 * (1 - p_b + p_b * (c.len_body + p_head_weight * c.len_head) / own.avgdl))) AS score
      FROM unnest(c.search_vector) AS u
      CROSS JOIN LATERAL (
        SELECT coalesce(cardinality(array_positions(u.weights, 'B')), 0) + p_head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0) AS tf
      ) f
      WHERE u.lexeme = ANY(own.terms)
    ) sc
    WHERE c.owner_id = (SELECT docsphere_current_user_id())
      AND c.search_vector @@ probe.q
      AND (p_document_ids IS NULL OR c.document_id = ANY(p_document_ids))
      AND (probe.single_parse OR c.search_vector @@ own.q)
      AND sc.score > 0
    ORDER BY 2 DESC, 1
    LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_search(regconfig[], text, boolean, uuid[], integer, double precision, double precision, double precision) TO docsphere_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_fold(uuid) FROM PUBLIC;
--> statement-breakpoint
-- ts_rank_cd matching with relaxation tiers is replaced by the function above.
DROP FUNCTION IF EXISTS docsphere_lexical_matches(regconfig[], tsquery[], tsquery[], uuid[], integer);
