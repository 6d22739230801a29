import { detectFormat } from '../converters/detect.js';
import { convert, converterFor } from '../converters/registry.js';
import { defaultConvertOptions, type ConversionResult, type ConvertOptions, type DetectedFormat } from '../converters/types.js';
import { fileTooLarge, unsupportedFormat } from '../errors.js';

export interface ExtractInput {
  bytes: Uint8Array;
  /** Display name only; used solely to tell text formats apart (.md vs .txt). */
  filename?: string;
}

export interface ExtractOutput {
  format: DetectedFormat;
  result: ConversionResult;
}

/** Detects the format from the first bytes; UNSUPPORTED_FORMAT when no converter takes it. */
export async function requireSupportedFormat(head: Uint8Array, filename?: string): Promise<DetectedFormat> {
  const format = await detectFormat(head, filename);
  if (!format || !converterFor(format.mimeType)) {
    throw unsupportedFormat(
      format ? `Files of type ${format.mimeType} are not supported` : 'The file type could not be recognised or is not supported',
    );
  }
  return format;
}

/**
 * Conversion without storage: the `extract` mutation, `POST /api/v1/extract` and
 * `docsphere extract FILE` all come through here, so the three doors cannot drift apart. The
 * format is detected from the bytes, exactly as for stored uploads.
 */
export async function extractDocument(
  input: ExtractInput,
  options: Partial<ConvertOptions> = {},
  limits: { maxBytes?: number; signal?: AbortSignal } = {},
): Promise<ExtractOutput> {
  if (limits.maxBytes !== undefined && input.bytes.byteLength > limits.maxBytes) throw fileTooLarge(limits.maxBytes);
  const format = await requireSupportedFormat(input.bytes.subarray(0, 64 * 1024), input.filename);
  const result = await convert({
    bytes: input.bytes,
    mimeType: format.mimeType,
    filename: input.filename,
    options: { ...defaultConvertOptions, ...options },
    signal: limits.signal,
  });
  return { format, result };
}
