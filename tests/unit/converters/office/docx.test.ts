import { describe, expect, it } from 'vitest';
import { docxConverter } from '../../../../src/converters/office/docx.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { ErrorCode } from '../../../../src/errors.js';
import { convertFile, corpusFile, hasCorpus } from '../corpus.js';

describe.runIf(hasCorpus)('docx converter', () => {
  it('keeps headings, lists, tables and image placeholders', async () => {
    const result = await convertFile(docxConverter, 'docx/word_sample.docx');
    expect(result.title).toBe('Swimming in the lake');
    expect(result.outline).toContainEqual({ level: 1, text: 'Let’s swim!' });
    expect(result.markdown).toContain('- You can relax and look around');
    expect(result.markdown).toContain('1. Wear sunglasses');
    expect(result.markdown).toMatch(/^\| Leaves \| Ash, Elm, Maple \| 50 +\|$/m);
    expect(result.markdown).toContain('[Image: A cartoon duck holding a paper');
    expect(result.markdown).not.toContain('data:image');
    expect(result).toMatchObject({ pages: [], pageCount: null, language: 'en' });
  });

  it('reads title, authors and dates from the document properties', async () => {
    const result = await convertFile(docxConverter, 'docx/drawingml.docx');
    expect(result.metadata).toMatchObject({
      authors: ['Rafael Teixeira de Lima'],
      created: '2025-07-28T08:38:00Z',
    });
  });

  it('renders code styles as code blocks', async () => {
    const result = await convertFile(docxConverter, 'docx/docx_code_blocks.docx');
    expect(result.markdown).toContain('```\nimport sys\nprint(sys.argv)\n```');
  });

  it('keeps equations as LaTeX, inline and display', async () => {
    const result = await convertFile(docxConverter, 'docx/equations.docx');
    expect(result.markdown).toContain('an inline equation: $A=\\pi r^{2}$.');
    expect(result.markdown).toContain('\n\n$$a^{2}+b^{2}=c^{2} \\times 23$$\n\n');
  });

  it('keeps sibling equations apart', async () => {
    const result = await convertFile(docxConverter, 'docx/omml_multi_equation_paragraph.docx');
    expect(result.markdown).toContain('$a=b$ $c=d$ $e=f$');
  });

  it('keeps footnote text without the back-links', async () => {
    const result = await convertFile(docxConverter, 'docx/unit_test_formatting.docx');
    expect(result.markdown).not.toContain('↑');
  });

  it('rejects a truncated file as CORRUPT_DOCUMENT', async () => {
    const attempt = convertFile(docxConverter, 'hostile/testWORD_truncated.docx');
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CORRUPT_DOCUMENT });
  });

  it('rejects bytes that are not a ZIP at all as CORRUPT_DOCUMENT', async () => {
    const attempt = docxConverter.convert({
      bytes: corpusFile('tika/testODTnotaZipFile.odt'),
      mimeType: docxConverter.mimeTypes[0]!,
      options: defaultConvertOptions,
    });
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CORRUPT_DOCUMENT });
  });
});
