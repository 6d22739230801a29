/**
 * Telling the legacy Office formats (DOC, XLS, PPT) apart inside an OLE compound file, for the
 * converters' `sniff` declarations and the registry's routing. Detection runs on every upload,
 * so the directory is scanned by hand here; the `cfb` parser is required only for a file that
 * is still a bare compound file when a converter is chosen.
 */
import { createRequire } from 'node:module';
import type * as CFB from 'cfb';
import type { ConvertInput, DetectedFormat } from '../core/types.js';

const require = createRequire(import.meta.url);
const cfb = () => require('cfb') as typeof CFB;

/** Main stream names of the legacy Office formats, and the MIME type each one means. */
const DOC: DetectedFormat = { mimeType: 'application/msword', extension: 'doc' };
const XLS: DetectedFormat = { mimeType: 'application/vnd.ms-excel', extension: 'xls' };
const PPT: DetectedFormat = { mimeType: 'application/vnd.ms-powerpoint', extension: 'ppt' };
const OLE_MAIN_STREAMS: ReadonlyArray<readonly [string, DetectedFormat]> = [
  ['WordDocument', DOC],
  ['Workbook', XLS],
  ['Book', XLS],
  ['PowerPoint Document', PPT],
];
const OUTLOOK_PROPERTIES = Buffer.from('__properties_version1.0', 'utf16le');
/** Directory entries are 128 bytes; the name (UTF-16LE) is followed by its byte length at 64. */
const DIRECTORY_ENTRY = 128;

/**
 * The legacy Office format of a compound file, from the directory entries of its main
 * stream. Works on the file's head alone (the directory usually sits in the first sectors),
 * so detection needs no full parse; a match is only taken where a real directory entry can
 * be (128-byte aligned, with the matching name length and a stream type), never in content.
 * Returns null when no such entry is in the bytes given.
 */
export function oleFormat(bytes: Uint8Array): DetectedFormat | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // An Outlook message keeps attachments (a DOC among them) in storages of its own.
  if (buffer.includes(OUTLOOK_PROPERTIES)) return null;
  for (const [name, format] of OLE_MAIN_STREAMS) {
    const needle = Buffer.from(`${name}\0`, 'utf16le');
    for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1)) {
      const aligned = at % DIRECTORY_ENTRY === 0 && at >= 512;
      if (aligned && buffer.readUInt16LE(at + 64) === needle.length && buffer[at + 66] === 2) {
        return format;
      }
    }
  }
  return null;
}

/** The format of a compound file's head if it is `mimeType`, for that converter's sniff. */
export function oleFormatOf(head: Uint8Array, mimeType: string): DetectedFormat | null {
  const format = oleFormat(head);
  return format?.mimeType === mimeType ? format : null;
}

/**
 * The legacy Office MIME type of a parsed compound file, from the streams at its root only
 * (documents embedded in storages of another file do not count). Null when it is none of them.
 */
export function oleContainerMimeType(container: CFB.CFB$Container): string | null {
  const root = container.FullPaths[0] ?? '';
  const names = new Set(
    container.FullPaths.filter((full, i) => full.startsWith(root) && container.FileIndex[i]?.type === 2).map((full) =>
      full.slice(root.length),
    ),
  );
  return OLE_MAIN_STREAMS.find(([name]) => names.has(name))?.[1].mimeType ?? null;
}

/**
 * The MIME type to convert a file as: detection sees only the head, where a compound file's
 * directory may not be, so a file still typed as a bare compound file is looked into whole.
 */
export function refineOleMimeType(input: Pick<ConvertInput, 'bytes' | 'mimeType'>): string {
  if (input.mimeType !== 'application/x-cfb') return input.mimeType;
  try {
    const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
    return oleContainerMimeType(cfb().read(bytes, { type: 'buffer' })) ?? input.mimeType;
  } catch {
    return input.mimeType;
  }
}
