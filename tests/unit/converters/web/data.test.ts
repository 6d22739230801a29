import { describe, expect, it } from 'vitest';
import { convertDetected, corpusFile, hasCorpus } from '../corpus.js';

const convertBytes = convertDetected;

const convertText = (text: string, filename: string) => convertBytes(new TextEncoder().encode(text), filename);

describe('JSON', () => {
  it('renders values next to their keys, nested objects as nested lists', async () => {
    const json = { title: 'Inventory', items: [{ name: 'Bolt_M4', tags: ['steel', 'small'] }, { name: 'Nut' }], count: 2, note: null };
    const result = await convertText(JSON.stringify(json), 'inventory.json');
    expect(result.markdown).toBe(
      [
        '- **title:** Inventory',
        '- **items:**',
        '  - **1:**',
        '    - **name:** Bolt\\_M4',
        '    - **tags:** steel, small',
        '  - **2:**',
        '    - **name:** Nut',
        '- **count:** 2',
        '- **note:** null',
      ].join('\n'),
    );
    expect(result.title).toBe('Inventory');
    expect(result.text).toContain('Bolt_M4');
  });

  it('keeps JSON that does not parse as a code block, with a warning', async () => {
    const result = await convertText('{ "a": 1, // comment\n }', 'broken.json');
    expect(result.markdown).toBe('```json\n{ "a": 1, // comment\n }\n```');
    expect(result.metadata.warnings).toHaveLength(1);
  });
});

describe('Jupyter notebooks', () => {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: [
      { cell_type: 'markdown', source: ['# Analysis\n', '\n', 'We load the *data*.'] },
      {
        cell_type: 'code',
        source: ['rows = load()\n', 'print(len(rows))'],
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['42\n'] },
          { output_type: 'execute_result', data: { 'text/plain': ['<Rows 42>'] } },
          { output_type: 'error', ename: 'ValueError', evalue: 'bad row', traceback: ['\u001b[31mValueError\u001b[0m'] },
        ],
      },
    ],
  };

  it('renders markdown cells as Markdown, code fenced in the kernel language, then text outputs', async () => {
    for (const name of ['analysis.ipynb', 'analysis.json']) {
      const result = await convertText(JSON.stringify(notebook), name);
      expect(result.markdown).toBe(
        [
          '# Analysis\n\nWe load the *data*.',
          '```python\nrows = load()\nprint(len(rows))\n```',
          '```text\n42\n```',
          '```text\n<Rows 42>\n```',
          '```text\nValueError: bad row\n```',
        ].join('\n\n'),
      );
      expect(result.title).toBe('Analysis');
    }
  });
});

describe('XML', () => {
  it('keeps the element structure with attributes', async () => {
    const xml = '<?xml version="1.0"?><catalog><book id="b1"><title>Dune</title><author>Herbert</author></book></catalog>';
    const result = await convertText(xml, 'catalog.xml');
    expect(result.markdown).toBe(
      ['- **catalog:**', '  - **book:**', '    - **@id:** b1', '    - **title:** Dune', '    - **author:** Herbert'].join('\n'),
    );
    expect(result.title).toBe('Dune');
  });

  it('never expands entities: a billion-laughs document stays small and fast', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const started = Date.now();
    const result = await convertText(laughs, 'lolz.xml');
    expect(result.text.length).toBeLessThan(100);
    expect(result.text).not.toContain('lollol');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(!hasCorpus)('reads nothing external (XXE) and keeps undeclared entities as text', async () => {
    const xxe = await convertBytes(corpusFile('hostile/testXXE.xml'), 'testXXE.xml');
    expect(xxe.markdown).toBe('- **roottag:**');
    const undeclared = await convertBytes(corpusFile('hostile/undeclared_entity.xml'), 'undeclared_entity.xml');
    expect(undeclared.text).toContain('An entity here&undeclared_entity; is invalid!');
    expect(undeclared.text).toContain('START');
  });
});

describe('feeds', () => {
  it('renders one section per RSS item with title, link, date and HTML content', async () => {
    const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>Release notes</title><description>What changed</description>
  <item><title>Version 2</title><link>https://example.com/v2</link>
    <pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate><dc:creator>Ann</dc:creator>
    <description>&lt;p&gt;Adds &lt;b&gt;search&lt;/b&gt;.&lt;/p&gt;</description></item>
  <item><title>Version 1</title><link>https://example.com/v1</link><description>First release.</description></item>
</channel></rss>`;
    const result = await convertText(rss, 'feed.xml');
    expect(result.markdown).toBe(
      [
        '# Release notes',
        'What changed',
        '## Version 2',
        '- **Link:** https://example.com/v2\n- **Date:** 2025-06-10T04:00:00.000Z\n- **Author:** Ann',
        'Adds **search**.',
        '## Version 1',
        '- **Link:** https://example.com/v1',
        'First release.',
      ].join('\n\n'),
    );
    expect(result.metadata.itemCount).toBe(2);
  });

  it('reads Atom entries, preferring the alternate link and inline XHTML content', async () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
  <entry><title>Hello</title><link rel="self" href="https://example.com/api/1"/>
    <link rel="alternate" href="https://example.com/hello"/><updated>2024-01-02T03:04:05Z</updated>
    <author><name>Bo</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First <em>post</em>.</p></div></content></entry>
</feed>`;
    const result = await convertText(atom, 'atom.xml');
    expect(result.markdown).toContain('## Hello');
    expect(result.markdown).toContain('- **Link:** https://example.com/hello');
    expect(result.markdown).toContain('- **Date:** 2024-01-02T03:04:05.000Z');
    expect(result.markdown).toContain('- **Author:** Bo');
    expect(result.markdown).toContain('First _post_.');
    expect(result.metadata.feedFormat).toBe('atom');
  });
});
