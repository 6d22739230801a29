/**
 * Documents inside documents: archive entries and mail attachments. Each one is detected from
 * its own bytes and converted through the registry like an upload, so a PDF in a ZIP in an
 * e-mail comes out exactly as the PDF would on its own. The registry comes with the parent's
 * input (`input.registry`), set by the registry that converts it, so no container imports the
 * registry module (which imports every container). One nesting context travels down the
 * tree, so the size, entry and depth limits hold for the upload as a whole: a bomb cannot get
 * around them by splitting itself over nested containers.
 */
import type { ArchiveLimits, ConversionResult, ConvertInput, NestingContext } from './types.js';
import { AppError, ErrorCode } from '../../errors.js';

/** Defaults in the spirit of OWASP's advice on archives; all can be set per call. */
export const defaultArchiveLimits: ArchiveLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 10_000,
  maxDepth: 3,
  maxRatio: 100,
};

/** Detection reads only the head, as it does for uploads. */
const DETECT_BYTES = 64 * 1024;

export const resourceLimit = (message: string, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.RESOURCE_LIMIT, message, details);

/** The upload's nesting context, created at the top-level container. */
export function nestingOf(input: ConvertInput): NestingContext {
  return (
    input.nesting ?? {
      depth: 0,
      limits: { ...defaultArchiveLimits, ...input.options.archiveLimits },
      usage: { bytes: 0, entries: 0 },
    }
  );
}

/**
 * Counts one more embedded document against the entry limit and checks that the children of
 * a container at `nesting.depth` may still be opened.
 * @throws AppError RESOURCE_LIMIT
 */
export function admitEntry(nesting: NestingContext): void {
  if (nesting.depth + 1 > nesting.limits.maxDepth) {
    throw resourceLimit(`Containers are nested more than ${nesting.limits.maxDepth} levels deep`, {
      maxDepth: nesting.limits.maxDepth,
    });
  }
  nesting.usage.entries += 1;
  if (nesting.usage.entries > nesting.limits.maxEntries) {
    throw resourceLimit(`The upload holds more than ${nesting.limits.maxEntries} embedded files`, {
      maxEntries: nesting.limits.maxEntries,
    });
  }
}

/** Errors that concern the upload as a whole and must not be reduced to a skipped entry. */
function isFatal(err: unknown): boolean {
  if (!(err instanceof AppError)) return (err as Error)?.name === 'AbortError';
  return err.code === ErrorCode.RESOURCE_LIMIT || err.code === ErrorCode.TIMEOUT;
}

export type EmbeddedOutcome = { ok: true; result: ConversionResult } | { ok: false; reason: string };

/**
 * Converts one embedded file. Files nobody can convert, damaged or encrypted ones are reported
 * as skipped (the container still has value); limits, time-outs and cancellation end the whole
 * conversion.
 */
export async function convertEmbedded(
  parent: ConvertInput,
  nesting: NestingContext,
  bytes: Uint8Array,
  name: string,
): Promise<EmbeddedOutcome> {
  parent.signal?.throwIfAborted();
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const registry = parent.registry;
  if (!registry) {
    throw new AppError(ErrorCode.INTERNAL, 'A container was converted outside a registry: convert it through one');
  }
  const format = await registry.detectFormat(bytes.subarray(0, DETECT_BYTES), name, async () => bytes);
  if (!format) return { ok: false, reason: 'unrecognised format' };
  try {
    const result = await registry.convert({
      bytes,
      mimeType: format.mimeType,
      filename: name,
      options: parent.options,
      signal: parent.signal,
      nesting: { ...nesting, depth: nesting.depth + 1 },
    });
    return { ok: true, result };
  } catch (err) {
    if (isFatal(err)) throw err;
    const reason = err instanceof AppError ? err.code.toLowerCase().replace(/_/g, ' ') : 'failed';
    return { ok: false, reason };
  }
}

/**
 * Shifts the ATX headings of embedded Markdown below the heading it is placed under, so the
 * outline shows the attachment's own structure inside the container's. Fenced code is left
 * alone: a `#` there is not a heading.
 */
export function demoteHeadings(markdown: string, by: number): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (fence === null || marker.startsWith(fence))) {
        fence = fence === null ? marker : null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/^(#{1,6})(?=\s)/, (hashes) => '#'.repeat(Math.min(6, hashes.length + by)));
    })
    .join('\n');
}

/** A section for an embedded document: its heading, then its Markdown below that level. */
export function embeddedSection(heading: string, level: number, outcome: EmbeddedOutcome): string {
  const title = `${'#'.repeat(level)} ${heading.replace(/\s+/g, ' ').trim()}`;
  if (!outcome.ok) return `${title}\n\n_(not extracted: ${outcome.reason})_`;
  const body = demoteHeadings(outcome.result.markdown.trim(), level);
  return body ? `${title}\n\n${body}` : title;
}
