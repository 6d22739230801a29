import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/converters/registry.js';
import { odfConverter } from '../../../../src/converters/office/odf.converter.js';
import { pptConverter } from '../../../../src/converters/legacy/ppt.converter.js';
import { pptxConverter } from '../../../../src/converters/office/pptx.converter.js';
import { convert } from '../../../../src/converters/registry.js';
import { defaultConvertOptions, type ConversionResult } from '../../../../src/converters/core/types.js';
import { convertFile, corpusFile, hasCorpus } from '../corpus.js';

/** The Markdown of one slide, by its page entry. */
const slide = (result: ConversionResult, number: number) => {
  const page = result.pages[number - 1]!;
  return result.markdown.slice(page.charStart, page.charEnd);
};

describe.runIf(hasCorpus)('PPTX', () => {
  it('gives one section and page per slide, titled by the title placeholder or "Slide N"', async () => {
    const result = await convertFile(pptxConverter, 'pptx/powerpoint_sample.pptx');
    expect(result.pageCount).toBe(3);
    expect(result.outline.map((entry) => entry.text)).toEqual(['Test Table Slide', 'Second slide title', 'Slide 3']);
    expect(slide(result, 2)).toMatch(/^## Second slide title\n/);
    expect(result.pages[2]!.text).toContain('List item4');
    expect(result.title).toBe('Test Table Slide');
  });

  it('keeps speaker notes, tables (merged cells repeated), bullets and numbering', async () => {
    const result = await convertFile(pptxConverter, 'pptx/powerpoint_sample.pptx');
    expect(slide(result, 2)).toContain('> **Notes:** Some notes on the second slide.');
    expect(slide(result, 1)).toContain('|  | Class1 | Class1 | Class1 | Class2 | Class2 | Class2 |');
    expect(slide(result, 1)).toContain('| R3 |  | True |  | True |  |  |');
    expect(slide(result, 2)).toContain('- With foo\n- Bar\n- And baz things');
    expect(slide(result, 3)).toContain('1. List item4\n2. List item5\n3. List item6');
  });

  it('keeps slide comments with author and time, and chart data', async () => {
    const comments = await convertFile(pptxConverter, 'pptx/powerpoint_comments.pptx');
    expect(comments.markdown).toContain('[author: John Reviewer (JR), time: 2026-01-01T00:00:00');
    const chart = await convertFile(pptxConverter, 'pptx/pptx_chart.pptx');
    expect(chart.markdown).toContain('| 2022 | 175 | 130 |');
  });

  it('writes described pictures as Markdown images with their description and file', async () => {
    const { markdown } = await convertFile(pptxConverter, 'pptx/powerpoint_with_image.pptx');
    // The first picture has no description: no text to give. Office's "AI-generated content may
    // be incorrect." says where the words came from, not what the picture shows.
    expect(markdown).toContain('Image test\n\n![A cartoon duck holding a paper](docling_logo.png)\n\nImage linked to file');
  });

  it('gives no picture for a description that is only a file name', async () => {
    const { markdown } = await convertFile(pptxConverter, 'pptx/powerpoint_malformed_pictures.pptx');
    expect(markdown).toContain('Slide With Missing BlipFill');
    expect(markdown).not.toContain('_good_picture');
  });

  it.each(['pptx/powerpoint_with_image.pptx', 'pptx/powerpoint_sample.pptx', 'pptx/pptx_chart.pptx'])(
    'reads %s the same when its shapes are nested in groups inside alternate content',
    async (file) => {
      // The real file, with each slide's shapes moved into a group inside a group, in the Choice
      // of an mc:AlternateContent whose Fallback repeats them (as PowerPoint writes new features).
      const zip = await JSZip.loadAsync(corpusFile(file));
      const group = (content: string) =>
        `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="900" name="Group"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${content}</p:grpSp>`;
      const mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
      for (const name of Object.keys(zip.files).filter((entry) => /^ppt\/slides\/slide\d+\.xml$/.test(entry))) {
        const xml = await zip.file(name)!.async('string');
        const rewritten = xml.replace(/(<\/p:grpSpPr>)([\s\S]*)(<\/p:spTree>)/, (_all, open: string, shapes: string, close: string) => {
          const nested = group(group(shapes));
          return `${open}<mc:AlternateContent ${mc}><mc:Choice Requires="p14">${nested}</mc:Choice><mc:Fallback>${nested}</mc:Fallback></mc:AlternateContent>${close}`;
        });
        expect(rewritten).not.toBe(xml);
        zip.file(name, rewritten);
      }
      const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
      const nested = await pptxConverter.convert({ bytes, mimeType: pptxConverter.mimeTypes[0]!, options: defaultConvertOptions });
      expect(nested.markdown).toBe((await convertFile(pptxConverter, file)).markdown);
    },
  );

  it('reads the text of a SmartArt diagram from its data part', async () => {
    // A real deck given a diagram the way PowerPoint stores one: a graphic frame naming the
    // diagram's data part, whose points hold the text.
    const zip = await JSZip.loadAsync(corpusFile('pptx/powerpoint_with_image.pptx'));
    const dgm = 'http://schemas.openxmlformats.org/drawingml/2006/diagram';
    const a = 'http://schemas.openxmlformats.org/drawingml/2006/main';
    const point = (id: string, text: string) =>
      `<dgm:pt modelId="${id}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p>${text ? `<a:r><a:t>${text}</a:t></a:r>` : ''}</a:p></dgm:t></dgm:pt>`;
    zip.file(
      'ppt/diagrams/data1.xml',
      `<dgm:dataModel xmlns:dgm="${dgm}" xmlns:a="${a}"><dgm:ptLst>${point('0', '')}${point('1', 'Plan')}${point('2', 'Build')}</dgm:ptLst></dgm:dataModel>`,
    );
    const rels = 'ppt/slides/_rels/slide1.xml.rels';
    zip.file(
      rels,
      (await zip.file(rels)!.async('string')).replace(
        '</Relationships>',
        '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData" Target="../diagrams/data1.xml"/>$&',
      ),
    );
    const frame =
      '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="90" name="Diagram 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>' +
      `<a:graphic><a:graphicData uri="${dgm}"><dgm:relIds xmlns:dgm="${dgm}" r:dm="rId90"/></a:graphicData></a:graphic></p:graphicFrame>`;
    const slide = 'ppt/slides/slide1.xml';
    zip.file(slide, (await zip.file(slide)!.async('string')).replace('</p:spTree>', `${frame}$&`));
    const bytes = new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
    const { markdown } = await pptxConverter.convert({ bytes, mimeType: pptxConverter.mimeTypes[0]!, options: defaultConvertOptions });
    expect(markdown.endsWith('Image linked to file\n\n- Plan\n- Build')).toBe(true);
  });

  it('reports a truncated package as corrupt', async () => {
    const bytes = corpusFile('pptx/powerpoint_sample.pptx').subarray(0, 9000);
    await expect(
      pptxConverter.convert({ bytes, mimeType: pptxConverter.mimeTypes[0]!, options: defaultConvertOptions }),
    ).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
  });
});

describe.runIf(hasCorpus)('PPT (legacy binary)', () => {
  it('is routed from a bare compound file and read slide by slide, in order', async () => {
    const result = await convert({
      bytes: corpusFile('ppt/legacy_sample.ppt'),
      mimeType: 'application/x-cfb',
      options: defaultConvertOptions,
    });
    expect(result.pageCount).toBe(3);
    expect(result.outline.map((entry) => entry.text)).toEqual(['Test Table Slide', 'Second slide title', 'Slide 3']);
    expect(slide(result, 2)).toContain('A rectangle shape with this text inside.');
    expect(slide(result, 3)).toContain('Maybe a list?');
    expect(result.metadata).toMatchObject({ authors: ['Maxim Lysak'], producer: 'Microsoft Macintosh PowerPoint' });
  });

  it('reads an old (PowerPoint 2000) file whose text lives in the slide drawings', async () => {
    const result = await convertFile(pptConverter, 'hostile/testPPT_skipBadCompressedObject.ppt');
    expect(result.pageCount).toBe(14);
    expect(slide(result, 1)).toContain('An Evaluation of CDTI Dynamic Predictor Display Technology');
    expect(result.title).toBe('PowerPoint Presentation');
  });

  it('reports a truncated file as corrupt', async () => {
    const bytes = corpusFile('ppt/legacy_sample.ppt').subarray(0, 30_000);
    await expect(
      pptConverter.convert({ bytes, mimeType: pptConverter.mimeTypes[0]!, options: defaultConvertOptions }),
    ).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
  });
});

describe.runIf(hasCorpus)('ODP', () => {
  it('gives one section per draw:page with its notes', async () => {
    const result = await convertFile(odfConverter, 'odf/odf_presentation_01.odp');
    expect(result.pageCount).toBe(3);
    expect(result.outline[0]).toEqual({ level: 2, text: 'Test Table Slide' });
    expect(slide(result, 2)).toContain('> **Notes:** Some notes on the second slide.');
    expect(slide(result, 1)).toContain('| R1 | True | False |');
    expect(result.metadata.authors).toEqual(['Cesar Berrospi Ramis', 'Maxim Lysak']);
  });
});

describe.runIf(hasCorpus)('legacy Office detection by main stream', () => {
  it.each([
    ['doc/greek_heading_styles.doc', 'application/msword'],
    ['xls/legacy_sample.xls', 'application/vnd.ms-excel'],
  ])('%s → %s from the first 64 KiB', async (file, mimeType) => {
    expect((await detectFormat(corpusFile(file).subarray(0, 64 * 1024), 'upload.bin'))?.mimeType).toBe(mimeType);
  });

  it('leaves a compound file whose directory is past the head as x-cfb, for the registry to look into', async () => {
    const detected = await detectFormat(corpusFile('ppt/legacy_sample.ppt').subarray(0, 64 * 1024));
    expect(detected?.mimeType).toBe('application/x-cfb');
  });

  it('does not take an Outlook message with a DOC attachment for a DOC', async () => {
    const detected = await detectFormat(corpusFile('tika/testMSG_att_doc.msg').subarray(0, 64 * 1024));
    expect(detected?.mimeType).not.toBe('application/msword');
  });
});
