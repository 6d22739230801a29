/**
 * Recognising OOXML and ODF packages by what they hold, for the converters' `sniff`
 * declarations. file-type names them only when the entry it looks for lies within the head it
 * is given; otherwise it says "application/zip", and these tests decide from the package's
 * entries wherever they are.
 */
import type { DetectedFormat } from '../core/types.js';
import { packageMediaType, xmlTags, zipPackage } from '../core/zip-package.js';

export type OoxmlKind = 'docx' | 'xlsx' | 'pptx';

/** The content type of each kind's main part, transitional and macro-enabled. */
const MAIN_PART: ReadonlyArray<readonly [RegExp, OoxmlKind]> = [
  [/^application\/vnd\.(openxmlformats-officedocument\.wordprocessingml|ms-word)\.[\w.]*main\+xml$/i, 'docx'],
  [/^application\/vnd\.(openxmlformats-officedocument\.spreadsheetml|ms-excel)\.[\w.]*main\+xml$/i, 'xlsx'],
  [/^application\/vnd\.(openxmlformats-officedocument\.presentationml|ms-powerpoint)\.[\w.]*main\+xml$/i, 'pptx'],
];

/** The main part's folder, when [Content_Types].xml does not name its type. */
const MAIN_FOLDER: Readonly<Record<string, OoxmlKind>> = { word: 'docx', xl: 'xlsx', ppt: 'pptx' };

const kindOf = (contentType: string | undefined) => MAIN_PART.find(([pattern]) => contentType && pattern.test(contentType))?.[1];

/**
 * The kind of OOXML package in `bytes`: the target of the package's officeDocument
 * relationship (_rels/.rels), typed by [Content_Types].xml or else by its folder (so a head
 * holding only the relationships is enough); without relationships, the one main part
 * [Content_Types].xml declares. Null for anything else.
 */
export function ooxmlKind(bytes: Uint8Array): OoxmlKind | null {
  const zip = zipPackage(bytes);
  if (!zip) return null;
  const overrides = new Map(
    xmlTags(zip.text('[Content_Types].xml') ?? '', 'Override').map((tag) => [
      tag.get('PartName')?.replace(/^\//, ''),
      tag.get('ContentType'),
    ]),
  );
  const target = xmlTags(zip.text('_rels/.rels') ?? '', 'Relationship')
    .find((tag) => /\/officeDocument$/.test(tag.get('Type') ?? ''))
    ?.get('Target')
    ?.replace(/^\//, '');
  if (target) return kindOf(overrides.get(target)) ?? MAIN_FOLDER[target.split('/')[0] ?? ''] ?? null;
  const kinds = new Set([...overrides.values()].map(kindOf).filter(Boolean));
  return kinds.size === 1 ? [...kinds][0]! : null;
}

/** A `refine` test of a ZIP for an OOXML kind, answering `format` when the package is one. */
export const ooxmlRefinement = (kind: OoxmlKind, format: DetectedFormat) => ({
  of: 'application/zip',
  wholeFile: true,
  test: (bytes: Uint8Array) => (ooxmlKind(bytes) === kind ? format : null),
});

/** A `refine` test of a ZIP for ODF packages whose media type is one of `formats`. */
export const odfRefinement = (formats: ReadonlyArray<DetectedFormat>) => ({
  of: 'application/zip',
  wholeFile: true,
  test: (bytes: Uint8Array) => {
    const mediaType = packageMediaType(bytes);
    return formats.find((format) => format.mimeType === mediaType) ?? null;
  },
});
