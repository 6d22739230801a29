import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the web client from the committed schema.graphql (no running server needed). The
 * generated client/src/gql is committed too, so a clean build needs neither step.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**', '!client/src/operations.ts'],
  ignoreNoDocuments: true,
  generates: {
    'client/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown', Upload: 'File' } },
    },
  },
};
export default config;
