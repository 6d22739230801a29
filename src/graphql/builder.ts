import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { FileUpload } from 'graphql-upload-minimal';
import { unauthenticated } from '../errors.js';
import type { AuthUser } from '../services/auth/types.js';
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

// Deny by default: every root field needs a signed-in user unless it opts out with
// `skipTypeScopes: true` (sign-up, log-in, `me`, supportedFormats). This covers fields added by
// plugins too (relay's node/nodes), so a new field is never public by accident.
builder.queryType({ authScopes: { user: true } });
builder.mutationType({ authScopes: { user: true } });
builder.subscriptionType({ authScopes: { user: true } });
