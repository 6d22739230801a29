import type { ConversionResult, ConvertOptions } from '../converters/core/types.js';
import type { ErrorCode } from '../errors.js';

/**
 * Messages between the worker process and a converter sandbox (a child process). They travel
 * over Node's IPC channel with `serialization: 'advanced'`, so the document bytes cross as a
 * Uint8Array (structured clone) instead of a base64 string.
 */
export interface ConvertRequest {
  type: 'convert';
  taskId: number;
  bytes: Uint8Array;
  mimeType: string;
  filename?: string;
  options: ConvertOptions;
  maxPages: number;
}

export type SandboxMessage =
  | { type: 'ready' }
  | { type: 'progress'; taskId: number; page: number; pageCount: number }
  | { type: 'result'; taskId: number; result: ConversionResult }
  | { type: 'error'; taskId: number; code: ErrorCode; message: string; permanent: boolean };
