/**
 * Structured data (JSON, XML) as a nested Markdown list of `**key:** value` lines. For search
 * that reads better than a fenced dump: every value sits next to the name that says what it
 * is, the words are tokenised like prose, and chunks cut from the middle still carry their keys.
 */

export interface StructureNode {
  /** Key, element name or index; absent for anonymous list items. */
  label?: string;
  /** Scalar text; absent for pure containers. */
  value?: string;
  children?: StructureNode[];
}

/**
 * Deeper levels are not indented further: Markdown renderers turn 4+ levels of nesting into
 * code blocks in some dialects, and beyond that depth indentation no longer helps a reader.
 */
const MAX_INDENT_LEVEL = 8;

/** Characters that would turn text into Markdown syntax, escaped; whitespace collapsed. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

/** Multi-line text kept as lines, each escaped, continuation lines indented under the item. */
function escapeBlock(text: string, indent: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeInline(line))
    .filter(Boolean)
    .join(`\n${indent}`);
}

function renderNode(node: StructureNode, level: number, lines: string[]): void {
  const indent = '  '.repeat(Math.min(level, MAX_INDENT_LEVEL));
  const label = node.label ? `**${escapeInline(node.label)}:**` : '';
  const value = node.value ? escapeBlock(node.value, `${indent}  `) : '';
  const head = [label, value].filter(Boolean).join(' ');
  const children = node.children ?? [];
  if (head) lines.push(`${indent}- ${head}`);
  for (const child of children) renderNode(child, head ? level + 1 : level, lines);
}

/** The nodes as a nested list; empty containers and empty values are left out. */
export function renderStructure(nodes: readonly StructureNode[]): string {
  const lines: string[] = [];
  for (const node of nodes) renderNode(node, 0, lines);
  return lines.join('\n');
}
