/**
 * Joining Markdown blocks. Blocks are separated by a blank line, except consecutive list
 * items, which stay on adjacent lines so they render as one tight list rather than a loose
 * list of paragraphs (and read back as one list in the plain text).
 */
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)]) /;

export function joinBlocks(blocks: readonly string[]): string {
  let markdown = '';
  blocks.forEach((block, index) => {
    if (index > 0) {
      const tight = LIST_ITEM.test(block) && LIST_ITEM.test(blocks[index - 1]!.split('\n').pop()!);
      markdown += tight ? '\n' : '\n\n';
    }
    markdown += block;
  });
  return markdown;
}
