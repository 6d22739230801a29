/** `docsphere search "query"`: the best chunks across your documents, with where they come from. */
import { Command, Option } from 'commander';
import { ApiClient, wholeNumber, type ApiDocument } from './api-client.js';

interface Hit {
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
    .option('--json', 'print the hits as JSON')
    .action(async (query: string, flags: { first: number; mode?: string; json?: boolean }) => {
      const api = await ApiClient.fromSavedLogin();
      const params = new URLSearchParams({
        q: query,
        first: String(flags.first),
        ...(flags.mode ? { mode: flags.mode.toUpperCase() } : {}),
      });
      const { hits } = await api.request<{ hits: Hit[] }>(`/api/search?${params}`);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
      if (!hits.length) return void process.stderr.write('No matches\n');
      const mark = process.stdout.isTTY ? ['\x1b[1m', '\x1b[0m'] : ['', ''];
      const lines = hits.map((h, i) => {
        const where = [h.chunk.pageStart ? `p. ${h.chunk.pageStart}` : '', h.chunk.headings.at(-1) ?? ''].filter(Boolean).join(' · ');
        const snippet = h.snippet
          .replace(/<mark>/g, mark[0]!)
          .replace(/<\/mark>/g, mark[1]!)
          .replace(/\s+/g, ' ')
          .trim();
        return `${i + 1}. ${h.document.filename}${where ? ` (${where})` : ''}  ${h.document.id}\n   ${snippet}`;
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
