/**
 * Finds a chunk's text among a PDF page's text items when the API has no page boxes for it.
 * Both sides are reduced to lower-case letters and digits, so spacing, hyphenation at line ends,
 * Markdown markup and punctuation do not matter. The passage is looked up as overlapping runs
 * of a few words (anchors), because a chunk rarely appears verbatim: page furniture, table
 * layout or a page break interrupt it. Found runs close to each other are joined, and the items
 * they cover are the highlight.
 */

const WORDS_PER_ANCHOR = 6;
const ANCHOR_STEP = 3;
/** Normalised characters between two found runs that still count as one passage. */
const JOIN_GAP = 120;

const isWordChar = (ch: string) => /[\p{L}\p{N}]/u.test(ch);

function normalise(items: readonly string[]) {
  let text = '';
  const owner: number[] = [];
  items.forEach((item, index) => {
    for (const ch of item.toLowerCase()) {
      if (!isWordChar(ch)) continue;
      text += ch;
      owner.push(index);
    }
  });
  return { text, owner };
}

function anchors(passage: string): string[] {
  const words = passage
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length <= WORDS_PER_ANCHOR) return [words.join('')];
  const out: string[] = [];
  for (let i = 0; i + WORDS_PER_ANCHOR <= words.length; i += ANCHOR_STEP) out.push(words.slice(i, i + WORDS_PER_ANCHOR).join(''));
  const tail = words.slice(-WORDS_PER_ANCHOR).join('');
  if (out.at(-1) !== tail) out.push(tail);
  // A chunk cut by a page break has only its head or its tail on this page: shorter anchors
  // there, kept only when long enough not to match by chance.
  for (const edge of [words.slice(0, 3).join(''), words.slice(-3).join('')]) if (edge.length >= 15) out.push(edge);
  return out;
}

/** Indices of the page's text items that hold the passage (empty when it is not on the page). */
export function findPassageItems(items: readonly string[], passage: string): number[] {
  const page = normalise(items);
  const ranges: [number, number][] = [];
  let from = 0;
  for (const anchor of anchors(passage)) {
    if (anchor.length < 4) continue;
    // Prefer the occurrence after the previous one: the passage reads in page order.
    let at = page.text.indexOf(anchor, from);
    if (at < 0) at = page.text.indexOf(anchor);
    if (at < 0) continue;
    ranges.push([at, at + anchor.length]);
    from = at + 1;
  }
  if (ranges.length === 0) return [];
  ranges.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const r of ranges) {
    const last = joined.at(-1);
    if (last && r[0] - last[1] <= JOIN_GAP) last[1] = Math.max(last[1], r[1]);
    else joined.push([r[0], r[1]]);
  }
  const hit = new Set<number>();
  for (const [start, end] of joined) for (let i = start; i < end; i++) hit.add(page.owner[i]!);
  return [...hit].sort((a, b) => a - b);
}
