/** `docsphere rm ID...`: deletes documents (the short IDs `ls` prints, any unique UUID prefix, UUIDs or global IDs). */
import { Command } from 'commander';
import { toAppError } from '../errors.js';
import { ApiClient } from './api-client.js';
import { resolveDocumentId } from './document-ids.js';
import { reportError } from './errors.js';

export function rmCommand(): Command {
  return new Command('rm')
    .description('Delete documents with their chunks and stored files')
    .argument('<ids...>', 'document IDs')
    .action(async (ids: string[]) => {
      const api = await ApiClient.fromSavedLogin();
      // Every ID is tried; the exit status reports the last failure, like `rm a b c`.
      for (const id of ids) {
        try {
          const resolved = await resolveDocumentId(api, id);
          await api.request(`/api/documents/${encodeURIComponent(resolved)}`, { method: 'DELETE' });
          process.stdout.write(`deleted ${id}\n`);
        } catch (err) {
          const e = toAppError(err);
          process.exitCode = reportError(Object.assign(e, { message: `${id}: ${e.message}` }));
        }
      }
    });
}
