CREATE TABLE "embedding_spaces" (
	"id" serial PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"dimensions" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "embedding_space" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "embedding_spaces_model_dimensions_key" ON "embedding_spaces" USING btree ("model","dimensions");--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_embedding_space_embedding_spaces_id_fk" FOREIGN KEY ("embedding_space") REFERENCES "public"."embedding_spaces"("id") ON DELETE set null ON UPDATE no action;