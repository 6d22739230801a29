import type { Container } from '../app/container.js';
import { badInput } from '../errors.js';
import { lexicalSearch } from '../search/lexical-search.js';
import type { AuthUser } from './auth-service.js';

const MAX_RESULTS = 100;
const MAX_QUERY_LENGTH = 1000;

export async function searchChunks(c: Container, user: AuthUser, query: string, first: number) {
  const q = query.trim();
  if (!q) throw badInput('Search query must not be empty', { field: 'query' });
  if (q.length > MAX_QUERY_LENGTH) throw badInput(`Search query is longer than ${MAX_QUERY_LENGTH} characters`);
  if (first < 1 || first > MAX_RESULTS) throw badInput(`first must be between 1 and ${MAX_RESULTS}`, { field: 'first' });
  return lexicalSearch(c.db, user.id, q, first);
}
