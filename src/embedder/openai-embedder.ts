import { AppError, ErrorCode } from '../errors.js';
import type { Embedder, EmbedOptions } from './embedder.js';

export interface OpenAiEmbedderOptions {
  /** Base URL up to and including the API version, e.g. `http://127.0.0.1:11434/v1`. */
  url: string;
  model: string;
  apiKey?: string;
  dimensions?: number;
  /** Texts per request: providers cap the input array (OpenAI at 2048) and the request size. */
  batchSize?: number;
  /** Tries per batch on 429, 5xx, timeouts and connection errors. */
  attempts?: number;
  timeoutMs?: number;
  /** First backoff; doubled per try, with jitter, capped at 30 s (or the server's Retry-After). */
  backoffMs?: number;
}

interface EmbeddingsResponse {
  data?: { index?: number; embedding?: unknown }[];
}

/** A failure worth another try: the provider is busy or briefly down, not refusing our input. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The provider refused the request itself (bad key, unknown model): retrying cannot help. */
export class EmbeddingsRefusedError extends AppError {
  constructor(status: number) {
    super(ErrorCode.INTERNAL, `Embeddings provider refused the request (HTTP ${status})`, { status });
  }
}

const MAX_BACKOFF_MS = 30_000;

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * OpenAI-compatible embeddings client. Errors the provider will repeat (400, 401, 404) fail at
 * once; busy or broken answers (429, 5xx, timeouts, resets) are retried with exponential backoff,
 * honouring Retry-After. The API key goes only into the Authorization header, never into an
 * error message or log line.
 */
export class OpenAiEmbedder implements Embedder {
  readonly available = true;
  readonly model: string;
  private dims: number | undefined;
  private readonly endpoint: string;
  private readonly batchSize: number;
  private readonly attempts: number;
  private readonly timeoutMs: number;
  private readonly backoffMs: number;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.model = options.model;
    this.dims = options.dimensions;
    this.endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
    this.batchSize = options.batchSize ?? 64;
    this.attempts = options.attempts ?? 5;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.backoffMs = options.backoffMs ?? 500;
  }

  get dimensions(): number | undefined {
    return this.dims;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      out.push(...(await this.withRetries(batch, options.signal)));
      options.onBatch?.(out.length, texts.length);
    }
    return out;
  }

  private async withRetries(batch: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(batch, signal);
      } catch (err) {
        if (!(err instanceof RetryableError) || signal?.aborted) throw err;
        if (attempt >= this.attempts) {
          throw new AppError(ErrorCode.TIMEOUT, `Embeddings provider failed ${attempt} times: ${err.message}`);
        }
        const exp = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** (attempt - 1));
        const wait = err.retryAfterMs !== undefined ? Math.min(MAX_BACKOFF_MS, err.retryAfterMs) : exp * (0.5 + Math.random() / 2);
        await sleep(wait, signal);
      }
    }
  }

  private async request(batch: readonly string[], signal?: AbortSignal): Promise<number[][]> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const body: Record<string, unknown> = { model: this.model, input: batch, encoding_format: 'float' };
    if (this.options.dimensions) body.dimensions = this.options.dimensions;
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new RetryableError(timeout.aborted ? `no answer in ${this.timeoutMs} ms` : `request failed (${(err as Error).message})`);
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new RetryableError(`HTTP ${res.status}`, retryAfter(res.headers.get('retry-after')));
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new EmbeddingsRefusedError(res.status);
    }
    return this.parse((await res.json()) as EmbeddingsResponse, batch.length);
  }

  /** Checks shape and dimension: a vector of the wrong size would poison the index. */
  private parse(json: EmbeddingsResponse, expected: number): number[][] {
    const data = json.data;
    if (!Array.isArray(data) || data.length !== expected) {
      throw new RetryableError(`expected ${expected} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`);
    }
    const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map(({ embedding }) => {
      if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new AppError(ErrorCode.INTERNAL, 'Embeddings provider returned a malformed vector');
      }
      this.dims ??= embedding.length;
      if (embedding.length !== this.dims) {
        throw new AppError(ErrorCode.INTERNAL, `Embedding has ${embedding.length} dimensions, expected ${this.dims}`);
      }
      return embedding as number[];
    });
  }
}
