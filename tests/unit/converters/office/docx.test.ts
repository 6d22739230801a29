import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { docxConverter } from '../../../../src/converters/office/docx.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { ErrorCode } from '../../../../src/errors.js';
import { convertFile, corpusFile, hasCorpus } from '../corpus.js';

describe.runIf(hasCorpus)('docx converter', () => {
  it('keeps headings, lists, tables and described pictures', async () => {
    const result = await convertFile(docxConverter, 'docx/word_sample.docx');
    expect(result.title).toBe('Swimming in the lake');
    expect(result.outline).toContainEqual({ level: 1, text: 'Let’s swim!' });
    expect(result.markdown).toContain('- You can relax and look around');
    expect(result.markdown).toContain('1. Wear sunglasses');
    expect(result.markdown).toMatch(/^\| Leaves \| Ash, Elm, Maple \| 50 +\|$/m);
    // The PPTX form, from the same helper: description (Office's generated-by notice dropped), file.
    expect(result.markdown).toMatch(/^!\[A cartoon duck holding a paper\]\(image1\.png\)$/m);
    expect(result.markdown).not.toContain('data:image');
    expect(result).toMatchObject({ pages: [], pageCount: null, language: 'en' });
  });

  it('writes pictures in grouped drawings and VML with their own file names, undescribed ones not at all', async () => {
    const grouped = await convertFile(docxConverter, 'docx/docx_grouped_images.docx');
    // Inline pictures stay apart from each other and from the text after them.
    expect(grouped.markdown).toContain('![Docling Java](image5.png) ![Docling](image6.png) There are 2 pictures');
    expect(grouped.markdown).toContain('![Docling](image6.png)');
    expect(grouped.markdown).not.toMatch(/\[Image\b|!\[\]/);
  });

  it('reads a chart as its kind and a table of its cached values where the drawing stands', async () => {
    const { markdown } = await convertFile(docxConverter, 'docx/drawingml.docx');
    expect(markdown).toContain(
      'Text 1\n\nLine chart\n\n|  | Series 1 | Series 2 | Series 3 |\n| --- | --- | --- | --- |\n| Category 1 | 4.3 | 2.4 | 2 |\n| Category 2 | 2.5 | 4.4 | 2 |',
    );
    expect(markdown.indexOf('Line chart')).toBeLessThan(markdown.indexOf('Fig – Torque v/s Speed characteristics'));
    expect(markdown).not.toContain('DOCSPHERECHART');
  });

  it('keeps the state of form checkboxes as [x] and [ ]', async () => {
    const { markdown } = await convertFile(docxConverter, 'docx/docx_checkboxes.docx');
    expect(markdown).toContain('Choose as many as you like:<br>[x] Orange juice<br>[ ] Tea<br>[x] Coffee<br>[ ] Milk<br>[x] Water');
    expect(markdown).toMatch(/^\[x\] Design$/m);
    expect(markdown).toMatch(/^\[ \] Documentation of the task/m);
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

  it('writes comments as footnotes naming their author, referenced where they are anchored', async () => {
    const { markdown } = await convertFile(docxConverter, 'docx/docx_comments.docx');
    expect(markdown).toContain('This is the first paragraph that has a comment attached to it.[^c1]');
    expect(markdown).toContain('This paragraph has an anonymous comment.[^c3]');
    expect(
      markdown.endsWith(
        '[^c1]: **John Reviewer:** This is a sample reviewer comment on the first paragraph.\n\n' +
          '[^c2]: **Jane Editor:** Another comment by a different reviewer.\n\n' +
          '[^c3]: Anonymous feedback on this paragraph.',
      ),
    ).toBe(true);
    expect(markdown).not.toContain('↑');
  });

  it('writes footnotes and endnotes as numbered Markdown footnotes defined at the end', async () => {
    // A real Word file, given one footnote and one endnote the way Word writes them.
    const zip = await JSZip.loadAsync(corpusFile('docx/word_sample.docx'));
    const reference = (kind: string) => `<w:r><w:rPr><w:rStyle w:val="${kind}Reference"/></w:rPr><w:${kind}Reference w:id="7"/></w:r>`;
    const note = (kind: string, text: string) =>
      `<w:${kind} w:id="7"><w:p><w:r><w:${kind}Ref/></w:r><w:r><w:t xml:space="preserve"> ${text}</w:t></w:r></w:p></w:${kind}>`;
    const document = await zip.file('word/document.xml')!.async('string');
    zip.file(
      'word/document.xml',
      document.replace('<w:t>Summer activities</w:t></w:r>', `$&${reference('endnote')}${reference('footnote')}`),
    );
    for (const [kind, text] of [
      ['footnote', 'Lakes are cold in spring.'],
      ['endnote', 'Sources: the lake.'],
    ] as const) {
      const part = `word/${kind}s.xml`;
      zip.file(part, (await zip.file(part)!.async('string')).replace(`</w:${kind}s>`, `${note(kind, text)}$&`));
    }
    const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
    const { markdown } = await docxConverter.convert({ bytes, mimeType: docxConverter.mimeTypes[0]!, options: defaultConvertOptions });
    expect(markdown).toMatch(/^Summer activities\[\^1\]\[\^2\]$/m);
    expect(markdown.endsWith('[^1]: Sources: the lake.\n\n[^2]: Lakes are cold in spring.')).toBe(true);
    expect(markdown).not.toMatch(/<\/?(?:sup|a|ol|li)\b/);
  });

  it('puts page headers before the body and footers after it, each distinct one once', async () => {
    const { markdown } = await convertFile(docxConverter, 'docx/docx_page_header_footer_first_page.docx');
    expect(markdown.startsWith('FIRST PAGE HEADER (page 1 only)\n\nREGULAR HEADER (page 2 onward)\n\n# Page header/footer')).toBe(true);
    expect(markdown.endsWith('This is body text on page 2.\n\nFIRST PAGE FOOTER (page 1 only)\n\nREGULAR FOOTER (page 2 onward)')).toBe(
      true,
    );
    const repeated = await convertFile(docxConverter, 'docx/unit_test_formatting.docx');
    expect(repeated.markdown.match(/This is a header/g)).toHaveLength(1);
    expect(repeated.markdown.match(/This is a footer/g)).toHaveLength(1);
  });

  it('reads text boxes once, not again from their Fallback copy', async () => {
    const { markdown } = await convertFile(docxConverter, 'docx/textbox.docx');
    expect(markdown.match(/Health Bureau:/g)).toHaveLength(1);
    expect(markdown.match(/Suggested Reportable Symptoms:/g)).toHaveLength(1);
  });

  it.each([
    ['a Choice without a Fallback', (xml: string) => xml.replace(/<mc:Fallback>[\s\S]*?<\/mc:Fallback>/g, '')],
    [
      'bare DrawingML',
      (xml: string) => xml.replace(/<mc:Fallback>[\s\S]*?<\/mc:Fallback>/g, '').replace(/<\/?mc:(?:AlternateContent|Choice)\b[^>]*>/g, ''),
    ],
  ])('reads text boxes written as %s like those with a VML Fallback', async (_name, rewrite) => {
    // The real file with its VML copies taken out, as producers that write DrawingML alone do.
    const original = corpusFile('docx/textbox.docx');
    const zip = await JSZip.loadAsync(original);
    const xml = await zip.file('word/document.xml')!.async('string');
    const rewritten = rewrite(xml);
    expect(rewritten).not.toContain('<v:textbox');
    zip.file('word/document.xml', rewritten);
    const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
    const convert = (input: Uint8Array) =>
      docxConverter.convert({ bytes: input, mimeType: docxConverter.mimeTypes[0]!, options: defaultConvertOptions });
    const { markdown } = await convert(bytes);
    expect(markdown).toBe((await convert(original)).markdown);
    expect(markdown.match(/Health Bureau:/g)).toHaveLength(1);
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
