import { chunkMarkdown } from '../chunker/chunker.js';
import type { StageContext } from './stage.js';

/** Cuts the committed Markdown into retrieval chunks; pure, so nothing is written here. */
export async function chunkStage(ctx: StageContext): Promise<void> {
  const { doc, conversion } = ctx;
  // The convert stage always runs first in the same job; its result is the committed content.
  if (!conversion) throw new Error('chunk stage ran without a conversion');
  // CHUNK_MAX_TOKENS / CHUNK_OVERLAP_TOKENS: changing them re-cuts (and so re-embeds) on reprocess.
  ctx.chunks = chunkMarkdown(
    {
      documentId: doc.id,
      markdown: conversion.markdown,
      // The conversion of this run (fresh or from the extraction cache) carries the PDF line
      // boxes, which the stored page spans leave out to keep document rows small.
      pages: conversion.pages,
    },
    { maxTokens: ctx.c.config.chunk.maxTokens, overlapTokens: ctx.c.config.chunk.overlapTokens },
  );
}
