import type { KeyScope } from '../../security/tenant-scope.js';

/**
 * The shapes the auth services pass between them and to the doors. They live apart from the
 * services so that api-keys, audit-log, sessions and verified-tokens can name a user without
 * importing auth-service, which imports all of them.
 */

/** Who a request acts as: resolved from a JWT or an API key by `authenticate`. */
export interface AuthUser {
  id: string;
  email: string;
  /** The API key's scope when the request came with a scoped key (tenant-scope.ts explains it). */
  keyScope?: KeyScope | null;
}

/** A short-lived access token and a rotating refresh token (sessions.ts explains the pair). */
export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface AuthResult extends Session {
  user: AuthUser;
}
