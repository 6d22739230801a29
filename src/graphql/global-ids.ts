import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';

/**
 * Decodes a global id found inside an input object (where Pothos leaves it a string), so a
 * malformed id or one of another type is BAD_USER_INPUT like any other bad field.
 */
export function globalIdOf(globalId: string, typename: string, field: string): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // fall through
  }
  throw badInput(`${field} must be a ${typename} id`, { field });
}

export const collectionIdOf = (globalId: string) => globalIdOf(globalId, 'Collection', 'collectionId');
