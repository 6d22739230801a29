import { chunkMarkdown } from '../chunker/chunker.js';
import type { StageContext } from './stage.js';

/** Cuts the committed Markdown into retrieval chunks; pure, so nothing is written here. */
export async function chunkStage(ctx: StageContext): Promise<void> {
  const { doc } = ctx;
  ctx.chunks = chunkMarkdown({
    documentId: doc.id,
    markdown: doc.markdown ?? '',
    pages: doc.pages,
  });
}
