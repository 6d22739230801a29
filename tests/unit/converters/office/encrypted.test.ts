/**
 * Password-protected OOXML files (an OLE compound file holding an EncryptedPackage) fail as
 * ENCRYPTED_DOCUMENT on both doors a file can come through: an upload, whose type is detected
 * from the bytes, and the pipeline, which converts by the type stored on the document (the
 * reprocess path), where the package's own converter meets the OLE file. The PPTX is made here
 * from a real corpus presentation with officecrypto-tool (ECMA-376 agile encryption, as Office
 * writes it); the DOCX is tika's real password-protected test file.
 */
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { convert } from '../../../../src/converters/registry.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { docxDeclaration } from '../../../../src/converters/office/docx.declaration.js';
import { pptxDeclaration } from '../../../../src/converters/office/pptx.declaration.js';
import { AppError } from '../../../../src/errors.js';
import { extractDocument, requireSupportedFormat } from '../../../../src/services/documents/extract-document.js';
import { corpusFile, hasCorpus } from '../corpus.js';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function encryptedPptx(): Promise<Uint8Array> {
  const plain = Buffer.from(corpusFile('pptx/powerpoint_sample.pptx'));
  const encrypted = new Uint8Array(await officeCrypto.encrypt(plain, { password: 'duck' }));
  // The tool's output is what Office writes: an OLE file, no ZIP, with the package inside.
  expect(Buffer.from(encrypted.subarray(0, 4)).toString('hex')).toBe('d0cf11e0');
  expect(await officeCrypto.isEncrypted(Buffer.from(encrypted))).toBe(true);
  return encrypted;
}

const cases = [
  { name: 'PPTX (encrypted here)', filename: 'deck.pptx', mimeType: pptxDeclaration.mimeTypes[0]!, bytes: encryptedPptx },
  {
    name: 'DOCX (tika)',
    filename: 'testWORD_protected_passtika.docx',
    mimeType: docxDeclaration.mimeTypes[0]!,
    bytes: async () => corpusFile('hostile/testWORD_protected_passtika.docx'),
  },
];

describe.runIf(hasCorpus).each(cases)('a password-protected $name', ({ filename, mimeType, bytes }) => {
  it('is refused at upload as ENCRYPTED_DOCUMENT', async () => {
    const file = await bytes();
    const err = await failure(requireSupportedFormat(file.subarray(0, 64 * 1024), filename, async () => file));
    expect(err.code).toBe('ENCRYPTED_DOCUMENT');
    expect((await failure(extractDocument({ bytes: file, filename }))).code).toBe('ENCRYPTED_DOCUMENT');
  });

  it('fails ENCRYPTED_DOCUMENT when converted by its stored package type (reprocess path)', async () => {
    const file = await bytes();
    const err = await failure(convert({ bytes: file, mimeType, filename: path.basename(filename), options: defaultConvertOptions }));
    expect(err.code).toBe('ENCRYPTED_DOCUMENT');
    expect(err.message).toMatch(/password/);
  });
});

describe.runIf(hasCorpus)('a damaged package that is not encrypted', () => {
  it('still fails CORRUPT_DOCUMENT by its stored type', async () => {
    const err = await failure(
      convert({
        bytes: corpusFile('hostile/testWORD_truncated.docx'),
        mimeType: docxDeclaration.mimeTypes[0]!,
        options: defaultConvertOptions,
      }),
    );
    expect(err.code).toBe('CORRUPT_DOCUMENT');
  });
});
