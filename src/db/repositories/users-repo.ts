import { eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { users } from '../schema/index.js';

export async function insertUser(ex: Executor, email: string, passwordHash: string) {
  const [row] = await ex.insert(users).values({ email, passwordHash }).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findUserByEmail(ex: Executor, email: string) {
  const [row] = await ex.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

export async function findUserById(ex: Executor, id: string) {
  const [row] = await ex.select({ id: users.id, email: users.email, createdAt: users.createdAt }).from(users).where(eq(users.id, id));
  return row ?? null;
}
