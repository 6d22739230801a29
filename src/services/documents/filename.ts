import path from 'node:path';

const MAX_BYTES = 255;

/**
 * Client filenames are display metadata only (files are stored by hash), but they end up in
 * UIs, logs and Content-Disposition headers: strip directories, control and bidi characters,
 * and cap the length, keeping the extension where possible.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  // C0/C1 controls, DEL, and bidi overrides that can disguise an extension.
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  name = name.replace(/^[\s.]+/, '').trim();
  if (!name) return 'untitled';
  if (Buffer.byteLength(name) <= MAX_BYTES) return name;
  const ext = path.extname(name).slice(0, 16);
  let base = name.slice(0, name.length - ext.length);
  while (Buffer.byteLength(base + ext) > MAX_BYTES) base = [...base].slice(0, -1).join('');
  return base + ext;
}
