import { describe, expect, it } from 'vitest';
import { markdownConverter } from '../../../../src/converters/web/markdown.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertFile, hasCorpus } from '../corpus.js';

const convertMarkdown = (source: string) =>
  markdownConverter.convert({
    bytes: new TextEncoder().encode(source),
    mimeType: 'text/markdown',
    options: defaultConvertOptions,
  });

describe('markdown converter', () => {
  it('passes Markdown through and strips its syntax from the text', async () => {
    const source = '# Title\n\nSome *emphasis*, `code` and a [link](https://x.example).\n\n- one\n- two';
    const result = await convertMarkdown(source);
    expect(result.markdown).toBe(source);
    expect(result.text).toBe('Title\n\nSome emphasis, code and a link.\n\none\ntwo');
    expect(result.title).toBe('Title');
    expect(result.outline).toEqual([{ level: 1, text: 'Title' }]);
  });

  it('lifts front matter into metadata and takes the title from it', async () => {
    const source = [
      '---',
      'title: "Release notes"',
      'author: Ada Lovelace',
      'date: 2024-05-01',
      'tags: [release, notes]',
      '---',
      '# Heading',
      '',
      'Body.',
    ].join('\n');
    const result = await convertMarkdown(source);
    expect(result.markdown).toBe('# Heading\n\nBody.');
    expect(result.title).toBe('Release notes');
    expect(result.metadata).toEqual({
      title: 'Release notes',
      authors: ['Ada Lovelace'],
      created: '2024-05-01',
      keywords: ['release', 'notes'],
    });
  });

  it('reads YAML block lists in front matter', async () => {
    const result = await convertMarkdown('---\nauthors:\n  - A\n  - "B"\n---\ntext');
    expect(result.metadata.authors).toEqual(['A', 'B']);
  });

  it('does not mistake a thematic break for front matter', async () => {
    const result = await convertMarkdown('Intro\n\n---\n\nMore');
    expect(result.markdown).toBe('Intro\n\n---\n\nMore');
  });

  it('keeps code blocks verbatim in the text, headings inside them are not headings', async () => {
    const result = await convertMarkdown('```sh\n# not a heading\necho 1 * 2\n```');
    expect(result.text).toBe('# not a heading\necho 1 * 2');
    expect(result.outline).toEqual([]);
  });
});

describe.runIf(hasCorpus)('markdown converter on the corpus', () => {
  it('reads embedded HTML tables as text, without tag names', async () => {
    const result = await convertFile(markdownConverter, 'md/mixed.md');
    expect(result.title).toBe('Title');
    expect(result.text).toContain('Scrooge McDuck\tDagobert Duck');
    expect(result.text).not.toMatch(/<t[dhr]>/);
  });
});
