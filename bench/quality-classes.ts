/**
 * The defect classes of issue 15 as bench rows: for each class, real files (from the corpus, or
 * made from corpus files by a real tool while the bench runs: python3's zipfile reordering a
 * package, iconv re-encoding text, officecrypto-tool encrypting a deck) go through the upload
 * path (`extractDocument`: detection from the bytes, then the converter), and a check says
 * whether the class's defect is gone for that file. What each check expects is read from the
 * file itself (its parts' XML, its UTF-8 original, its OPF metadata), never written here.
 *
 * Other benches add classes by passing their own cases to `runClassCases` (see `ClassCase`);
 * bench/quality-images.ts (classes 5-7) plugs in through quality.ts' `SECTIONS`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import officeCrypto from 'officecrypto-tool';
import { tokenF1 } from '../src/converters/quality/token-f1.js';
import { convert } from '../src/converters/registry.js';
import { defaultConvertOptions } from '../src/converters/core/types.js';
import { toAppError } from '../src/errors.js';
import { extractDocument } from '../src/services/documents/extract-document.js';
import { repackedCorpusFile } from '../tests/unit/converters/corpus.js';
import { CORPUS, fmt, table } from './tools.js';

export interface CaseOutcome {
  markdown: string;
  mimeType?: string;
  code?: string;
  message?: string;
}

export interface ClassCase {
  /** "1 OOXML detection" */
  klass: string;
  /** What the file is and how it was made. */
  file: string;
  make: () => Promise<{ bytes: Uint8Array; filename: string }>;
  /** Overrides the upload path (e.g. converting by a stored type, as reprocessing does). */
  run?: (bytes: Uint8Array, filename: string) => Promise<CaseOutcome>;
  check: (outcome: CaseOutcome) => Promise<{ ok: boolean; detail: string }>;
}

const corpus = (relative: string) => new Uint8Array(readFileSync(path.join(CORPUS, relative)));
const expected = (relative: string) => readFileSync(path.join(CORPUS, `${relative}.expected.md`), 'utf8');
const iconv = (bytes: Uint8Array, to: string) => new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: bytes }));

async function upload(bytes: Uint8Array, filename: string): Promise<CaseOutcome> {
  try {
    const { result, format } = await extractDocument({ bytes, filename }, {}, { timeoutMs: 120_000 });
    return { markdown: result.markdown, mimeType: format.mimeType };
  } catch (err) {
    const e = toAppError(err);
    return { markdown: '', code: e.code, message: e.message };
  }
}

/** A package with `_rels/.rels` (or another entry) first: converted as what it is, as well as the original. */
function reordered(klass: string, relative: string, first: string, mimeFragment: string): ClassCase {
  return {
    klass,
    file: `${relative}, ${first} first (python3 zipfile)`,
    make: async () => ({ bytes: repackedCorpusFile(relative, [first]), filename: path.basename(relative) }),
    check: async (o) => {
      const original = await upload(corpus(relative), path.basename(relative));
      const f1 = tokenF1(o.markdown, expected(relative)).f1;
      const ok = !o.code && !!o.mimeType?.includes(mimeFragment) && o.markdown === original.markdown;
      return { ok, detail: o.code ?? `${o.mimeType}; same Markdown as the original: ${o.markdown === original.markdown}; F1 ${fmt(f1)}` };
    },
  };
}

/** A UTF-8 corpus text re-encoded by iconv: read back to the same Markdown as the original. */
function encoded(relative: string, encoding: string): ClassCase {
  return {
    klass: '2 text encodings',
    file: `${relative} as ${encoding}, no BOM (iconv)`,
    make: async () => ({ bytes: iconv(corpus(relative), encoding), filename: path.basename(relative) }),
    check: async (o) => {
      const original = await upload(corpus(relative), path.basename(relative));
      const ok = !o.code && o.markdown === original.markdown;
      return { ok, detail: o.code ?? (ok ? 'same Markdown as the UTF-8 original' : 'differs from the UTF-8 original') };
    },
  };
}

/** Text of the `w:t`/`a:t` runs of some parts of a package, one string per paragraph (or `element`), inside `within`. */
async function partTexts(
  relative: string,
  parts: RegExp,
  element = /<(?:w|a):p\b[\s\S]*?<\/(?:w|a):p>/g,
  within?: RegExp,
): Promise<string[]> {
  const zip = await JSZip.loadAsync(corpus(relative));
  const texts: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => parts.test(n))) {
    const whole = await zip.file(name)!.async('string');
    const xml = within ? (whole.match(within) ?? []).join('') : whole;
    for (const [paragraph] of xml.matchAll(element)) {
      const text = [...paragraph.matchAll(/<(?:w|a|c):(?:t|v)\b[^>]*>([^<]*)</g)].map((m) => m[1]).join('');
      if (text.trim()) texts.push(text.replace(/\s+/g, ' ').trim());
    }
  }
  return texts;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');

/** Every paragraph of the named parts appears in the Markdown (compared as words). */
function elements(relative: string, what: string, parts: RegExp, element?: RegExp, within?: RegExp): ClassCase {
  return {
    klass: '3 office elements',
    file: `${relative}: ${what}`,
    make: async () => ({ bytes: corpus(relative), filename: path.basename(relative) }),
    check: async (o) => {
      const wanted = await partTexts(relative, parts, element, within);
      const have = words(o.markdown);
      const found = wanted.filter((text) => have.includes(words(text)));
      const f1 = tokenF1(o.markdown, expected(relative)).f1;
      return {
        ok: !o.code && wanted.length > 0 && found.length === wanted.length,
        detail: `${found.length}/${wanted.length} present; F1 ${fmt(f1)}`,
      };
    },
  };
}

/** Described pictures' descriptions (`descr`) appear as `![description](file)`. */
function pictures(relative: string): ClassCase {
  return {
    klass: '3 office elements',
    file: `${relative}: picture descriptions`,
    make: async () => ({ bytes: corpus(relative), filename: path.basename(relative) }),
    check: async (o) => {
      const zip = await JSZip.loadAsync(corpus(relative));
      const descriptions = new Set<string>();
      for (const name of Object.keys(zip.files).filter((n) => /^(word\/document|ppt\/slides\/slide\d+)\.xml$/.test(n))) {
        const xml = await zip.file(name)!.async('string');
        for (const [, d] of xml.matchAll(/\sdescr="([^"]+)"/g))
          descriptions.add(
            words(
              d!
                .replace(/&#x?[\da-f]+;/gi, ' ')
                .replace(/(?:AI-generated content may be incorrect|Description automatically generated)\.?/gi, ''),
            ),
          );
      }
      const images = [...o.markdown.matchAll(/!\[([^\]]*)\]\(([^)]*)\)/g)].map((m) => words(m[1]!));
      const found = [...descriptions].filter((d) => images.includes(d));
      return {
        ok: !o.code && descriptions.size > 0 && found.length === descriptions.size,
        detail: `${found.length}/${descriptions.size} as ![description](file)`,
      };
    },
  };
}

/** No raw inline HTML (tags outside code) and links kept as Markdown links. */
function html(relative: string): ClassCase {
  return {
    klass: '4 HTML',
    file: relative,
    make: async () => ({ bytes: corpus(relative), filename: path.basename(relative) }),
    check: async (o) => {
      const prose = o.markdown.replace(/```[\s\S]*?```|`[^`\n]*`/g, '');
      // `<br>` is how a pipe-table cell holds a line break, the one tag GFM tables need.
      const raw = prose.match(/<\/?(?:a|sup|sub|span|div|cite|b|i|img|table|td|tr|p)\b[^>]*>/gi)?.length ?? 0;
      const links = prose.match(/\]\([^)]+\)/g)?.length ?? 0;
      const f1 = tokenF1(o.markdown, expected(relative)).f1;
      return { ok: !o.code && raw === 0 && links > 0, detail: `${raw} raw HTML tags, ${links} links; F1 ${fmt(f1)}` };
    },
  };
}

function refused(file: string, make: ClassCase['make'], code: string, run?: ClassCase['run'], message?: RegExp): ClassCase {
  return {
    klass: '8 errors',
    file,
    make,
    run,
    check: async (o) => ({
      ok: o.code === code && (!message || message.test(o.message ?? '')),
      detail: o.code ? `${o.code}: ${o.message}` : 'converted',
    }),
  };
}

/** Converting by the type stored on the document, as the pipeline does when reprocessing. */
const byStoredType =
  (mimeType: string): NonNullable<ClassCase['run']> =>
  async (bytes, filename) => {
    try {
      const result = await convert({ bytes, mimeType, filename, options: defaultConvertOptions });
      return { markdown: result.markdown, mimeType };
    } catch (err) {
      const e = toAppError(err);
      return { markdown: '', code: e.code, message: e.message };
    }
  };

/** The OPF's title and first creator at the top of the Markdown. */
function epub(relative: string): ClassCase {
  return {
    klass: '9 EPUB metadata',
    file: relative,
    make: async () => ({ bytes: corpus(relative), filename: path.basename(relative) }),
    check: async (o) => {
      const zip = await JSZip.loadAsync(corpus(relative));
      const opfName = Object.keys(zip.files).find((n) => n.endsWith('.opf'))!;
      const opf = await zip.file(opfName)!.async('string');
      const field = (name: string) => new RegExp(`<dc:${name}\\b[^>]*>([^<]+)<`).exec(opf)?.[1]?.trim();
      const wanted = [field('title'), field('creator')].filter((v): v is string => !!v);
      const head = words(o.markdown.slice(0, 2000));
      const found = wanted.filter((v) => head.includes(words(v)));
      return {
        ok: !o.code && wanted.length > 0 && found.length === wanted.length,
        detail: `${found.length}/${wanted.length} of title, author at the top`,
      };
    },
  };
}

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function encryptedDeck() {
  const bytes = new Uint8Array(await officeCrypto.encrypt(Buffer.from(corpus('pptx/powerpoint_sample.pptx')), { password: 'duck' }));
  return { bytes, filename: 'powerpoint_sample.pptx' };
}

/** The cases of classes 1, 2, 3, 4, 8 and 9. */
export const CLASS_CASES: readonly ClassCase[] = [
  reordered('1 OOXML detection', 'docx/word_sample.docx', '_rels/.rels', 'wordprocessingml'),
  reordered('1 OOXML detection', 'xlsx/xlsx_01.xlsx', '_rels/.rels', 'spreadsheetml'),
  reordered('1 OOXML detection', 'pptx/powerpoint_sample.pptx', 'docProps/app.xml', 'presentationml'),
  reordered('1 OOXML detection', 'odf/text_document_01.odt', 'content.xml', 'opendocument.text'),
  encoded('md/wiki.md', 'UTF-16LE'),
  encoded('md/duck.md', 'UTF-16BE'),
  encoded('csv/csv-comma.csv', 'UTF-32LE'),
  encoded('md/mixed.md', 'CP1252'),
  encoded('md/duck.md', 'CP1252'),
  elements('docx/docx_page_header_footer_first_page.docx', 'headers and footers', /^word\/(header|footer)\d*\.xml$/),
  elements('docx/docx_comments.docx', 'comments', /^word\/comments\.xml$/),
  elements('docx/textbox.docx', 'text boxes', /^word\/document\.xml$/, undefined, /<w:txbxContent\b[\s\S]*?<\/w:txbxContent>/g),
  elements(
    'pptx/pptx_chart.pptx',
    'chart titles and series',
    /^ppt\/charts\/chart\d+\.xml$/,
    /<c:(?:title|tx)\b[\s\S]*?<\/c:(?:title|tx)>/g,
  ),
  pictures('docx/word_sample.docx'),
  pictures('pptx/powerpoint_with_image.pptx'),
  html('html/wiki_duck.html'),
  html('html/hyperlink_02.html'),
  html('html/hyperlink_03.html'),
  refused(
    'hostile/testWORD_protected_passtika.docx',
    async () => ({ bytes: corpus('hostile/testWORD_protected_passtika.docx'), filename: 'protected.docx' }),
    'ENCRYPTED_DOCUMENT',
  ),
  refused(
    'hostile/testEXCEL_protected_passtika.xlsx',
    async () => ({ bytes: corpus('hostile/testEXCEL_protected_passtika.xlsx'), filename: 'protected.xlsx' }),
    'ENCRYPTED_DOCUMENT',
  ),
  refused('pptx/powerpoint_sample.pptx encrypted (officecrypto-tool)', encryptedDeck, 'ENCRYPTED_DOCUMENT'),
  refused('the same deck by its stored type (reprocess path)', encryptedDeck, 'ENCRYPTED_DOCUMENT', byStoredType(PPTX)),
  refused(
    'hostile/testWORD_protected_passtika.docx by its stored type (reprocess path)',
    async () => ({ bytes: corpus('hostile/testWORD_protected_passtika.docx'), filename: 'protected.docx' }),
    'ENCRYPTED_DOCUMENT',
    byStoredType(DOCX),
  ),
  refused(
    'an empty file (0 bytes)',
    async () => ({ bytes: new Uint8Array(0), filename: 'empty.docx' }),
    'BAD_USER_INPUT',
    undefined,
    /empty/i,
  ),
  epub('epub/epub_purvis_poetry.epub'),
  epub('tika/testEPUB.epub'),
  epub('tika/testEPUB_multi-metadata-vals.epub'),
];

/** Runs the cases; returns a per-class summary table, the per-file table, and the pass count. */
export async function runClassCases(
  cases: readonly ClassCase[],
): Promise<{ summary: string; detail: string; passed: number; total: number }> {
  const rows: { klass: string; file: string; ok: boolean; detail: string }[] = [];
  for (const c of cases) {
    const { bytes, filename } = await c.make();
    const outcome = await (c.run ?? upload)(bytes, filename);
    const { ok, detail } = await c.check(outcome);
    process.stderr.write(`class ${c.klass}: ${c.file}: ${ok ? 'pass' : 'FAIL'} (${detail})\n`);
    rows.push({ klass: c.klass, file: c.file, ok, detail });
  }
  const classes = [...new Set(rows.map((r) => r.klass))];
  const summary = table(
    ['class', 'files', 'pass', 'failing'],
    classes.map((k) => {
      const own = rows.filter((r) => r.klass === k);
      return [
        k,
        own.length,
        own.filter((r) => r.ok).length,
        own
          .filter((r) => !r.ok)
          .map((r) => r.file)
          .join(', ') || '—',
      ];
    }),
  );
  const detail = table(
    ['class', 'file (how it was made)', 'result', 'detail'],
    rows.map((r) => [r.klass, r.file, r.ok ? 'pass' : 'FAIL', r.detail.replace(/\|/g, '\\|')]),
  );
  return { summary, detail, passed: rows.filter((r) => r.ok).length, total: rows.length };
}
