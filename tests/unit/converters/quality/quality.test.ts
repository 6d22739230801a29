/**
 * Conversion quality against the corpus references (docling output), as token-level F1. The
 * per-file scores are printed so a drop can be traced to the document that caused it.
 */
import { describe, expect, it } from 'vitest';
import { docxConverter } from '../../../../src/converters/office/docx.converter.js';
import { htmlConverter } from '../../../../src/converters/web/html.converter.js';
import { markdownConverter } from '../../../../src/converters/web/markdown.converter.js';
import { folderF1, hasCorpus } from '../corpus.js';

describe.runIf(hasCorpus)('mean token F1 against the corpus references', () => {
  it.each([
    ['html', htmlConverter],
    ['docx', docxConverter],
    ['md', markdownConverter],
  ] as const)('%s reaches at least 0.90', async (folder, converter) => {
    const { mean, scores } = await folderF1(converter, folder);
    console.info(`${folder}: mean token F1 ${mean.toFixed(3)}`, scores);
    expect(mean).toBeGreaterThanOrEqual(0.9);
  });
});
