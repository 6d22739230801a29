/** `docsphere ls`: your documents, newest first, as a table (or JSON for scripts). */
import { Command, Option } from 'commander';
import { ApiClient, collect, formatBytes, wholeNumber, type ApiDocument } from './api-client.js';
import { shortId } from './document-ids.js';
import { formatTable } from './table.js';

interface LsFlags {
  status?: string;
  name?: string;
  first: number;
  all?: boolean;
  json?: boolean;
  tag: string[];
}

export function lsCommand(): Command {
  return new Command('ls')
    .description('List your documents, newest first')
    .addOption(new Option('--status <status>', 'only this status').choices(['queued', 'processing', 'indexed', 'failed']))
    .option('--name <text>', 'filename contains')
    .option('-n, --first <n>', 'how many (1-100)', wholeNumber(1, 100), 50)
    .option('-a, --all', 'every document (follows the pages)')
    .option('-t, --tag <tag>', 'only documents with this tag (repeat: all of them)', collect, [])
    .option('--json', 'print JSON')
    .action(async (flags: LsFlags) => {
      const api = await ApiClient.fromSavedLogin();
      const docs: ApiDocument[] = [];
      let after: string | null = null;
      do {
        const params = new URLSearchParams({ first: String(flags.first) });
        if (flags.status) params.set('status', flags.status.toUpperCase());
        if (flags.name) params.set('filename', flags.name);
        for (const tag of flags.tag) params.append('tag', tag);
        if (after) params.set('after', after);
        const page: { items: ApiDocument[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = await api.request(
          `/api/documents?${params}`,
        );
        docs.push(...page.items);
        after = flags.all && page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      if (flags.json) return void process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
      const rows = docs.map((d) => [
        shortId(d),
        d.status,
        formatBytes(d.sizeBytes),
        d.createdAt.slice(0, 16).replace('T', ' '),
        d.metadata.path ? `${d.metadata.path}/${d.filename}` : d.filename,
      ]);
      process.stdout.write(`${formatTable(['ID', 'STATUS', 'SIZE', 'CREATED', 'NAME'], rows, { 4: 'middle' })}\n`);
    });
}
