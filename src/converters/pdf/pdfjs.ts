/**
 * The one place pdf.js is loaded. Node 20 needs pdf.js's legacy build, which bundles core-js;
 * its feature tests fail on V8 for spec corner cases (push onto a frozen-length array, raw JSON)
 * and it replaces `Array.prototype.push`, `JSON.parse` and `JSON.stringify` for the whole
 * process with JavaScript versions. Profiling the PDF converter showed the polyfilled `push`
 * alone as its top hot spot, and the same slowdown hit everything else in the process (GraphQL
 * responses, logging). The natives are kept and put back once both pdf.js bundles (the API and
 * the worker, loaded here in-process as pdf.js does in Node) have run their polyfills; the
 * additions they make (Promise.withResolvers, Uint8Array.fromBase64, …) stay, pdf.js needs them.
 */
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';

const natives = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
const isNative = (fn: unknown) => typeof fn === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(fn));

const pdfjs: typeof PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// Sets globalThis.pdfjsWorker, which pdf.js's in-process ("fake") worker uses instead of
// importing the bundle itself later, after we could have restored anything.
// @ts-expect-error the worker bundle ships no type declarations
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

function restore(target: object, key: string, original: unknown) {
  if (isNative(original) && (target as Record<string, unknown>)[key] !== original) {
    Object.defineProperty(target, key, { value: original, writable: true, configurable: true, enumerable: false });
  }
}
restore(Array.prototype, 'push', natives.push);
restore(JSON, 'parse', natives.parse);
restore(JSON, 'stringify', natives.stringify);

export const { getDocument, PDFDateString, Util } = pdfjs;
