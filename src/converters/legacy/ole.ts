/**
 * Legacy Office files (DOC, XLS, PPT) are OLE compound files (CFB): a little file system of
 * named streams. This module opens them with `cfb`, tells the three apart by their main
 * stream, and reads the document properties every Office application writes into the
 * "\x05SummaryInformation" property set (title, author, dates, application).
 */
import * as CFB from 'cfb';
import type { DocumentMetadata } from '../core/types.js';
import { corruptDocument } from '../../errors.js';

export type OleKind = 'doc' | 'xls' | 'ppt';

export function openOle(bytes: Uint8Array, what: string): CFB.CFB$Container {
  try {
    return CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  } catch (err) {
    throw corruptDocument(`The ${what} could not be read: it is damaged or incomplete`, err);
  }
}

export function oleStream(container: CFB.CFB$Container, name: string): Buffer | null {
  const entry = CFB.find(container, name);
  if (!entry?.content || entry.type !== 2) return null;
  const content = entry.content as Uint8Array | number[];
  return Buffer.isBuffer(content) ? content : Buffer.from(content);
}

/** Property ids of the SummaryInformation set that map onto our metadata. */
const SUMMARY_FIELDS: Readonly<Record<number, string>> = {
  2: 'title',
  3: 'subject',
  4: 'authors',
  5: 'keywords',
  6: 'description',
  8: 'lastModifiedBy',
  12: 'created',
  13: 'modified',
  18: 'producer',
};
const VT_LPSTR = 0x1e;
const VT_LPWSTR = 0x1f;
const VT_FILETIME = 0x40;
/** 100 ns ticks between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH = 116444736000000000n;

function propertyValue(stream: Buffer, offset: number, codepage: number): string | undefined {
  const type = stream.readUInt32LE(offset);
  if (type === VT_LPSTR) {
    const length = stream.readUInt32LE(offset + 4);
    const raw = stream.subarray(offset + 8, offset + 8 + Math.min(length, 4096));
    const text = codepage === 1200 ? raw.toString('utf16le') : new TextDecoder(codepage === 65001 ? 'utf-8' : 'windows-1252').decode(raw);
    return text.replace(/\0[\s\S]*$/, '').trim() || undefined;
  }
  if (type === VT_LPWSTR) {
    const length = stream.readUInt32LE(offset + 4);
    return (
      stream
        .subarray(offset + 8, offset + 8 + Math.min(length * 2, 8192))
        .toString('utf16le')
        .replace(/\0[\s\S]*$/, '')
        .trim() || undefined
    );
  }
  if (type === VT_FILETIME) {
    const ticks = stream.readBigUInt64LE(offset + 4);
    if (ticks === 0n) return undefined;
    const date = new Date(Number((ticks - FILETIME_EPOCH) / 10000n));
    return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1980 ? undefined : date.toISOString();
  }
  return undefined;
}

/**
 * The document's SummaryInformation properties; `{}` when absent or unreadable, because a
 * document without them is still a good document.
 */
export function oleSummary(container: CFB.CFB$Container): DocumentMetadata {
  const stream = oleStream(container, '\u0005SummaryInformation');
  const metadata: DocumentMetadata = {};
  if (!stream || stream.length < 48) return metadata;
  try {
    const section = stream.readUInt32LE(44);
    const count = Math.min(stream.readUInt32LE(section + 4), 256);
    const entries: Array<[number, number]> = [];
    let codepage = 1252;
    for (let i = 0; i < count; i += 1) {
      const id = stream.readUInt32LE(section + 8 + i * 8);
      const offset = section + stream.readUInt32LE(section + 12 + i * 8);
      if (id === 1) codepage = stream.readUInt16LE(offset + 4);
      else entries.push([id, offset]);
    }
    for (const [id, offset] of entries) {
      const field = SUMMARY_FIELDS[id];
      const value = field ? propertyValue(stream, offset, codepage) : undefined;
      if (!field || !value) continue;
      if (field === 'authors') metadata.authors = [value];
      else if (field === 'keywords') metadata.keywords = value.split(/\s*[,;]\s*/).filter(Boolean);
      else metadata[field] = value;
    }
  } catch {
    // A truncated property set: keep what was read.
  }
  return metadata;
}
