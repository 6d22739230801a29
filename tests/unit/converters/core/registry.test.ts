import { describe, expect, it } from 'vitest';
import { convert, converterFor, supportedFormats } from '../../../../src/converters/registry.js';
import { detectFormat } from '../../../../src/converters/registry.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { ErrorCode } from '../../../../src/errors.js';
import { corpusFile, hasCorpus } from '../corpus.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('converter registry', () => {
  it('routes MIME types (with parameters and any case) to their converters', () => {
    expect(converterFor('text/html; charset=utf-8')?.id).toBe('html');
    expect(converterFor('TEXT/MARKDOWN')?.id).toBe('markdown');
    expect(converterFor('text/plain')?.id).toBe('text');
    expect(converterFor(DOCX)?.id).toBe('docx');
    expect(converterFor('application/pdf')?.id).toBe('pdf');
    expect(converterFor('text/csv')?.id).toBe('csv');
    expect(converterFor('application/vnd.ms-excel')?.id).toBe('spreadsheet');
    expect(converterFor('application/x-unknown')).toBeUndefined();
  });

  it('lists every format once with its MIME types and extensions', () => {
    const formats = supportedFormats();
    expect(formats.map((format) => format.label)).toEqual(expect.arrayContaining(['HTML', 'Markdown', 'Plain text', 'Word document']));
    expect(formats.find((format) => format.label === 'Word document')).toEqual({
      label: 'Word document',
      mimeTypes: [DOCX],
      extensions: ['docx'],
    });
    const mimeTypes = formats.flatMap((format) => format.mimeTypes);
    expect(new Set(mimeTypes).size).toBe(mimeTypes.length);
  });

  it('rejects unknown types with UNSUPPORTED_FORMAT', async () => {
    const attempt = convert({
      bytes: new TextEncoder().encode('a,b\n1,2'),
      mimeType: 'application/x-unknown',
      options: defaultConvertOptions,
    });
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED_FORMAT, permanent: true });
  });

  it('converts through the detected type', async () => {
    const bytes = new TextEncoder().encode('<!doctype html><title>T</title><p>Hello</p>');
    const format = await detectFormat(bytes);
    const result = await convert({ bytes, mimeType: format!.mimeType, options: defaultConvertOptions });
    expect(result.markdown).toBe('Hello');
    expect(result.title).toBe('T');
  });

  it('does not start a conversion that is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const attempt = convert({
      bytes: new Uint8Array(1),
      mimeType: 'text/plain',
      options: defaultConvertOptions,
      signal: controller.signal,
    });
    await expect(attempt).rejects.toThrow();
  });
});

describe.runIf(hasCorpus)('converter registry on hostile files', () => {
  it.each(['hostile/testWORD_protected_passtika.docx', 'hostile/testEXCEL_protected_passtika.xlsx'])(
    'reports the password-protected Office file %s as ENCRYPTED_DOCUMENT',
    async (file) => {
      const bytes = corpusFile(file);
      const format = await detectFormat(bytes.subarray(0, 64 * 1024), file);
      const attempt = convert({ bytes, mimeType: format!.mimeType, options: defaultConvertOptions });
      await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ENCRYPTED_DOCUMENT });
    },
  );

  it('reports a truncated DOCX as CORRUPT_DOCUMENT', async () => {
    const attempt = convert({
      bytes: corpusFile('hostile/testWORD_truncated.docx'),
      mimeType: DOCX,
      options: defaultConvertOptions,
    });
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CORRUPT_DOCUMENT });
  });
});
