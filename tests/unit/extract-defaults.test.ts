import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container } from '../../src/app/container.js';
import { convert } from '../../src/converters/registry.js';
import type { ConvertInput } from '../../src/converters/core/types.js';
import { extractDocument, serverExtractLimits } from '../../src/services/documents/extract-document.js';

const corpus = (...parts: string[]) => path.resolve(process.cwd(), '..', 'shared', 'corpus', ...parts);

/**
 * The server's extract doors (GraphQL `extract`, REST) must convert with the configured
 * OCR_LANGUAGES, as uploads do, instead of the converter's built-in English; a request that
 * names its languages still gets exactly those.
 */
describe('server extraction defaults', () => {
  it('uses OCR_LANGUAGES unless the request names its own languages', async () => {
    const c = { config: { maxFileSize: 50 * 1024 * 1024, ocrLanguages: ['deu', 'eng'] } } as unknown as Container;
    const seen: string[][] = [];
    // The real converter, in process (the server would use its sandbox pool here).
    const limits = { ...serverExtractLimits(c), convert: (input: ConvertInput) => (seen.push(input.options.languages), convert(input)) };
    const bytes = new Uint8Array(await readFile(corpus('ocr', 'ocr_test.pdf')));
    const configured = await extractDocument({ bytes, filename: 'ocr_test.pdf' }, { ocr: 'OFF' }, limits);
    const named = await extractDocument({ bytes, filename: 'ocr_test.pdf' }, { ocr: 'OFF', languages: ['eng'] }, limits);
    expect(seen).toEqual([['deu', 'eng'], ['eng']]);
    expect(configured.format.mimeType).toBe('application/pdf');
    expect(named.result.pageCount).toBe(configured.result.pageCount);
  });
});
