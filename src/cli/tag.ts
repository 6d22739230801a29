/**
 * `docsphere tag ID [+tag|-tag|tag]...`: adds (`+a` or a bare `a`) and removes (`-b`) tags in one
 * PATCH, then prints the document's tags; with no changes it only prints them. The server
 * normalises (lower case, trimmed), so `+Finance` and `-finance` name the same tag.
 */
import { Command } from 'commander';
import { badInput } from '../errors.js';
import { ApiClient, type ApiDocument } from './api-client.js';
import { resolveDocumentId } from './document-ids.js';

/** `+a -b c` → addTags [a, c], removeTags [b]; a lone `+` or `-` names no tag. */
export function parseTagChanges(changes: readonly string[]): { addTags: string[]; removeTags: string[] } {
  const addTags: string[] = [];
  const removeTags: string[] = [];
  for (const change of changes) {
    const sign = change[0];
    const name = sign === '+' || sign === '-' ? change.slice(1) : change;
    if (!name.trim()) throw badInput(`"${change}" names no tag: write +tag to add, -tag to remove`);
    (sign === '-' ? removeTags : addTags).push(name);
  }
  return { addTags, removeTags };
}

export function tagCommand(): Command {
  return (
    new Command('tag')
      .description('Add (+tag) and remove (-tag) tags of a document, then print its tags')
      .argument('<id>', 'document ID (as `ls` prints it)')
      .argument('[changes...]', '+tag to add, -tag to remove (a bare tag adds)')
      .option('--json', 'print the document as JSON')
      // `-b` is a tag to remove here, not an option.
      .allowUnknownOption()
      .action(async (id: string, changes: string[], flags: { json?: boolean }) => {
        const { addTags, removeTags } = parseTagChanges(changes);
        const api = await ApiClient.fromSavedLogin();
        const resolved = encodeURIComponent(await resolveDocumentId(api, id));
        const doc =
          addTags.length || removeTags.length
            ? await api.request<ApiDocument>(`/api/documents/${resolved}`, {
                method: 'PATCH',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ addTags, removeTags }),
              })
            : await api.request<ApiDocument>(`/api/documents/${resolved}`);
        if (flags.json) return void process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        process.stdout.write(`${doc.tags.join(', ')}\n`);
      })
  );
}
