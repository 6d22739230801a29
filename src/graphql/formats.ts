import { supportedFormats } from '../converters/registry.js';
import { builder } from './builder.js';

interface Format {
  label: string;
  mimeTypes: readonly string[];
  extensions: readonly string[];
}

const SupportedFormat = builder.objectRef<Format>('SupportedFormat').implement({
  fields: (t) => ({
    label: t.exposeString('label'),
    mimeTypes: t.stringList({ resolve: (f) => [...f.mimeTypes] }),
    extensions: t.stringList({ resolve: (f) => [...f.extensions] }),
  }),
});

builder.queryField('supportedFormats', (t) =>
  t.field({
    skipTypeScopes: true,
    type: [SupportedFormat],
    description: 'What uploads are accepted; the type is detected from the bytes.',
    resolve: () => supportedFormats(),
  }),
);
