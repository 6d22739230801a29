import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../../src/embedder/index.js';
import { EmbeddingsRefusedError, OpenAiEmbedder } from '../../../src/embedder/openai-embedder.js';

/** A scripted /v1/embeddings server on loopback: each request takes the next planned answer. */
type Plan = (
  body: { input: string[]; model: string; dimensions?: number },
  req: IncomingMessage,
) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

let server: Server | undefined;
const seen: { body: { input: string[]; model: string; dimensions?: number }; auth?: string }[] = [];

async function serve(plan: Plan[], fallback?: Plan): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw);
      seen.push({ body, auth: req.headers.authorization });
      const answer = (plan.shift() ?? fallback!)(body, req);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
});

const ok: Plan = (body) => ({
  status: 200,
  // Out of order on purpose: the client must sort by index.
  body: { data: body.input.map((t, index) => ({ index, embedding: [t.length, index, 1] })).reverse() },
});

describe('OpenAI-compatible embedder', () => {
  it('batches, keeps order, learns the dimension, reports progress and sends the key', async () => {
    const url = await serve([], ok);
    const e = new OpenAiEmbedder({ url, model: 'm', apiKey: 'sk-secret', batchSize: 2 });
    const progress: number[] = [];
    const vectors = await e.embed(['a', 'bb', 'ccc', 'dddd', 'eeeee'], { onBatch: (done) => progress.push(done) });
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.body.input.length)).toEqual([2, 2, 1]);
    expect(seen[0]!.auth).toBe('Bearer sk-secret');
    expect(seen[0]!.body.model).toBe('m');
    expect(progress).toEqual([2, 4, 5]);
    expect(e.dimensions).toBe(3);
  });

  it('retries 429 (honouring Retry-After) and 5xx with backoff, then succeeds', async () => {
    const url = await serve(
      [() => ({ status: 429, headers: { 'retry-after': '0' } }), () => ({ status: 503 }), () => ({ status: 500 })],
      ok,
    );
    const e = new OpenAiEmbedder({ url, model: 'm', backoffMs: 10 });
    expect(await e.embed(['x'])).toEqual([[1, 0, 1]]);
    expect(seen).toHaveLength(4);
  });

  it('gives up after its attempts with a TIMEOUT error that does not contain the key', async () => {
    const url = await serve([], () => ({ status: 502 }));
    const e = new OpenAiEmbedder({ url, model: 'm', apiKey: 'sk-secret', attempts: 3, backoffMs: 5 });
    const err = (await e.embed(['x']).then(
      () => new Error('resolved'),
      (x: unknown) => x,
    )) as Error & { code?: string };
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect(err.message).not.toContain('sk-secret');
    expect(seen).toHaveLength(3);
  });

  it('does not retry a request the provider refuses (400)', async () => {
    const url = await serve([], () => ({ status: 400, body: { error: 'bad model' } }));
    const e = new OpenAiEmbedder({ url, model: 'm', backoffMs: 5 });
    await expect(e.embed(['x'])).rejects.toBeInstanceOf(EmbeddingsRefusedError);
    expect(seen).toHaveLength(1);
  });

  it('times out a hanging request and retries it', async () => {
    const url = await serve([() => ({ status: 200, delayMs: 2_000 })], ok);
    const e = new OpenAiEmbedder({ url, model: 'm', timeoutMs: 100, backoffMs: 5 });
    expect(await e.embed(['x'])).toEqual([[1, 0, 1]]);
    expect(seen).toHaveLength(2);
  });

  it('rejects vectors whose dimension changes, and sends configured dimensions', async () => {
    const url = await serve([], (body) => ({ status: 200, body: { data: body.input.map((_t, index) => ({ index, embedding: [1, 2] })) } }));
    const e = new OpenAiEmbedder({ url, model: 'm', dimensions: 3 });
    await expect(e.embed(['x'])).rejects.toThrow(/2 dimensions, expected 3/);
    expect(seen[0]!.body.dimensions).toBe(3);
  });

  it('is the null adapter when no URL is configured', async () => {
    const e = createEmbedder({ embeddings: undefined });
    expect(e.available).toBe(false);
    await expect(e.embed(['x'])).rejects.toThrow();
  });
});
