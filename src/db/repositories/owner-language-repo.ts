import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { documents } from '../schema/index.js';

/** The language most of the owner's processed documents were detected in, or null. */
export async function dominantLanguage(ex: Executor, ownerId: string): Promise<string | null> {
  const [row] = await ex
    .select({ language: documents.language })
    .from(documents)
    .where(and(eq(documents.ownerId, ownerId), isNotNull(documents.language)))
    .groupBy(documents.language)
    .orderBy(desc(sql`count(*)`), documents.language)
    .limit(1);
  return row?.language ?? null;
}
