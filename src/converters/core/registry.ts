/**
 * Builds a registry from a list of converters: lookup by MIME type, detection from the
 * converters' declarations, and conversion that hands the registry down to nested documents.
 * The list itself lives in ../registry.ts; keeping the factory apart lets containers and tests
 * depend on the contract (types.ts) instead of on every converter.
 */
import type { ConversionResult, Converter, ConverterRegistry, ConvertInput } from './types.js';
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
export type Fallback = (input: ConvertInput, registry: ConverterRegistry) => Converter;

export interface Registry extends ConverterRegistry {
  supportedFormats(): SupportedFormat[];
}

/**
 * A registry over `converters`. `route` may rename the MIME type before lookup (a compound file
 * seen only by its head is looked into whole); `fallback` handles what lookup misses.
 */
export function createRegistry(
  converters: readonly Converter[],
  hooks: { route?: (input: ConvertInput) => string; fallback: Fallback },
): Registry {
  const byMimeType = new Map(converters.flatMap((converter) => converter.mimeTypes.map((mime) => [mime, converter] as const)));
  const registry: Registry = {
    converters,
    converterFor: (mimeType) => byMimeType.get(mimeType.split(';')[0]!.trim().toLowerCase()),
    detectFormat: createDetector(converters),
    supportedFormats: () =>
      converters.map(({ label, mimeTypes, extensions }) => ({
        label,
        mimeTypes: [...mimeTypes],
        extensions: [...extensions],
      })),
    async convert(input: ConvertInput): Promise<ConversionResult> {
      input.signal?.throwIfAborted();
      const withRegistry = { ...input, registry };
      const converter = registry.converterFor(hooks.route?.(withRegistry) ?? input.mimeType) ?? hooks.fallback(withRegistry, registry);
      return converter.convert(withRegistry);
    },
  };
  return registry;
}
