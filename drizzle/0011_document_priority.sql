CREATE TYPE "public"."document_priority" AS ENUM('HIGH', 'NORMAL', 'LOW');--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "priority" "document_priority" DEFAULT 'NORMAL' NOT NULL;