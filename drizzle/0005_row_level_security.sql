-- Custom migration (drizzle-kit generate --custom): tenant isolation in the database itself.
--
-- Runs as the owner role (DATABASE_MIGRATION_URL, or DATABASE_URL). The application never uses
-- that role at run time: the API connects as docsphere_app, which owns nothing and cannot bypass
-- row-level security; every user-facing transaction sets app.user_id, so a query that forgets
-- its owner filter still sees only the caller's rows, and a query without a user sees none.
-- The pipeline, which acts on a document by id without a user, runs as docsphere_worker: a
-- separate role whose policy is explicit below. Superusers (PGlite, the owner) bypass RLS, so the
-- embedded default relies on the application's own owner checks, which hold in both modes.
DO $$
BEGIN
  BEGIN
    CREATE ROLE docsphere_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE docsphere_worker NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;
--> statement-breakpoint
-- The worker may drop to the user role for a transaction that acts for a user.
GRANT docsphere_app TO docsphere_worker;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO docsphere_app, docsphere_worker;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO docsphere_app, docsphere_worker;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO docsphere_app, docsphere_worker;
--> statement-breakpoint
-- Tables added by later migrations (run by the same owner) are usable without another GRANT.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO docsphere_app, docsphere_worker;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO docsphere_app, docsphere_worker;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['documents', 'chunks', 'document_events', 'api_keys', 'refresh_tokens', 'audit_log']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL TO docsphere_worker USING (true) WITH CHECK (true)', t || '_worker', t);
    IF t <> 'audit_log' THEN
      EXECUTE format(
        'CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL TO docsphere_app USING (owner_id = docsphere_current_user_id()) WITH CHECK (owner_id = docsphere_current_user_id())',
        t || '_owner', t);
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
-- The audit log: a user reads their own trail; rows without an owner (failed logins of unknown
-- accounts) may be written but are read by operators only.
CREATE POLICY audit_log_owner_read ON audit_log FOR SELECT TO docsphere_app USING (owner_id = docsphere_current_user_id());
--> statement-breakpoint
CREATE POLICY audit_log_owner_write ON audit_log FOR INSERT TO docsphere_app
  WITH CHECK (owner_id IS NULL OR owner_id = docsphere_current_user_id());
--> statement-breakpoint
-- Append-only: no UPDATE or DELETE for the application roles, and a trigger for everyone else.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM docsphere_app, docsphere_worker;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_audit_log_immutable() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION docsphere_audit_log_immutable();
--> statement-breakpoint
-- Credential lookups happen before the user is known (that is what they are for). These two
-- functions run as the owner and answer exactly one question each, by hash, so the application
-- role never needs a policy that shows it other users' keys or tokens.
CREATE OR REPLACE FUNCTION docsphere_find_api_key(p_hash text)
  RETURNS TABLE (id uuid, owner_id uuid, revoked_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT k.id, k.owner_id, k.revoked_at FROM api_keys k WHERE k.key_hash = p_hash $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_find_refresh_token(p_hash text)
  RETURNS TABLE (id uuid, owner_id uuid, family_id uuid, expires_at timestamptz, replaced_at timestamptz, revoked_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT r.id, r.owner_id, r.family_id, r.expires_at, r.replaced_at, r.revoked_at FROM refresh_tokens r WHERE r.token_hash = p_hash $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION docsphere_find_api_key(text), docsphere_find_refresh_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION docsphere_find_api_key(text), docsphere_find_refresh_token(text) TO docsphere_app, docsphere_worker;
