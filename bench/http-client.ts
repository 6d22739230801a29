/**
 * The search bench's GraphQL client: a JSON POST over one kept-alive `node:http` connection.
 *
 * Not `fetch`: Node 20's fetch (undici with WHATWG streams) spends 0.4-0.9 ms of the bench
 * process's CPU per request at p50 and 1-3 ms at p95 against this connection on the bench
 * machine (measured: `{ __typename }` 0.82 / 2.14 ms p50 / p95 with fetch, 0.38 / 0.74 ms with
 * node:http). The bench compares the server's cost with postgres.js's, a lean client on a kept
 * connection, so the GraphQL side gets a lean client on a kept connection too.
 */
import http from 'node:http';
import type { GraphQLResponse } from '../tests/helpers/graphql-client.js';

export class LeanGraphQLClient {
  token?: string;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly url: string) {}

  request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const body = JSON.stringify({ query, variables });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(this.url, { method: 'POST', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLResponse<T>);
          } catch (err) {
            reject(new Error(`HTTP ${res.statusCode}: not JSON`, { cause: err }));
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** GET `url` (a REST route of the same server) over the same kept-alive connection; JSON body. */
  getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'GET', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T });
          } catch (err) {
            reject(new Error(`HTTP ${res.statusCode}: not JSON`, { cause: err }));
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
