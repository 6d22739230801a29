CREATE TYPE "public"."collection_role" AS ENUM('VIEWER', 'EDITOR', 'OWNER');--> statement-breakpoint
CREATE TABLE "collection_documents" (
	"collection_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_documents_collection_id_document_id_pk" PRIMARY KEY("collection_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "collection_members" (
	"collection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "collection_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_members_collection_id_user_id_pk" PRIMARY KEY("collection_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "collection_documents" ADD CONSTRAINT "collection_documents_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_documents" ADD CONSTRAINT "collection_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_members" ADD CONSTRAINT "collection_members_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_members" ADD CONSTRAINT "collection_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_documents_document_idx" ON "collection_documents" USING btree ("document_id","collection_id");--> statement-breakpoint
CREATE INDEX "collection_members_user_idx" ON "collection_members" USING btree ("user_id","collection_id");--> statement-breakpoint
CREATE INDEX "collections_owner_idx" ON "collections" USING btree ("owner_id");--> statement-breakpoint
-- Hand-written: row-level security for sharing. Ownership stays as in 0005 (owner_id =
-- app.user_id); membership is added as extra PERMISSIVE policies, so it only ever widens what an
-- owner already had by the rows of collections the caller is a member of. The membership checks
-- are SECURITY DEFINER functions because a policy on collection_members that queried
-- collection_members would recurse; each answers one question about the current user only.
CREATE OR REPLACE FUNCTION docsphere_member_role(p_collection uuid, p_user uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT m.role::text FROM collection_members m WHERE m.collection_id = p_collection AND m.user_id = p_user $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_collection_role(p_collection uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT docsphere_member_role(p_collection, docsphere_current_user_id()) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION docsphere_collection_owner(p_collection uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT c.owner_id FROM collections c WHERE c.id = p_collection $$;
--> statement-breakpoint
-- What membership grants the current user on a document: 'EDITOR' (an EDITOR or OWNER of some
-- collection holding it), 'VIEWER', or NULL. Ownership of the document is not considered here.
CREATE OR REPLACE FUNCTION docsphere_document_access(p_document uuid) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT CASE WHEN bool_or(m.role IN ('EDITOR', 'OWNER')) THEN 'EDITOR' WHEN count(*) > 0 THEN 'VIEWER' END
    FROM collection_documents cd JOIN collection_members m ON m.collection_id = cd.collection_id
    WHERE cd.document_id = p_document AND m.user_id = docsphere_current_user_id()
  $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['collections', 'collection_members', 'collection_documents']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL TO docsphere_worker USING (true) WITH CHECK (true)', t || '_worker', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE POLICY collections_read ON collections FOR SELECT TO docsphere_app
  USING (owner_id = docsphere_current_user_id() OR docsphere_collection_role(id) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY collections_create ON collections FOR INSERT TO docsphere_app
  WITH CHECK (owner_id = docsphere_current_user_id() AND created_by = docsphere_current_user_id());
--> statement-breakpoint
-- Only the owner changes a collection; ownership may pass only to one of its members.
CREATE POLICY collections_update ON collections FOR UPDATE TO docsphere_app
  USING (owner_id = docsphere_current_user_id())
  WITH CHECK (owner_id = docsphere_current_user_id() OR docsphere_member_role(id, owner_id) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY collections_delete ON collections FOR DELETE TO docsphere_app USING (owner_id = docsphere_current_user_id());
--> statement-breakpoint
CREATE POLICY collection_members_read ON collection_members FOR SELECT TO docsphere_app
  USING (docsphere_collection_role(collection_id) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY collection_members_manage ON collection_members FOR ALL TO docsphere_app
  USING (docsphere_collection_owner(collection_id) = docsphere_current_user_id())
  WITH CHECK (docsphere_collection_owner(collection_id) = docsphere_current_user_id());
--> statement-breakpoint
CREATE POLICY collection_members_leave ON collection_members FOR DELETE TO docsphere_app USING (user_id = docsphere_current_user_id());
--> statement-breakpoint
CREATE POLICY collection_documents_read ON collection_documents FOR SELECT TO docsphere_app
  USING (docsphere_collection_role(collection_id) IS NOT NULL);
--> statement-breakpoint
-- Editors add only documents they own: sharing never spreads someone else's document further.
CREATE POLICY collection_documents_add ON collection_documents FOR INSERT TO docsphere_app
  WITH CHECK (
    docsphere_collection_role(collection_id) IN ('EDITOR', 'OWNER')
    AND added_by = docsphere_current_user_id()
    AND EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id AND d.owner_id = docsphere_current_user_id())
  );
--> statement-breakpoint
CREATE POLICY collection_documents_remove ON collection_documents FOR DELETE TO docsphere_app
  USING (docsphere_collection_role(collection_id) IN ('EDITOR', 'OWNER'));
--> statement-breakpoint
-- Shared documents: members read them and their chunks; editors update (reprocess, cancel) and
-- delete them and record the events of doing so. Ownership policies from 0005 stay as they were.
CREATE POLICY documents_shared_read ON documents FOR SELECT TO docsphere_app USING (docsphere_document_access(id) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY documents_shared_update ON documents FOR UPDATE TO docsphere_app
  USING (docsphere_document_access(id) = 'EDITOR') WITH CHECK (docsphere_document_access(id) = 'EDITOR');
--> statement-breakpoint
CREATE POLICY documents_shared_delete ON documents FOR DELETE TO docsphere_app USING (docsphere_document_access(id) = 'EDITOR');
--> statement-breakpoint
CREATE POLICY chunks_shared_read ON chunks FOR SELECT TO docsphere_app USING (docsphere_document_access(document_id) IS NOT NULL);
--> statement-breakpoint
CREATE POLICY document_events_shared_write ON document_events FOR INSERT TO docsphere_app
  WITH CHECK (docsphere_document_access(document_id) = 'EDITOR');
--> statement-breakpoint
CREATE POLICY document_events_shared_read ON document_events FOR SELECT TO docsphere_app
  USING (docsphere_document_access(document_id) IS NOT NULL);
