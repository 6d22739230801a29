/** `docsphere search "query"`: the best chunks across your documents, with where they come from. */
import { Command, Option } from 'commander';
import { ApiClient, collect, wholeNumber, type ApiDocument } from './api-client.js';
import { shortId } from './document-ids.js';
import { displayWidth, ellipsize, TABLE_WIDTH, take } from './table.js';

export interface Hit {
  document: ApiDocument;
  chunk: { headings: string[]; pageStart: number | null; pageEnd: number | null };
  score: number;
  snippet: string;
}

export function searchCommand(): Command {
  return new Command('search')
    .description('Search your documents ("quoted phrases", OR, -exclusion)')
    .argument('<query>', 'what to look for')
    .option('-n, --first <n>', 'number of hits (1-100)', wholeNumber(1, 100), 10)
    .addOption(new Option('--mode <mode>', 'ranking').choices(['lexical', 'semantic', 'hybrid']))
    .option('--collection <id>', 'only the documents of this collection (yours and shared; ranked over the collection)')
    .option('-t, --tag <tag>', 'only documents with this tag (repeat: all of them)', collect, [])
    .option('--json', 'print the hits as JSON')
    .action(async (query: string, flags: { first: number; mode?: string; collection?: string; tag: string[]; json?: boolean }) => {
      const api = await ApiClient.fromSavedLogin();
      const params = new URLSearchParams({
        q: query,
        first: String(flags.first),
        ...(flags.mode ? { mode: flags.mode.toUpperCase() } : {}),
        ...(flags.collection ? { collection: flags.collection } : {}),
      });
      for (const tag of flags.tag) params.append('tag', tag);
      const { hits } = await api.request<{ hits: Hit[] }>(`/api/search?${params}`);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
      if (!hits.length) return void process.stderr.write('No matches\n');
      const bold = process.stdout.isTTY === true;
      const lines = hits.map((h, i) => formatHit(h, i + 1, bold));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/**
 * Two lines of at most TABLE_WIDTH columns: rank, file (page · heading) and short ID; then the
 * snippet, cut at the width with its highlights kept (bold on a terminal).
 */
export function formatHit(h: Hit, rank: number, bold: boolean, width = TABLE_WIDTH): string {
  const where = [h.chunk.pageStart ? `p. ${h.chunk.pageStart}` : '', h.chunk.headings.at(-1) ?? ''].filter(Boolean).join(' · ');
  const head = `${rank}. `;
  const id = `  ${shortId(h.document)}`;
  const room = width - displayWidth(head) - displayWidth(id);
  const name = ellipsize(h.document.filename, Math.min(displayWidth(h.document.filename), Math.max(12, room - (where ? 14 : 0))), 'middle');
  const rest = where ? ellipsize(` (${where})`, room - displayWidth(name)) : '';
  return `${head}${name}${rest}${id}\n   ${snippetLine(h.snippet, width - 3, bold)}`;
}

/** The snippet on one line within `width` columns; `<mark>` becomes bold (or nothing) and is never cut in half. */
function snippetLine(snippet: string, width: number, bold: boolean): string {
  const [on, off] = bold ? ['\x1b[1m', '\x1b[0m'] : ['', ''];
  const parts = snippet
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(<\/?mark>)/);
  const plain = parts.filter((p) => p !== '<mark>' && p !== '</mark>').join('');
  let left = displayWidth(plain) <= width ? Infinity : width - 1;
  let out = '';
  let open = false;
  for (const part of parts) {
    if (part === '<mark>' || part === '</mark>') {
      open = part === '<mark>';
      out += open ? on : off;
      continue;
    }
    if (left <= 0) break;
    const piece = displayWidth(part) <= left ? part : take(part, left);
    out += piece;
    left -= displayWidth(piece);
  }
  return `${out}${left === Infinity ? '' : '…'}${open ? off : ''}`;
}
