/**
 * ZIP archives: every entry is converted through the registry and placed under a heading with
 * its path, so a search hit in an archive points at the file inside it. Nested archives are
 * opened the same way, up to the depth limit.
 *
 * Entries are inflated under the upload's limits (zip-entries.ts), so bombs stop early.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { archiveDeclaration } from './archive.declaration.js';
import { admitEntry, convertEmbedded, embeddedSection, nestingOf } from '../core/nesting.js';
import { unpagedResult } from '../core/result.js';
import { inflateEntry, openZip } from '../core/zip-entries.js';

/** macOS resource forks and Finder files: metadata of the zip tool, never documents. */
const NOISE = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;

async function convertArchive(input: ConvertInput): Promise<ConversionResult> {
  const nesting = nestingOf(input);
  const zip = await openZip(input.bytes, 'The archive');
  const entries = Object.values(zip.files)
    .filter((entry) => !entry.dir && !NOISE.test(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const archiveOut = { bytes: 0 };
  const sections: string[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    input.signal?.throwIfAborted();
    admitEntry(nesting);
    const bytes = await inflateEntry(entry, nesting, input.bytes.length, archiveOut);
    const outcome = await convertEmbedded(input, nesting, bytes, entry.name);
    if (!outcome.ok) {
      warnings.push(`${entry.name}: skipped (${outcome.reason})`);
      continue;
    }
    sections.push(embeddedSection(entry.name, 2, outcome));
  }
  const metadata = {
    entryCount: entries.length,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return unpagedResult(sections.join('\n\n'), { metadata });
}

export const archiveConverter: Converter = { ...archiveDeclaration, convert: convertArchive };
