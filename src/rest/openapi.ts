import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { sendJson } from './http-io.js';
import { defineRoute, type RestRoute } from './route.js';

/**
 * OpenAPI 3.1 for the REST door, generated from the route list (paths, methods, parameter and
 * body schemas are the zod objects the handlers parse with), built once per process.
 */
export function buildOpenApi(routes: readonly RestRoute[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'] = {
      ...route.spec,
      ...(route.auth ? {} : { security: [] }),
      requestParams: { ...(route.params ? { path: route.params } : {}), ...(route.query ? { query: route.query } : {}) },
    };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Docsphere REST API',
      version: '1.0.0',
      description: 'The REST door onto the same services as GraphQL (/graphql). Errors: `{ error: { code, message } }`.',
    },
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}

/**
 * The route that serves the document. It is handed the route list (read on first request, so
 * the list may contain this very route) instead of importing the router, which imports it.
 */
export function openApiRoute(routes: () => readonly RestRoute[]): RestRoute {
  let cached: ReturnType<typeof buildOpenApi> | undefined;
  return defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    auth: false,
    spec: { tags: ['meta'], summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 JSON' } } },
    async handle({ res }) {
      cached ??= buildOpenApi(routes());
      sendJson(res, 200, cached, { 'cache-control': 'public, max-age=300' });
    },
  });
}
