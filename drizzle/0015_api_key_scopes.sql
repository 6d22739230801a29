ALTER TABLE "api_keys" ADD COLUMN "collection_ids" uuid[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "read_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Hand-written: the key lookup (SECURITY DEFINER, before any user is known) now answers the
-- key's scope too. Its result type changes, so it is dropped and created again, with its grants.
DROP FUNCTION IF EXISTS docsphere_find_api_key(text);
--> statement-breakpoint
CREATE FUNCTION docsphere_find_api_key(p_hash text)
  RETURNS TABLE (id uuid, owner_id uuid, revoked_at timestamptz, collection_ids uuid[], read_only boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT k.id, k.owner_id, k.revoked_at, k.collection_ids, k.read_only FROM api_keys k WHERE k.key_hash = p_hash $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_find_api_key(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_find_api_key(text) TO docsphere_app, docsphere_worker;
