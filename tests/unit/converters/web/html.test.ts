import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { htmlConverter } from '../../../../src/converters/web/html.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertFile, hasCorpus } from '../corpus.js';

const convertHtml = (html: string | Uint8Array) =>
  htmlConverter.convert({
    bytes: typeof html === 'string' ? new TextEncoder().encode(html) : html,
    mimeType: 'text/html',
    options: defaultConvertOptions,
  });

describe('html converter', () => {
  it('drops scripts, styles, navigation and iframes but keeps links', async () => {
    const result = await convertHtml(`<!doctype html><html lang="en-GB"><head><title> My  page </title>
      <style>p { color: red }</style><script>alert("x")</script></head><body>
      <nav><a href="/home">Home</a></nav><iframe src="https://ads.example"></iframe>
      <h1>Heading</h1><p>Read <a href="https://example.com/docs">the docs</a>.</p>
      <p><a href="javascript:alert(1)">click</a></p><noscript>enable js</noscript></body></html>`);
    expect(result.markdown).toBe('# Heading\n\nRead [the docs](https://example.com/docs).\n\nclick');
    expect(result.title).toBe('My page');
    expect(result.language).toBe('en');
    expect(result.text).toBe('Heading\n\nRead the docs.\n\nclick');
    expect(result.outline).toEqual([{ level: 1, text: 'Heading' }]);
  });

  it('turns tables into pipe tables, expanding spans and flattening lists in cells', async () => {
    const result = await convertHtml(`<table>
      <tr><td colspan="2">Both</td></tr>
      <tr><td><ul><li>a</li><li>b</li></ul></td><td>plain</td></tr></table>`);
    expect(result.markdown).toBe('| Both | Both |\n| --- | --- |\n| • a<br>• b | plain |');
  });

  it('replaces images by placeholders with their alt text', async () => {
    const result = await convertHtml('<p><img src="data:image/png;base64,AAAA" alt="A duck"> <img src="x.png"></p>');
    expect(result.markdown).toBe('[Image: A duck] [Image]');
  });

  it('keeps text that looks like markup as text', async () => {
    const result = await convertHtml('<p>Use &lt;script&gt; and &amp;copy; literally</p>');
    expect(result.markdown).toBe('Use &lt;script> and &amp;copy; literally');
    expect(result.text).toBe('Use <script> and &copy; literally');
  });

  it('honours the charset a page declares', async () => {
    const page = '<html><head><meta charset="windows-1252"></head><body><p>Café “crème”</p></body></html>';
    expect((await convertHtml(iconv.encode(page, 'windows-1252'))).text).toBe('Café “crème”');
  });

  it('writes sub- and superscripts without raw HTML: numbers as Unicode, anything else as text', async () => {
    const result = await convertHtml('<p>x<sup>2</sup> H<sub>2</sub>O the 1<sup>st</sup> <sup><span>[</span>3<span>]</span></sup></p>');
    expect(result.markdown).toBe('x² H₂O the 1st \\[3\\]');
  });

  it("decodes search engines' tracking redirects to the target they carry", async () => {
    const target = 'https://example.org/a?b=1';
    const bing = `https://www.bing.com/ck/a?!&&p=abc&u=a1${Buffer.from(target).toString('base64url')}&ntb=1`;
    const links = [
      `https://www.google.com/url?q=${encodeURIComponent(target)}&sa=U&ved=2ah`,
      `/url?sa=t&url=${encodeURIComponent(target)}`,
      bing,
      `//duckduckgo.com/l/?uddg=${encodeURIComponent(target)}&rut=abc`,
      `https://r.search.yahoo.com/_ylt=A;_ylu=B/RV=2/RE=1/RO=10/RU=${encodeURIComponent(target)}/RK=2/RS=x-`,
    ];
    const result = await convertHtml(links.map((href) => `<p><a href="${href.replace(/&/g, '&amp;')}">r</a></p>`).join(''));
    expect(result.markdown.split('\n\n')).toEqual(links.map(() => `[r](${target})`));
    // Not a redirect: a search page's own links, and a redirect path on another host, stay.
    const other = await convertHtml(
      '<a href="https://www.google.com/search?q=x">s</a> <a href="https://example.com/url?q=https://a.b/">t</a>',
    );
    expect(other.markdown).toBe('[s](https://www.google.com/search?q=x) [t](https://example.com/url?q=https://a.b/)');
  });

  it('handles a fragment with neither <html> nor <body>', async () => {
    expect((await convertHtml('<h2>Part</h2><p>Body text</p>')).markdown).toBe('## Part\n\nBody text');
  });
});

describe.runIf(hasCorpus)('html converter on the corpus', () => {
  it('keeps the article of a Wikipedia page and drops its page chrome', async () => {
    const result = await convertFile(htmlConverter, 'html/wiki_duck.html');
    expect(result.title).toBe('Duck - Wikipedia');
    expect(result.language).toBe('en');
    expect(result.markdown.startsWith('# Duck')).toBe(true);
    expect(result.outline.map((entry) => entry.text)).toContain('Etymology');
    expect(result.markdown).not.toContain('Afrikaans');
  });

  it('leaves no raw HTML in a Wikipedia page, and keeps relative links with their titles and the infobox', async () => {
    const { markdown } = await convertFile(htmlConverter, 'html/wiki_duck.html');
    // Pipe-table cells keep their line breaks as <br>, the one tag Markdown tables need.
    expect(markdown.replace(/<br>/g, '')).not.toMatch(/<\/?[a-z][^>]*>/);
    expect(markdown).toContain('downy plumage[\\[1\\]](#cite_note-1) or baby duck');
    expect(markdown).toContain('[Bufflehead](/wiki/Bufflehead "Bufflehead")');
    expect(markdown).toContain('[biological order](/wiki/Order_\\(biology\\) "Order (biology)")');
    expect(markdown).toMatch(/^\| Kingdom: \| \[Animalia\]\(\/wiki\/Animal "Animal"\) \|$/m);
  });

  it('survives a page with a broken script tag', async () => {
    const result = await convertFile(htmlConverter, 'hostile/testHTMLBadScript.html');
    expect(result.markdown).toBe('This is a test.');
  });
});
