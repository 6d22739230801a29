/**
 * Jupyter notebooks (.ipynb, nbformat 4; 3 is close enough for the fields read here). Markdown
 * cells are Markdown already; code cells become fenced blocks in the kernel's language, so the
 * code stays code for readers and for the chunker; text outputs follow their cell, because
 * printed results and error messages are what people search notebooks for.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { notebookDeclaration } from './notebook.declaration.js';
import { corruptDocument } from '../../errors.js';
import { decodeText } from '../core/decode-text.js';
import { unpagedResult } from '../core/result.js';

type Source = string | string[] | undefined;

interface NotebookOutput {
  output_type?: string;
  text?: Source;
  data?: Record<string, Source>;
  ename?: string;
  evalue?: string;
}

interface NotebookCell {
  cell_type?: string;
  source?: Source;
  input?: Source;
  outputs?: NotebookOutput[];
}

export interface Notebook {
  nbformat?: number;
  cells?: NotebookCell[];
  worksheets?: Array<{ cells?: NotebookCell[] }>;
  metadata?: {
    title?: string;
    kernelspec?: { language?: string; display_name?: string };
    language_info?: { name?: string };
  };
}

/** True for a parsed JSON value that is a notebook. */
export function isNotebook(value: unknown): value is Notebook {
  const candidate = value as Notebook | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.nbformat === 'number' &&
    (Array.isArray(candidate.cells) || Array.isArray(candidate.worksheets))
  );
}

function joined(source: Source): string {
  return (Array.isArray(source) ? source.join('') : (source ?? '')).replace(/\r\n?/g, '\n');
}

/** A fence longer than any run of backticks inside, so the content cannot close it. */
export function fenced(code: string, language = ''): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

/** ANSI colour codes that tracebacks are full of. */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function outputText(output: NotebookOutput): string {
  if (output.output_type === 'stream') return joined(output.text);
  if (output.output_type === 'error') return `${output.ename ?? 'Error'}: ${output.evalue ?? ''}`;
  const data = output.data ?? {};
  return joined(data['text/markdown'] ?? data['text/plain'] ?? output.text);
}

function cellMarkdown(cell: NotebookCell, language: string): string {
  const source = joined(cell.source ?? cell.input).trim();
  if (cell.cell_type === 'markdown') return source;
  if (cell.cell_type === 'raw') return source ? fenced(source) : '';
  if (cell.cell_type !== 'code') return source;
  const parts = source ? [fenced(source, language)] : [];
  const outputs = (cell.outputs ?? []).map(outputText).map((text) => text.replace(ANSI, '').trim());
  for (const text of outputs.filter(Boolean)) parts.push(fenced(text, 'text'));
  return parts.join('\n\n');
}

/** Renders a parsed notebook. */
export function notebookResult(notebook: Notebook): ConversionResult {
  const language = (notebook.metadata?.kernelspec?.language ?? notebook.metadata?.language_info?.name ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9+#-]/g, '');
  const cells = notebook.cells ?? notebook.worksheets?.flatMap((sheet) => sheet.cells ?? []) ?? [];
  const markdown = cells
    .map((cell) => cellMarkdown(cell, language))
    .filter((part) => part.trim())
    .join('\n\n');
  return unpagedResult(markdown, {
    title: notebook.metadata?.title ?? null,
    metadata: {
      nbformat: notebook.nbformat,
      cellCount: cells.length,
      ...(language ? { programmingLanguage: language } : {}),
    },
  });
}

async function convertNotebook(input: ConvertInput): Promise<ConversionResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(input.bytes).text);
  } catch (err) {
    throw corruptDocument('The notebook is not valid JSON', err);
  }
  if (!isNotebook(parsed)) throw corruptDocument('The file is not a Jupyter notebook');
  return notebookResult(parsed);
}

export const notebookConverter: Converter = { ...notebookDeclaration, convert: convertNotebook };
