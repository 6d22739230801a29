/**
 * A ZIP's entry names and small text entries, read synchronously for detection. Packages built
 * on ZIP (OOXML, ODF, EPUB) are told apart by what they hold, never by the order of their
 * entries: the central directory at the end of the file lists every entry, so with the whole
 * file every package is recognised; with only the head, the local headers found there are used.
 *
 * Only small entries are inflated, and never past `MAX_TEXT_BYTES`, so a hostile ZIP costs
 * detection nothing.
 */
import { inflateRawSync } from 'node:zlib';

/** Manifests and content-type lists are a few kilobytes; nothing larger is read. */
const MAX_TEXT_BYTES = 1024 * 1024;
/** The end-of-central-directory record is 22 bytes plus a comment of at most 64 KiB. */
const MAX_EOCD_SEARCH = 22 + 0xffff;
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

interface Entry {
  method: number;
  compressedSize: number;
  /** Offset of the local file header. */
  localOffset: number;
}

export interface ZipPackage {
  readonly names: readonly string[];
  has(name: string): boolean;
  /** A small entry's text (UTF-8), or null when it is absent, too large or cut off. */
  text(name: string): string | null;
}

const cache = new WeakMap<Uint8Array, ZipPackage | null>();

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const decodeName = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/** Entries from the central directory, or null when the file has none that can be read. */
function centralDirectory(bytes: Uint8Array, data: DataView): Map<string, Entry> | null {
  const stop = Math.max(0, bytes.length - MAX_EOCD_SEARCH);
  for (let at = bytes.length - 22; at >= stop; at -= 1) {
    if (data.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = data.getUint16(at + 10, true);
    let offset = data.getUint32(at + 16, true);
    const entries = new Map<string, Entry>();
    for (let i = 0; i < count; i += 1) {
      if (offset + 46 > bytes.length || data.getUint32(offset, true) !== CENTRAL_HEADER) return null;
      const nameLength = data.getUint16(offset + 28, true);
      const extraLength = data.getUint16(offset + 30, true);
      const commentLength = data.getUint16(offset + 32, true);
      entries.set(decodeName(bytes.subarray(offset + 46, offset + 46 + nameLength)), {
        method: data.getUint16(offset + 10, true),
        compressedSize: data.getUint32(offset + 20, true),
        localOffset: data.getUint32(offset + 42, true),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
  return null;
}

/**
 * Entries from the local headers, in file order, as far as the bytes reach. An entry whose size
 * is only given after its data (a streaming writer's data descriptor) ends the walk.
 */
function localHeaders(bytes: Uint8Array, data: DataView): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let offset = 0;
  while (offset + 30 <= bytes.length && data.getUint32(offset, true) === LOCAL_HEADER) {
    const flags = data.getUint16(offset + 6, true);
    const compressedSize = data.getUint32(offset + 18, true);
    const nameLength = data.getUint16(offset + 26, true);
    const extraLength = data.getUint16(offset + 28, true);
    const name = decodeName(bytes.subarray(offset + 30, offset + 30 + nameLength));
    entries.set(name, { method: data.getUint16(offset + 8, true), compressedSize, localOffset: offset });
    if (flags & 0x08 && compressedSize === 0) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return entries;
}

function entryText(bytes: Uint8Array, data: DataView, entry: Entry): string | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || data.getUint32(at, true) !== LOCAL_HEADER) return null;
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length || entry.compressedSize > MAX_TEXT_BYTES) return null;
  const raw = bytes.subarray(start, end);
  try {
    if (entry.method === STORED) return decodeName(raw);
    if (entry.method === DEFLATED) return decodeName(inflateRawSync(raw, { maxOutputLength: MAX_TEXT_BYTES }));
  } catch {
    // too large once inflated, or damaged: no answer from this entry
  }
  return null;
}

/**
 * The ZIP in `bytes` (the whole file, or its head), or null when the bytes are not a ZIP.
 * Parsed once per byte array, since every package format's sniff asks.
 */
export function zipPackage(bytes: Uint8Array): ZipPackage | null {
  if (cache.has(bytes)) return cache.get(bytes)!;
  const data = view(bytes);
  let found: ZipPackage | null = null;
  if (bytes.length >= 30 && data.getUint32(0, true) === LOCAL_HEADER) {
    const entries = centralDirectory(bytes, data) ?? localHeaders(bytes, data);
    const names = [...entries.keys()];
    found = {
      names,
      has: (name) => entries.has(name),
      text: (name) => {
        const entry = entries.get(name);
        return entry ? entryText(bytes, data, entry) : null;
      },
    };
  }
  cache.set(bytes, found);
  return found;
}

function attributes(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));
}

/** The attributes of every `<name …>` tag (any prefix) in a small XML text; enough for detection. */
export function xmlTags(xml: string, name: string): Array<Map<string, string>> {
  return [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>`, 'g'))].map((m) => attributes(m[0]));
}

/**
 * The media type an ODF package (or an EPUB) declares: its `mimetype` entry, or the root entry
 * of META-INF/manifest.xml. Null when it declares none.
 */
export function packageMediaType(bytes: Uint8Array): string | null {
  const zip = zipPackage(bytes);
  if (!zip) return null;
  const declared = zip.text('mimetype')?.trim();
  if (declared && declared.length < 100) return declared;
  const root = xmlTags(zip.text('META-INF/manifest.xml') ?? '', 'file-entry').find((tag) => tag.get('manifest:full-path') === '/');
  return root?.get('manifest:media-type')?.trim() || null;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** "EncryptedPackage" in UTF-16LE: the stream holding a password-protected OOXML package. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * Whether the bytes are a password-protected DOCX/XLSX/PPTX: not a ZIP at all but an OLE
 * compound file holding an EncryptedPackage stream. Detection (an unknown compound file) and
 * the OOXML converters (a file stored as DOCX, then reprocessed) both ask, so each says
 * ENCRYPTED_DOCUMENT instead of "unsupported" or "damaged".
 */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC) && buffer.includes(ENCRYPTED_PACKAGE);
}
