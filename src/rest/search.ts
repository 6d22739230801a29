import { getDocuments } from '../services/documents/documents-service.js';
import { searchChunks } from '../services/search/search-service.js';
import { documentJson } from './documents.js';
import { sendJson } from './http-io.js';
import { commonErrors, defineRoute, jsonResponse } from './route.js';
import { SearchQuery, SearchResultsSchema } from './schemas.js';
import { parseCollectionId } from './upload-options.js';

/** The GraphQL `search` field over REST: same service, same ranking, same snippets. */
const search = defineRoute({
  method: 'GET',
  path: '/api/search',
  auth: true,
  query: SearchQuery,
  spec: {
    tags: ['search'],
    summary: 'Search your documents, best first',
    responses: { '200': jsonResponse(SearchResultsSchema, 'Hits'), ...commonErrors() },
  },
  async handle({ c, res, user, query }) {
    const collectionId = parseCollectionId(query.collection, 'collection');
    const hits = await searchChunks(c, user, query.q, query.first, {
      mode: query.mode,
      syntax: query.syntax,
      filter: { ...(collectionId ? { collectionIds: [collectionId] } : {}), ...(query.tag?.length ? { tags: query.tag } : {}) },
    });
    const docs = await getDocuments(c, user.id, [...new Set(hits.map((h) => h.chunk.documentId))]);
    const byId = new Map(docs.map((d) => [d.id, documentJson(d)]));
    sendJson(res, 200, {
      hits: hits.flatMap((h) => {
        const document = byId.get(h.chunk.documentId);
        if (!document) return [];
        const { id, index, content, headings, pageStart, pageEnd } = h.chunk;
        return [{ document, chunk: { id, index, content, headings, pageStart, pageEnd }, score: h.score, snippet: h.snippet }];
      }),
    });
  },
});

export const searchRoutes = [search];
