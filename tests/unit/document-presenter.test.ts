import { describe, expect, it } from 'vitest';
import { documentError, presentDocument, withoutContent } from '../../src/services/documents/document-presenter.js';
import type { DocumentSummary } from '../../src/services/documents/types.js';

const row: DocumentSummary = {
  id: '5f0c8a52-3a43-4f43-9d0e-0d6d8f2f8a11',
  ownerId: '7a1d8a52-3a43-4f43-9d0e-0d6d8f2f8a22',
  filename: 'report.pdf',
  mimeType: 'application/pdf',
  sizeBytes: 1234,
  sha256: 'ab'.repeat(32),
  storageKey: 'owner/abab',
  status: 'FAILED',
  priority: 'NORMAL',
  stage: 'convert',
  progress: 0.25,
  generation: 2,
  options: {} as DocumentSummary['options'],
  errorCode: 'CORRUPT_DOCUMENT',
  errorMessage: null,
  title: null,
  pageCount: 3,
  language: 'en',
  metadata: { path: 'a/b' },
  titleOverride: null,
  tags: [],
  customFields: {},
  pages: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
};

describe('document presenter (shared by GraphQL and REST)', () => {
  it('gives an error only when there is a code, the code standing in for a missing message', () => {
    expect(documentError(row)).toEqual({ code: 'CORRUPT_DOCUMENT', message: 'CORRUPT_DOCUMENT' });
    expect(documentError({ errorCode: 'TIMEOUT', errorMessage: 'too slow' })).toEqual({ code: 'TIMEOUT', message: 'too slow' });
    expect(documentError({ errorCode: null, errorMessage: 'stale' })).toBeNull();
  });

  it('shows no storage key, owner, generation or options', () => {
    const view = presentDocument(row);
    expect(view).not.toHaveProperty('storageKey');
    expect(view).not.toHaveProperty('ownerId');
    expect(view).not.toHaveProperty('generation');
    expect(view).not.toHaveProperty('options');
    expect(view).toMatchObject({ id: row.id, status: 'FAILED', progress: 0.25, metadata: { path: 'a/b' }, createdAt: row.createdAt });
  });

  it('drops the Markdown and text from a full row', () => {
    expect(withoutContent({ id: 'x', markdown: '# big', plainText: 'big' })).toEqual({ id: 'x' });
  });
});
