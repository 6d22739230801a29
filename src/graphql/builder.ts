import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { FileUpload } from 'graphql-upload-minimal';
import { unauthenticated } from '../errors.js';
import type { AuthUser } from '../services/auth-service.js';
import type { GraphQLContext } from './context.js';

/**
 * The schema builder. Every field is non-null unless it says otherwise, and auth is declared on
 * fields (`authScopes: { user: true }`) so it runs before any resolver; a denied field answers
 * UNAUTHENTICATED, never a partial result.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { user: boolean };
  AuthContexts: { user: GraphQLContext & { user: AuthUser } };
  Scalars: {
    Upload: { Input: Promise<FileUpload>; Output: never };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  // Relay first, so scope checks see decoded global ids.
  plugins: [RelayPlugin, ScopeAuthPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ user: ctx.user !== null }),
    unauthorizedError: () => unauthenticated(),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
