/**
 * Uploads that cannot be converted are refused with the reason, before anything is stored: a
 * password-protected DOCX/XLSX (an OLE container holding an EncryptedPackage, whose directory
 * may lie past the head) is ENCRYPTED_DOCUMENT, and an empty file says it is empty.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { extractDocument, requireSupportedFormat } from '../../src/services/documents/extract-document.js';
import { corpusRoot, hasCorpus } from './converters/corpus.js';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.runIf(hasCorpus).each(['hostile/testWORD_protected_passtika.docx', 'hostile/testEXCEL_protected_passtika.xlsx'])(
  'a password-protected Office file (%s)',
  (file) => {
    it('is refused at upload as ENCRYPTED_DOCUMENT', async () => {
      const bytes = new Uint8Array(await readFile(path.join(corpusRoot, file)));
      const err = await refusal(requireSupportedFormat(bytes.subarray(0, 64 * 1024), path.basename(file), async () => bytes));
      expect(err.code).toBe('ENCRYPTED_DOCUMENT');
    });

    it('fails extraction as ENCRYPTED_DOCUMENT', async () => {
      const bytes = new Uint8Array(await readFile(path.join(corpusRoot, file)));
      expect((await refusal(extractDocument({ bytes, filename: path.basename(file) }))).code).toBe('ENCRYPTED_DOCUMENT');
    });
  },
);

describe('an empty file', () => {
  it('is refused at upload and at extraction with "The file is empty"', async () => {
    const empty = new Uint8Array(0);
    for (const err of [
      await refusal(requireSupportedFormat(empty, 'notes.txt', async () => empty)),
      await refusal(extractDocument({ bytes: empty, filename: 'report.docx' })),
    ]) {
      expect(err.code).toBe('BAD_USER_INPUT');
      expect(err.message).toBe('The file is empty');
    }
  });
});
