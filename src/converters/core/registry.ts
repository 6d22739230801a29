/**
 * Builds a registry from a list of converter declarations: lookup by MIME type, detection from
 * the declarations, and conversion that imports a converter on first use and hands the registry
 * down to nested documents. The list itself lives in ../registry.ts; keeping the factory apart
 * lets containers and tests depend on the contract (types.ts) instead of on every converter.
 */
import type { ConversionResult, Converter, ConverterDeclaration, ConverterRegistry, ConvertInput, LazyConverter } from './types.js';
import { createDetector } from './detect.js';

export interface SupportedFormat {
  label: string;
  mimeTypes: string[];
  extensions: string[];
}

/**
 * Decides which converter takes an input once lookup by its MIME type found none, or throws
 * the error that says why nobody can (unsupported, encrypted).
 */
export type Fallback = (input: ConverterChoice, registry: ConverterRegistry) => LazyConverter;

/** What choosing a converter looks at: the detected type and the bytes (whole, or the head). */
export type ConverterChoice = Pick<ConvertInput, 'bytes' | 'mimeType'>;

export interface Registry extends ConverterRegistry {
  supportedFormats(): SupportedFormat[];
  /**
   * The converter that takes an input of a detected type, or the error that says why none
   * does (UNSUPPORTED_FORMAT, ENCRYPTED_DOCUMENT): uploads are refused with it before storage.
   */
  resolve(input: ConverterChoice): LazyConverter;
}

/**
 * One line of the registry list: a format's declaration and the dynamic import of its
 * converter, e.g. `lazy(docxDeclaration, async () => (await import('./office/docx.converter.js')).docxConverter)`.
 * The import is written out at the call site so bundlers and readers see the path.
 */
export const lazy = (declaration: ConverterDeclaration, load: () => Promise<Converter>): LazyConverter => ({ ...declaration, load });

/**
 * A registry over `converters`. `route` may rename the MIME type before lookup (a compound file
 * seen only by its head is looked into whole); `fallback` handles what lookup misses.
 */
export function createRegistry(
  converters: readonly LazyConverter[],
  hooks: { route?: (input: ConverterChoice) => string; fallback: Fallback },
): Registry {
  const detect = createDetector(converters);
  const byMimeType = new Map(converters.flatMap((converter) => converter.mimeTypes.map((mime) => [mime, converter] as const)));
  const registry: Registry = {
    converters,
    converterFor: (mimeType) => byMimeType.get(mimeType.split(';')[0]!.trim().toLowerCase()),
    detectFormat: detect,
    supportedFormats: () =>
      converters.map(({ label, mimeTypes, extensions }) => ({
        label,
        mimeTypes: [...mimeTypes],
        extensions: [...extensions],
      })),
    resolve: (input) => registry.converterFor(hooks.route?.(input) ?? input.mimeType) ?? hooks.fallback(input, registry),
    async convert(input: ConvertInput): Promise<ConversionResult> {
      input.signal?.throwIfAborted();
      // A type detected from a head alone ("application/zip") is settled on the whole file, so a
      // package stored under its provisional type still reaches its own converter.
      const settled = detect.isProvisional(input.mimeType) ? await detect(input.bytes, input.filename) : null;
      const withRegistry = { ...input, mimeType: settled?.mimeType ?? input.mimeType, registry };
      const converter = await registry.resolve(withRegistry).load();
      input.signal?.throwIfAborted();
      return converter.convert(withRegistry);
    },
  };
  return registry;
}
