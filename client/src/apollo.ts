import { ApolloClient, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { refreshSession, requestHeaders } from './session.js';

export type UploadProgress = (loaded: number, total: number) => void;

/**
 * Sends the request; when the access token has expired (401), renews the session once and
 * sends it again, so a user in the middle of work is not thrown out every few minutes.
 */
async function authedFetch(url: string | URL | Request, init: RequestInit & { onUploadProgress?: UploadProgress } = {}): Promise<Response> {
  const first = await xhrFetch(url, init);
  if (first.status !== 401 || !(await refreshSession())) return first;
  return xhrFetch(url, init);
}

/**
 * `fetch` over XMLHttpRequest: fetch cannot report upload progress, XHR can. Apollo passes the
 * operation's `context.fetchOptions` here, so a mutation opts in with `onUploadProgress`.
 */
function xhrFetch(url: string | URL | Request, init: RequestInit & { onUploadProgress?: UploadProgress } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method ?? 'POST', String(url));
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(requestHeaders())) headers.set(k, v);
    headers.forEach((value, key) => xhr.setRequestHeader(key, value));
    xhr.responseType = 'text';
    if (init.onUploadProgress) {
      const report = init.onUploadProgress;
      xhr.upload.onprogress = (e) => report(e.loaded, e.lengthComputable ? e.total : 0);
    }
    xhr.onload = () => {
      const responseHeaders = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const i = line.indexOf(':');
        if (i > 0) responseHeaders.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      resolve(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: responseHeaders }));
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    init.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(init.body as XMLHttpRequestBodyInit | null);
  });
}

export const apolloClient = new ApolloClient({
  // One link for everything over HTTP: plain JSON, or the multipart request spec for files.
  link: new UploadHttpLink({ uri: '/graphql', fetch: authedFetch as typeof fetch }),
  cache: new InMemoryCache({
    typePolicies: {
      Query: { fields: { documents: { keyArgs: ['filter', 'sort', 'after', 'first'] } } },
      // "Load more" appends the next page of chunks to the ones already shown.
      Document: { fields: { chunks: relayStylePagination() } },
    },
  }),
});
