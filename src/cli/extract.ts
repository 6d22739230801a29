/**
 * `docsphere extract FILE`: converts a local file with the same use-case as the `extract`
 * mutation and `POST /api/v1/extract`, offline and without a server. Markdown goes to stdout so
 * the command composes with pipes (`docsphere extract a.pdf | less`); everything else
 * (warnings, errors) goes to stderr.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { OcrMode } from '../converters/core/types.js';
import { fromFsError } from './errors.js';

interface ExtractFlags {
  json?: boolean;
  ocr: Lowercase<OcrMode>;
  lang?: string[];
  timeout: number;
}

/** Tesseract codes: `eng`, `deu`, `chi_sim`. */
function parseLanguages(value: string): string[] {
  const codes = value.split(/[,+\s]+/).filter(Boolean);
  const bad = codes.find((code) => !/^[a-z]{3}(?:_[a-z]{3,4})?$/.test(code));
  if (bad !== undefined || codes.length === 0) throw new InvalidArgumentError('expected Tesseract codes like eng,deu');
  return codes;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return seconds;
}

export function extractCommand(): Command {
  return new Command('extract')
    .description('Convert FILE to Markdown on stdout (nothing is stored; "-" reads stdin)')
    .argument('<file>', 'the document to convert')
    .option('--json', 'print the whole result (Markdown, text, pages, outline, metadata) as JSON')
    .addOption(
      new Option('--ocr <mode>', 'OCR for pages without a text layer, on every page, or never')
        .choices(['auto', 'force', 'off'])
        .default('auto'),
    )
    .option('--lang <codes>', 'OCR languages a page may be in, e.g. eng,deu (default: OCR_LANGUAGES)', parseLanguages)
    .option('--timeout <seconds>', 'give up after this long', parseSeconds, 300)
    .action(runExtract);
}

async function runExtract(file: string, flags: ExtractFlags): Promise<void> {
  // Loaded here, not at the top: every converter (pdf.js, tesseract.js, …) comes with these,
  // and `docsphere --help` or another subcommand should not pay for them.
  const [{ loadConfig }, { availableLanguages, terminateOcr }, { extractDocument, readLimited }] = await Promise.all([
    import('../config.js'),
    import('../converters/image/ocr.js'),
    import('../services/documents/extract-document.js'),
  ]);
  const { maxFileSize, ocrLanguages } = loadConfig();
  // Without --lang, the languages OCR_LANGUAGES allows, each page read in the one it is in.
  const languages = flags.lang ?? ocrLanguages;
  const missing = languages.filter((code) => !availableLanguages([code]).includes(code));
  if (missing.length) process.stderr.write(`warning: OCR language data not installed: ${missing.join(', ')}\n`);

  const open = () => (file === '-' ? process.stdin : createReadStream(file));
  const bytes = await readLimited(open, maxFileSize).catch((err: unknown) => {
    throw fromFsError(err, file);
  });

  // stdout carries the document: anything a library prints must not end up inside it.
  const log = console.log;
  console.log = console.error;
  try {
    const { format, result } = await extractDocument(
      { bytes, filename: file === '-' ? undefined : path.basename(file) },
      { ocr: flags.ocr.toUpperCase() as OcrMode, languages },
      { maxBytes: maxFileSize, timeoutMs: flags.timeout * 1000, metrics: false },
    );
    const output = flags.json ? `${JSON.stringify({ mimeType: format.mimeType, ...result }, null, 2)}\n` : result.markdown;
    await new Promise<void>((resolve, reject) => process.stdout.write(output, (err) => (err ? reject(err) : resolve())));
  } finally {
    console.log = log;
    // The OCR worker thread would otherwise keep the process alive.
    await terminateOcr();
  }
}
