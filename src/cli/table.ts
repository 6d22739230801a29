/**
 * Terminal tables that fit: a line longer than the terminal wraps and the columns stop lining
 * up, so every line stays within `maxWidth` columns (100: a split pane or a phone's SSH app)
 * whatever the data. Widths count what a terminal draws: CJK and emoji take two cells,
 * combining marks and colour escapes none.
 */

export const TABLE_WIDTH = 100;

/** How a column gives up room: 'middle' keeps a name's start and its extension, 'end' its start. */
export type Shrink = 'middle' | 'end';

const ANSI = /\x1b\[[0-9;]*m/g;

function cellWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f900 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Terminal columns `s` takes. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += cellWidth(ch.codePointAt(0)!);
  return w;
}

/** The longest prefix of `chars` (plain text) within `width` columns. */
export function take(chars: Iterable<string>, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of chars) {
    const cw = cellWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** `s` within `width` columns, an ellipsis marking what was cut. Colour escapes are dropped when it cuts. */
export function ellipsize(s: string, width: number, where: Shrink = 'end'): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 1) return width === 1 ? '…' : '';
  const chars = [...s.replace(ANSI, '').replace(/[\r\n\t]+/g, ' ')];
  if (where === 'end') return `${take(chars, width - 1)}…`;
  const tailWidth = Math.floor((width - 1) / 2);
  const tail = [...take([...chars].reverse(), tailWidth)].reverse().join('');
  return `${take(chars, width - 1 - displayWidth(tail))}…${tail}`;
}

/**
 * Columns padded to line up, separated by two spaces. When the natural widths do not fit,
 * the `shrink` columns give up room, widest first, down to 8 columns each; the others (IDs,
 * statuses, sizes) are short by construction and never cut.
 */
export function formatTable(
  header: string[],
  rows: string[][],
  shrink: Partial<Record<number, Shrink>> = {},
  maxWidth = TABLE_WIDTH,
): string {
  const clean = (c: string | undefined) => (c ?? '').replace(/[\r\n\t]+/g, ' ');
  const body = rows.map((r) => header.map((_, i) => clean(r[i])));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const shrinkable = Object.keys(shrink).map(Number);
  // Take from the widest shrinkable column until it is level with the next, so long names
  // and long messages share the room instead of one of them losing it all.
  while (total() > maxWidth) {
    const order = shrinkable.filter((i) => widths[i]! > 8).sort((a, b) => widths[b]! - widths[a]!);
    const widest = order[0];
    if (widest === undefined) break;
    const next = order[1] === undefined ? 8 : widths[order[1]]!;
    widths[widest] = Math.max(8, widths[widest]! - Math.min(total() - maxWidth, Math.max(1, widths[widest]! - next)));
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const fitted = ellipsize(c, widths[i]!, shrink[i] ?? 'end');
        return i === cells.length - 1 ? fitted : fitted + ' '.repeat(widths[i]! - displayWidth(fitted));
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].map((l) => ellipsize(l, maxWidth)).join('\n');
}
