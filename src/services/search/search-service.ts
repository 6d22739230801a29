import type { Container } from '../../app/container.js';
import { badInput } from '../../errors.js';
import { semanticAvailable } from '../../search/capabilities.js';
import { search, searchModes, type SearchHit, type SearchMode } from '../../search/hybrid-search.js';
import { searchSyntaxes, type SearchFilter, type SearchSyntax } from '../../search/types.js';
import type { AuthUser } from '../auth/types.js';
import { normalizeTagFilter } from '../documents/document-metadata.js';
import { requireCollectionRole } from '../collections/collection-access.js';

const MAX_RESULTS = 100;
const MAX_QUERY_LENGTH = 1000;
const MAX_FILTER_ITEMS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SearchOptions {
  mode?: SearchMode | null;
  syntax?: SearchSyntax | null;
  filter?: SearchFilter | null;
}

/** Validates at the door so bad input is a BAD_USER_INPUT, never a SQL error (e.g. a malformed uuid). */
function checkFilter(filter: SearchFilter): SearchFilter {
  for (const key of ['documentIds', 'mimeTypes', 'collectionIds'] as const) {
    if ((filter[key]?.length ?? 0) > MAX_FILTER_ITEMS)
      throw badInput(`filter.${key} takes at most ${MAX_FILTER_ITEMS} values`, { field: key });
  }
  if (filter.documentIds?.some((id) => !UUID.test(id))) throw badInput('filter.documentIds must be document ids', { field: 'documentIds' });
  if (filter.collectionIds?.some((id) => !UUID.test(id)))
    throw badInput('filter.collectionIds must be collection ids', { field: 'collectionIds' });
  if (filter.createdAfter && filter.createdBefore && filter.createdAfter >= filter.createdBefore) {
    throw badInput('filter.createdAfter must be before filter.createdBefore', { field: 'createdAfter' });
  }
  if (filter.language && !/^[a-z]{2}$/.test(filter.language)) {
    throw badInput('filter.language is a two-letter ISO 639-1 code, e.g. "en"', { field: 'language' });
  }
  return { ...filter, tags: normalizeTagFilter(filter.tags) };
}

/**
 * Search over every chunk the caller may see (their documents and their collections'), or over
 * some collections with filter.collectionIds; `search(query, first)` alone means HYBRID with no
 * filter.
 */
export async function searchChunks(
  c: Container,
  user: AuthUser,
  query: string,
  first: number,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const q = query.trim();
  if (!q) throw badInput('Search query must not be empty', { field: 'query' });
  if (q.length > MAX_QUERY_LENGTH) throw badInput(`Search query is longer than ${MAX_QUERY_LENGTH} characters`);
  if (first < 1 || first > MAX_RESULTS) throw badInput(`first must be between 1 and ${MAX_RESULTS}`, { field: 'first' });
  const mode = options.mode ?? 'HYBRID';
  if (!searchModes.includes(mode)) throw badInput(`Unknown search mode ${String(mode)}`, { field: 'mode' });
  const syntax = options.syntax ?? 'NATURAL';
  if (!searchSyntaxes.includes(syntax)) throw badInput(`Unknown search syntax ${String(syntax)}`, { field: 'syntax' });
  const filter = checkFilter(options.filter ?? {});
  if (filter.collectionIds) await requireMemberships(c, user, filter.collectionIds);
  return search(c, user.id, { query: q, first, mode, syntax, filter });
}

/**
 * A collection the caller is not a member of is NOT_FOUND, rather than silently matching nothing,
 * so a typo in a RAG app's configuration shows at once.
 */
async function requireMemberships(c: Container, user: AuthUser, collectionIds: readonly string[]) {
  for (const id of collectionIds) await requireCollectionRole(c, user, id, 'VIEWER');
}

/** The modes this server can serve now: clients use it to offer (or hide) a semantic toggle. */
export function availableSearchModes(c: Container): SearchMode[] {
  return semanticAvailable(c) ? [...searchModes] : ['LEXICAL', 'HYBRID'];
}
