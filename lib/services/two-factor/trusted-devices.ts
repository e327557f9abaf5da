import crypto from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { trustedDevices } from "../../db/schema";
import { hashToken } from "../tokens/secret";

/** Remember this browser for `days`: the returned token goes into an httpOnly cookie. */
export function rememberDevice(tx: DbOrTx, userId: number, days: number, now = Date.now()): { token: string; expiresAt: Date } {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now + days * 86_400_000);
  tx.insert(trustedDevices).values({ userId, tokenHash: hashToken(token), expiresAt }).run();
  return { token, expiresAt };
}

/** A remembered device of this user that has not expired (the cookie alone proves nothing for another user). */
export function isRememberedDevice(tx: DbOrTx, userId: number, token: string | null | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const row = tx
    .select({ id: trustedDevices.id })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.tokenHash, hashToken(token)), eq(trustedDevices.userId, userId), gt(trustedDevices.expiresAt, new Date(now))))
    .get();
  if (row) tx.update(trustedDevices).set({ lastUsedAt: new Date(now) }).where(eq(trustedDevices.id, row.id)).run();
  return Boolean(row);
}

export function forgetDevices(tx: DbOrTx, userId: number): number {
  return tx.delete(trustedDevices).where(eq(trustedDevices.userId, userId)).run().changes;
}
