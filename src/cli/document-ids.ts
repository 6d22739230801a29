/**
 * Short document IDs, as git shows commits: tables print the first 8 characters of the UUID,
 * and commands that take an ID accept any unique prefix of it (as well as the full UUID or
 * the GraphQL global ID `ls --json` prints).
 */
import { AppError, ErrorCode, notFound } from '../errors.js';
import type { ApiClient, ApiDocument } from './api-client.js';

export const SHORT_ID_LENGTH = 8;

export const shortId = (doc: Pick<ApiDocument, 'uuid'>) => doc.uuid.slice(0, SHORT_ID_LENGTH);

const UUID_PREFIX = /^[0-9a-f][0-9a-f-]{3,34}$/i;

/** The ID to send to the server for what the user typed: a prefix is looked up among their documents. */
export async function resolveDocumentId(api: ApiClient, typed: string): Promise<string> {
  if (!UUID_PREFIX.test(typed)) return typed;
  const prefix = typed.toLowerCase();
  const matches: string[] = [];
  let after: string | null = null;
  do {
    const params = new URLSearchParams({ first: '100', ...(after ? { after } : {}) });
    const page: { items: ApiDocument[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = await api.request(
      `/api/documents?${params}`,
    );
    matches.push(...page.items.filter((d) => d.uuid.startsWith(prefix)).map((d) => d.uuid));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && matches.length < 2);
  if (matches.length === 0) throw notFound('Document');
  if (matches.length > 1) throw new AppError(ErrorCode.BAD_USER_INPUT, `ID prefix ${typed} matches several documents; type more of it`);
  return matches[0]!;
}
