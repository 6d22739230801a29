/**
 * The RTF reader behind rtf.ts. It keeps RTF's group state (font, code page, paragraph style,
 * list and table membership) on a stack, skips destinations that are not body text (font and
 * colour tables, pictures' data, embedded objects' data, field instructions), and collects
 * Markdown blocks: headings from styles named "heading N" or an outline level, list items from
 * the list text Word writes before each item, tables from \cell and \row, and \info fields.
 */
import iconv from 'iconv-lite';
import { corruptDocument } from '../../errors.js';
import { markdownTable } from '../core/markdown-table.js';
import { tokenize } from './rtf-tokens.js';

/** Font charsets (\fcharsetN) to code pages. */
const CHARSET_CODEPAGES: Readonly<Record<number, number>> = {
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
};
/** Destinations whose content is never body text. */
const SKIPPED = new Set([
  'fonttbl',
  'colortbl',
  'pict',
  'objdata',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'xmlnstbl',
  'mmathPr',
  'fldinst',
  'pgdsctbl',
  'filetbl',
  'revtbl',
  'xe',
  'tc',
  'bkmkstart',
  'bkmkend',
  'nonshppict',
  'atnauthor',
  'atnid',
  'atndate',
  'atnref',
  'template',
  'userprops',
  'docvar',
  'protusertbl',
  'wgrffmtfilter',
  'pnseclvl',
  'pntxta',
  'pntxtb',
  'sp',
]);
const INFO_FIELDS = new Set(['title', 'author', 'subject', 'keywords', 'operator', 'company', 'doccomm', 'generator']);
const SYMBOLS: Readonly<Record<string, string>> = {
  emdash: '\u2014',
  endash: '\u2013',
  bullet: '\u2022',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  tab: '\t',
  line: '\n',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
  zwj: '',
  zwnj: '',
};
const MAX_DEPTH = 512;

interface State {
  skip: boolean;
  /** Where text goes: body, list marker, stylesheet entry, or an \info field. */
  target: 'body' | 'marker' | 'style' | string;
  codepage: number;
  uc: number;
  style: number;
  outline: number | null;
  inTable: boolean;
  listLevel: number;
}

export class RtfReader {
  private stack: State[] = [];
  private state: State = { skip: false, target: 'body', codepage: 1252, uc: 1, style: 0, outline: null, inTable: false, listLevel: 0 };
  private fonts = new Map<number, number>();
  private defaultFont = 0;
  private currentFontNumber: number | null = null;
  private styles = new Map<number, string>();
  private styleText = '';
  private pending: number[] = [];
  private skipChars = 0;
  private paragraph = '';
  private marker = '';
  /** Paragraphs of the cell being read, and the cells of the row being read. */
  private cellParts: string[] = [];
  private cells: string[] = [];
  private rows: string[][] = [];
  readonly blocks: string[] = [];
  readonly info = new Map<string, string>();
  private dates = new Map<string, Record<string, number>>();

  read(bytes: Uint8Array): void {
    let destinationNext = false;
    let groupStart = false;
    for (const token of tokenize(bytes)) {
      if (token.kind !== 'bytes') this.flushBytes();
      if (token.kind === 'open') {
        if (this.stack.length >= MAX_DEPTH) throw corruptDocument('RTF groups nest too deeply');
        this.stack.push(this.state);
        this.state = { ...this.state };
        groupStart = true;
        continue;
      }
      if (token.kind === 'close') {
        this.endGroup();
        groupStart = false;
        continue;
      }
      if (token.kind === 'symbol') {
        if (token.symbol === '*') {
          destinationNext = true;
          continue; // \* belongs to the destination word that follows it
        }
        if (!this.state.skip) this.symbol(token.symbol);
        groupStart = false;
        continue;
      }
      if (token.kind === 'bytes') {
        this.bytes(token.bytes, token.escaped);
        groupStart = false;
        continue;
      }
      const { word, param } = token;
      if (groupStart && !this.state.skip) this.placeholders(word);
      if (groupStart && (SKIPPED.has(word) || destinationNext) && !this.known(word)) this.state.skip = true;
      else if (groupStart) this.destination(word);
      destinationNext = false;
      groupStart = false;
      if (!this.state.skip) this.control(word, param);
    }
    this.flushBytes();
    this.endParagraph();
    this.flushTable();
  }

  /** Destinations starting with \* that still hold body text. */
  private known(word: string): boolean {
    return (
      word === 'fldrslt' ||
      word === 'ud' ||
      word === 'upr' ||
      word === 'shppict' ||
      word === 'annotation' ||
      word === 'objclass' ||
      word === 'listtext' ||
      word === 'pntext' ||
      word === 'shptxt' ||
      word === 'fonttbl' ||
      word === 'stylesheet' ||
      word === 'info' ||
      INFO_FIELDS.has(word) ||
      word === 'creatim' ||
      word === 'revtim'
    );
  }

  /**
   * Pictures and embedded objects become placeholders, as images do in the HTML path: a reader
   * of the text should know something was there. An object's own result picture is its
   * rendering, not a second image.
   */
  private placeholders(word: string): void {
    if (word === 'object') {
      this.objectDepth = this.stack.length;
      this.objectClass = '';
    } else if (word === 'objclass') {
      this.state.target = 'objclass';
    } else if (word === 'annotation') {
      this.text(' ');
    } else if (word === 'pict' && this.objectDepth === null) {
      this.text(' [Image] ');
    }
  }

  private objectDepth: number | null = null;
  private objectClass = '';

  private destination(word: string): void {
    if (word === 'fonttbl') this.state.target = 'fonts';
    else if (word === 'stylesheet') this.state.target = 'stylesheet';
    else if (word === 'listtext' || word === 'pntext') this.state.target = 'marker';
    else if (INFO_FIELDS.has(word) || word === 'creatim' || word === 'revtim') {
      // A later copy (the Unicode one in \ud after \upr's ANSI one) replaces the earlier.
      this.state.target = word;
      if (INFO_FIELDS.has(word)) this.info.set(word, '');
    } else if (this.state.target === 'stylesheet' && (word === 's' || word === 'cs' || word === 'ds' || word === 'ts'))
      this.state.target = 'style';
  }

  private endGroup(): void {
    if (this.objectDepth === this.stack.length) {
      this.objectDepth = null;
      const name = this.objectClass.trim();
      this.text(name ? ` [Embedded object: ${name}] ` : ' [Embedded object] ');
    }
    const previous = this.stack.pop();
    if (!previous) return;
    if (this.state.target === 'style' && previous.target !== 'style') {
      const name = this.styleText.replace(/;\s*$/, '').trim();
      this.styles.set(this.state.style, name);
      this.styleText = '';
    }
    if (INFO_FIELDS.has(this.state.target) && previous.target !== this.state.target) {
      this.info.set(this.state.target, (this.info.get(this.state.target) ?? '').trim());
    }
    this.state = previous;
  }

  private control(word: string, param: number | null): void {
    const state = this.state;
    switch (word) {
      case 'ansicpg':
        if (param) state.codepage = param;
        break;
      case 'deff':
        this.defaultFont = param ?? 0;
        break;
      case 'fcharset':
        if (state.target === 'fonts' && this.currentFontNumber !== null && param !== null) {
          const codepage = CHARSET_CODEPAGES[param];
          if (codepage) this.fonts.set(this.currentFontNumber, codepage);
        }
        break;
      case 'f':
        if (state.target === 'fonts') this.currentFontNumber = param;
        else state.codepage = this.fonts.get(param ?? this.defaultFont) ?? this.stack[0]?.codepage ?? state.codepage;
        break;
      case 'uc':
        state.uc = Math.max(param ?? 1, 0);
        break;
      case 'u': {
        const code = (param ?? 0) < 0 ? (param ?? 0) + 65536 : (param ?? 0);
        this.text(String.fromCharCode(code));
        this.skipChars = state.uc;
        break;
      }
      case 's':
        state.style = param ?? 0;
        break;
      case 'outlinelevel':
        state.outline = param;
        break;
      case 'pard':
        state.style = 0;
        state.outline = null;
        state.inTable = false;
        state.listLevel = 0;
        break;
      case 'intbl':
        state.inTable = true;
        break;
      case 'ilvl':
        state.listLevel = param ?? 0;
        break;
      case 'par':
        this.endParagraph();
        break;
      case 'cell':
      case 'nestcell':
        this.endCell();
        break;
      case 'row':
      case 'nestrow':
        this.endRow();
        break;
      case 'yr':
      case 'mo':
      case 'dy':
      case 'hr':
      case 'min':
        if (state.target === 'creatim' || state.target === 'revtim') {
          const date = this.dates.get(state.target) ?? {};
          date[word] = param ?? 0;
          this.dates.set(state.target, date);
        }
        break;
      default:
        if (word in SYMBOLS) this.text(SYMBOLS[word]!);
    }
  }

  private symbol(symbol: string): void {
    if (symbol === '~') this.text('\u00a0');
    else if (symbol === '_') this.text('\u2011');
    else if (symbol === '\\' || symbol === '{' || symbol === '}') this.text(symbol);
    // \- (optional hyphen) and \| are invisible.
  }

  private bytes(bytes: number[], escaped: boolean): void {
    let start = 0;
    while (this.skipChars > 0 && start < bytes.length) {
      this.skipChars -= 1;
      start += 1;
    }
    if (start >= bytes.length) return;
    if (this.state.skip) return;
    if (!escaped) this.flushBytes();
    this.pending.push(...bytes.slice(start));
    if (!escaped) this.flushBytes();
  }

  private flushBytes(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending);
    this.pending = [];
    const codepage = `cp${this.state.codepage}`;
    this.text(iconv.encodingExists(codepage) ? iconv.decode(bytes, codepage) : bytes.toString('latin1'));
  }

  private text(text: string): void {
    if (this.state.skip) return;
    const target = this.state.target;
    if (target === 'body') this.paragraph += text;
    else if (target === 'marker') this.marker += text;
    else if (target === 'style') this.styleText += text;
    else if (target === 'objclass') this.objectClass += text;
    else if (INFO_FIELDS.has(target)) this.info.set(target, (this.info.get(target) ?? '') + text);
  }

  private endParagraph(): void {
    const text = this.paragraph.replace(/[ \t\u00a0]+/g, ' ').trim();
    const marker = this.marker.replace(/[\t\s]+/g, ' ').trim();
    this.paragraph = '';
    this.marker = '';
    if (this.state.inTable) {
      // A paragraph inside a cell: the cell goes on until its \cell.
      if (text) this.cellParts.push(text);
      return;
    }
    this.flushTable();
    if (!text) return;
    const level = this.headingLevel();
    const indent = '    '.repeat(Math.min(this.state.listLevel, 8));
    if (level) this.blocks.push(`${'#'.repeat(level)} ${text.replace(/\n/g, ' ')}`);
    else if (marker) this.blocks.push(`${indent}${/^\d+[.)]$/.test(marker) ? `${marker.replace(')', '.')}` : '-'} ${text}`);
    else this.blocks.push(text.replace(/\n/g, '  \n'));
  }

  private headingLevel(): number | null {
    const name = this.styles.get(this.state.style) ?? '';
    const match = /^heading\s*(\d)/i.exec(name);
    if (match) return Math.min(Number(match[1]), 6);
    if (/^title$/i.test(name)) return 1;
    return this.state.outline !== null && this.state.outline < 6 ? this.state.outline + 1 : null;
  }

  private endCell(): void {
    const text = this.paragraph.replace(/\s+/g, ' ').trim();
    const partial = this.cellParts.join(' ');
    this.cells.push([partial, text].filter(Boolean).join(' '));
    this.cellParts = [];
    this.paragraph = '';
    this.marker = '';
  }

  private endRow(): void {
    if (this.paragraph.trim()) this.endCell();
    this.rows.push(this.cells);
    this.cells = [];
  }

  private flushTable(): void {
    if (this.cells.length > 0) this.endRow();
    if (this.rows.length > 0) this.blocks.push(markdownTable(this.rows));
    this.rows = [];
  }

  dateOf(name: 'creatim' | 'revtim'): string | undefined {
    const d = this.dates.get(name);
    if (!d?.yr) return undefined;
    const date = new Date(Date.UTC(d.yr, (d.mo ?? 1) - 1, d.dy ?? 1, d.hr ?? 0, d.min ?? 0));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
}
