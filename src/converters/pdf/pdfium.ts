/**
 * The one place PDFium (Google's PDF engine, compiled to WebAssembly by @embedpdf/pdfium) is
 * loaded. The module is instantiated once per process, on the first PDF, and reused: starting
 * it costs ~80 ms and a few MB, which a process that never sees a PDF should not pay.
 *
 * PDFium is a C library: every document, page, text page and bitmap it hands out lives in the
 * WebAssembly heap until closed, and so does the copy of the input. `openDocument` owns that
 * bookkeeping so callers only ever see a `PdfDocument` they must `close()` (in a finally).
 * WebAssembly memory only grows; the sandbox recycles a child whose RSS went over its cap.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { corruptDocument, encryptedDocument } from '../../errors.js';

export type Pdfium = WrappedPdfiumModule;

/** The Emscripten heap views and allocator, which the package types only loosely. */
export interface PdfiumHeap {
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  UTF8ToString(ptr: number, maxBytes?: number): string;
  UTF16ToString(ptr: number, maxBytes?: number): string;
}

let loading: Promise<Pdfium> | undefined;

/** The process's PDFium module, instantiated on first use. */
export function pdfium(): Promise<Pdfium> {
  loading ??= (async () => {
    const { init } = await import('@embedpdf/pdfium');
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
    const module = await init({ wasmBinary: wasm } as Parameters<typeof init>[0]);
    module.PDFiumExt_Init();
    return module;
  })();
  // A failed start (e.g. out of memory) must not poison every later conversion.
  loading.catch(() => (loading = undefined));
  return loading;
}

export const heapOf = (m: Pdfium) => m.pdfium as unknown as PdfiumHeap;

/**
 * The calls made once per character or per text object, straight to the WebAssembly exports. The package's wrapped
 * methods go through Emscripten's `ccall` (argument conversion, stack save/restore) and, in this
 * build, an assertion wrapper per call: on a text page that was a fifth of the CPU time, more
 * than PDFium's own work for these calls. All arguments and results here are plain numbers, which
 * is all `ccall` would have passed through.
 */
export interface CharCalls {
  FPDFText_GetUnicode(text: number, index: number): number;
  FPDFText_IsGenerated(text: number, index: number): number;
  FPDFText_GetTextObject(text: number, index: number): number;
  FPDFText_GetLooseCharBox(text: number, index: number, rect: number): number;
  FPDFText_GetCharOrigin(text: number, index: number, x: number, y: number): number;
  FPDFText_GetFontSize(text: number, index: number): number;
  /** 1 when the matrix was written to `matrix` (the wrapped method answers a boolean). */
  FPDFText_GetMatrix(text: number, index: number, matrix: number): number;
  FPDFTextObj_GetFont(object: number): number;
}

const charCalls = new WeakMap<Pdfium, CharCalls>();

export function charCallsOf(m: Pdfium): CharCalls {
  let calls = charCalls.get(m);
  if (!calls) {
    const exports = (m.pdfium as unknown as { wasmExports: Record<string, unknown> }).wasmExports;
    const names = [
      'FPDFText_GetUnicode',
      'FPDFText_IsGenerated',
      'FPDFText_GetTextObject',
      'FPDFText_GetLooseCharBox',
      'FPDFText_GetCharOrigin',
      'FPDFText_GetFontSize',
      'FPDFText_GetMatrix',
      'FPDFTextObj_GetFont',
    ] as const;
    // Fall back to the wrapped methods if a build ever stops exporting these names.
    calls = Object.fromEntries(names.map((n) => [n, typeof exports[n] === 'function' ? exports[n] : m[n]])) as unknown as CharCalls;
    charCalls.set(m, calls);
  }
  return calls;
}

/** FPDF_GetLastError codes (fpdfview.h). */
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;

export interface PdfDocument {
  m: Pdfium;
  heap: PdfiumHeap;
  /** The open document; replaced by `reload()`. */
  handle: number;
  pageCount: number;
  /**
   * Closes and reopens the document from the copy already in the heap, which drops everything
   * PDFium cached for it (fonts, decoded streams) without copying the input again.
   */
  reload(): void;
  /** Frees the document and the copy of the input; safe to call twice. */
  close(): void;
}

/** Loads the document at `data`, mapping PDFium's failures to our errors. */
function loadDocument(m: Pdfium, data: number, length: number): number {
  const handle = m.FPDF_LoadMemDocument(data, length, '');
  if (handle) return handle;
  const error = m.FPDF_GetLastError();
  if (error === FPDF_ERR_PASSWORD) throw encryptedDocument('The PDF is password-protected and cannot be opened');
  if (error === FPDF_ERR_SECURITY) throw encryptedDocument('The PDF uses an unsupported security handler');
  throw corruptDocument('The PDF could not be read: not a PDF, or damaged beyond repair');
}

/**
 * Open a PDF from bytes (copied into the WebAssembly heap; the caller's buffer is left as is).
 * @throws AppError ENCRYPTED_DOCUMENT when a password is needed, CORRUPT_DOCUMENT when PDFium
 *   cannot parse the file even with its repair of broken cross-reference tables
 */
export async function openDocument(bytes: Uint8Array): Promise<PdfDocument> {
  if (bytes.byteLength === 0) throw corruptDocument('The PDF file is empty');
  const m = await pdfium();
  const heap = heapOf(m);
  const length = bytes.byteLength;
  const data = heap._malloc(length);
  if (!data) throw corruptDocument('The PDF is too large to open');
  heap.HEAPU8.set(bytes, data);
  let handle: number;
  try {
    handle = loadDocument(m, data, length);
  } catch (err) {
    heap._free(data);
    throw err;
  }
  let open = true;
  const doc: PdfDocument = {
    m,
    heap,
    handle,
    pageCount: m.FPDF_GetPageCount(handle),
    reload() {
      if (!open) throw new Error('reload() of a closed PDF document');
      m.FPDF_CloseDocument(doc.handle);
      try {
        doc.handle = loadDocument(m, data, length);
      } catch (err) {
        open = false;
        heap._free(data);
        throw err;
      }
    },
    close() {
      if (!open) return;
      open = false;
      m.FPDF_CloseDocument(doc.handle);
      heap._free(data);
    },
  };
  return doc;
}

/**
 * A scratch allocation in the WebAssembly heap for out-parameters, freed by `free()`. A class
 * rather than an object of closures: the readers are called once per glyph or text object, and
 * fresh closures for every page made V8 throw away its optimized code of the callers ("wrong call
 * target") and compile it again, page after page, at the start of every document.
 */
export class Scratch {
  readonly ptr: number;

  constructor(
    private readonly heap: PdfiumHeap,
    bytes: number,
  ) {
    this.ptr = heap._malloc(bytes);
  }

  f64(i: number): number {
    return this.heap.HEAPF64[(this.ptr >> 3) + i]!;
  }

  f32(i: number): number {
    return this.heap.HEAPF32[(this.ptr >> 2) + i]!;
  }

  i32(i: number): number {
    return this.heap.HEAP32[(this.ptr >> 2) + i]!;
  }

  free(): void {
    this.heap._free(this.ptr);
  }
}

export const scratch = (heap: PdfiumHeap, bytes: number) => new Scratch(heap, bytes);
