import type { Container } from '../app/container.js';
import type { AuthUser } from '../services/auth/types.js';
import { createLoaders, type Loaders } from './loaders.js';

/**
 * Per-operation context, the same for HTTP and WebSocket operations. `user` is resolved from the
 * token before any resolver runs; loaders are per operation so caching never crosses users.
 */
export interface GraphQLContext {
  c: Container;
  user: AuthUser | null;
  loaders: Loaders;
}

export function createContext(c: Container, user: AuthUser | null): GraphQLContext {
  return { c, user, loaders: createLoaders(c, user) };
}
