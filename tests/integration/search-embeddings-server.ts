import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible `/v1/embeddings` server on loopback, for tests and the search bench.
 * Vectors are deterministic: words and character trigrams hashed into `dimensions` buckets,
 * L2-normalised, so cosine similarity follows shared vocabulary and spelling. `synonyms` map
 * words onto one bucket, which lets a test show ranking that full-text search cannot produce.
 */
export interface FakeEmbeddings {
  url: string;
  /** Every input text received, in order. */
  inputs: string[];
  requests: number;
  /** Answers the next N requests with this status before serving normally. */
  failNext(statuses: number[]): void;
  close(): Promise<void>;
}

const bucket = (token: string, dims: number) => createHash('sha1').update(token).digest().readUInt32BE(0) % dims;

export function hashEmbedding(text: string, dims: number, synonyms: Record<string, string> = {}): number[] {
  const v = new Array<number>(dims).fill(0);
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const raw of words) {
    const word = synonyms[raw] ?? raw;
    v[bucket(`w:${word}`, dims)]! += 1;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) v[bucket(`t:${padded.slice(i, i + 3)}`, dims)]! += 0.25;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export async function startFakeEmbeddings(
  options: { dimensions?: number; synonyms?: Record<string, string> } = {},
): Promise<FakeEmbeddings> {
  const inputs: string[] = [];
  const failures: number[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests++;
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const failure = failures.shift();
      if (failure) {
        res.writeHead(failure, failure === 429 ? { 'retry-after': '0' } : {}).end('{"error":"busy"}');
        return;
      }
      const json = JSON.parse(body) as { input: string[]; dimensions?: number };
      const dims = json.dimensions ?? options.dimensions ?? 64;
      inputs.push(...json.input);
      const data = json.input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: hashEmbedding(text, dims, options.synonyms),
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'hash' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    inputs,
    get requests() {
      return requests;
    },
    failNext: (statuses) => void failures.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
