-- Custom migration: the BM25 statistics write path costs one analysis per text instead of three,
-- and indexing transactions no longer fold statistics (issue 19, BENCHMARKS.md "Ingest").
--
-- Before, every chunk insert analysed its heading and body in the generated search_vector, then
-- again in the chunks_bm25_terms row trigger for the field lengths (to_tsvector is about 1 ms per
-- 1,200 characters on PGlite), and every indexing statement folded its owner's deltas into
-- bm25_term_stats (delete + upsert of one row per lexeme) inside the indexing transaction.
-- Now search_vector is a plain column that the row trigger fills from the same two analyses that
-- give len_head and len_body, and the statement triggers only append deltas; the worker role's
-- periodic duty folds them (docsphere_bm25_fold_pending). Readers already add pending deltas to
-- bm25_term_stats (0008, 0009), so every score stays exactly what it was; the tables, their keys
-- ("<config>", "<config> <lexeme>") and their meaning are unchanged.
ALTER TABLE "chunks" ALTER COLUMN "search_vector" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "chunks" ALTER COLUMN "search_vector" SET DEFAULT ''::tsvector;--> statement-breakpoint
-- The same expressions as the generated column (and the old trigger's lengths), each text analysed
-- once. A search_vector written directly is rebuilt too: the column is always derived.
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
    RETURN NEW;
  END
  $$;
--> statement-breakpoint
DROP TRIGGER chunks_bm25_terms ON chunks;
--> statement-breakpoint
CREATE TRIGGER chunks_bm25_terms BEFORE INSERT OR UPDATE OF text, heading_text, ts_config, search_vector ON chunks
  FOR EACH ROW EXECUTE FUNCTION docsphere_chunk_terms();
--> statement-breakpoint
-- The statement triggers of 0008 without the fold: writers only append.
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT r.owner_id, r.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 FROM new_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT r.owner_id, r.ts_config::text, count(*), sum(r.len_head), sum(r.len_body) FROM new_rows r GROUP BY 1, 2;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_deleted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO bm25_term_deltas (owner_id, lexeme, df, len_head, len_body)
    SELECT r.owner_id, r.ts_config::text || ' ' || u.lexeme, -count(*), 0, 0 FROM old_rows r, unnest(r.search_vector) u GROUP BY 1, 2
    UNION ALL
    SELECT r.owner_id, r.ts_config::text, -count(*), -sum(r.len_head), -sum(r.len_body) FROM old_rows r GROUP BY 1, 2;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_bm25_chunks_updated() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
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
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
-- Folds the pending deltas of every owner that has any (each under docsphere_bm25_fold's
-- per-owner try-lock, so two workers never fold one owner at once and an owner being folded
-- elsewhere is skipped); at most p_owners owners per call, so one pass stays short. Returns the
-- number of owners seen. Called by the worker role's periodic duty (src/app/bm25-fold-duty.ts).
CREATE OR REPLACE FUNCTION docsphere_bm25_fold_pending(p_owners integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    o uuid;
    n integer := 0;
  BEGIN
    FOR o IN SELECT DISTINCT d.owner_id FROM bm25_term_deltas d LIMIT p_owners LOOP
      PERFORM docsphere_bm25_fold(o);
      n := n + 1;
    END LOOP;
    RETURN n;
  END
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_bm25_fold_pending(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_bm25_fold_pending(integer) TO docsphere_worker;
