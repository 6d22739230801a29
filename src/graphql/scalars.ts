import { GraphQLError, Kind } from 'graphql';
import { GraphQLUpload } from 'graphql-upload-minimal';
import { builder } from './builder.js';

builder.addScalarType('Upload', GraphQLUpload, {});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-11-21T12:00:00.000Z',
  serialize: (value) => (value as Date).toISOString(),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDate(ast.value);
  },
});

builder.scalarType('JSON', {
  description: 'Arbitrary JSON (document metadata varies by format)',
  serialize: (value) => value,
  parseValue: (value) => value,
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}
