/** OpenDocument text, presentations and drawings (odf.converter.ts converts them). */
import type { ConverterDeclaration } from '../core/types.js';
import { odfRefinement } from './package-sniff.js';

export const odfDeclaration: ConverterDeclaration = {
  id: 'odf',
  version: '1',
  label: 'OpenDocument text / presentation',
  mimeTypes: [
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.presentation',
    'application/vnd.oasis.opendocument.graphics',
  ],
  extensions: ['odt', 'odp', 'odg'],
  sniff: {
    // file-type reads only a `mimetype` entry that comes first; the manifest names the rest.
    refine: odfRefinement([
      { mimeType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
      { mimeType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' },
      { mimeType: 'application/vnd.oasis.opendocument.graphics', extension: 'odg' },
    ]),
  },
};
