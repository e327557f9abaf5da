import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { recoveryCodes } from "../../db/schema";
import { env } from "../../env";

export const RECOVERY_CODE_COUNT = 10;
// No 0/1/o/l/i: codes are read off paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function randomCode(): string {
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, "");
}

/** HMAC keyed with the console's secret key: the database alone is not enough to guess codes offline. */
export function hashRecoveryCode(code: string): string {
  return crypto.createHmac("sha256", env().secretKey).update(`recovery:${normaliseRecoveryCode(code)}`).digest("hex");
}

/** Replace a user's recovery codes with ten new ones; the plain codes are returned once. */
export function generateRecoveryCodes(tx: DbOrTx, userId: number): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomCode);
  for (const code of codes) tx.insert(recoveryCodes).values({ userId, codeHash: hashRecoveryCode(code) }).run();
  return codes;
}

export function deleteRecoveryCodes(tx: DbOrTx, userId: number): void {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
}

/** Use a recovery code: true once per code, never again. */
export function consumeRecoveryCode(tx: DbOrTx, userId: number, code: string): boolean {
  if (normaliseRecoveryCode(code).length !== 10) return false;
  const row = tx
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
    .get();
  return Boolean(row);
}

export function recoveryCodesLeft(db: DbOrTx, userId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
      .get()?.n ?? 0
  );
}
