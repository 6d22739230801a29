/**
 * JSON documents as a nested `**key:** value` list (structure-list.ts), so search sees values
 * with their keys. Notebooks saved as `.json` are recognised by their shape and rendered as
 * notebooks. JSON that does not parse (comments, trailing commas, truncation) is kept as a code
 * block rather than refused: its text is still worth finding.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { jsonDeclaration } from './json.declaration.js';
import { decodeText } from '../core/decode-text.js';
import { fenced, isNotebook, notebookResult } from './notebook.converter.js';
import { unpagedResult } from '../core/result.js';
import { renderStructure, type StructureNode } from '../core/structure-list.js';

/** Deeper values are serialised inline: pathological nesting must not blow the stack. */
const MAX_DEPTH = 64;

function scalarText(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'string' ? value : String(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** One JSON value as list nodes; arrays of scalars stay on one line. */
function toNodes(value: unknown, depth: number): StructureNode[] {
  if (isScalar(value)) return [{ value: scalarText(value) }];
  if (depth >= MAX_DEPTH) return [{ value: JSON.stringify(value) }];
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return [{ value: value.map(scalarText).join(', ') }];
    return value.map((item, index) => node(String(index + 1), item, depth + 1));
  }
  return Object.entries(value as Record<string, unknown>).map(([key, item]) => node(key, item, depth + 1));
}

function node(label: string, value: unknown, depth: number): StructureNode {
  const children = toNodes(value, depth);
  const only = children[0];
  if (children.length === 1 && only && only.label === undefined && !only.children) {
    return { label, value: only.value };
  }
  return { label, children };
}

async function convertJson(input: ConvertInput): Promise<ConversionResult> {
  const { text, encoding } = decodeText(input.bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unpagedResult(fenced(text.trim(), 'json'), {
      metadata: { encoding, warnings: ['The JSON does not parse; kept as text'] },
    });
  }
  if (isNotebook(parsed)) return notebookResult(parsed);
  const title =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? ['title', 'name'].map((key) => (parsed as Record<string, unknown>)[key]).find((v) => typeof v === 'string')
      : undefined;
  return unpagedResult(renderStructure(toNodes(parsed, 0)), {
    title: typeof title === 'string' ? title : null,
    metadata: { encoding },
  });
}

export const jsonConverter: Converter = { ...jsonDeclaration, convert: convertJson };
