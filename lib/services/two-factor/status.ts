import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { passkeys, recoveryCodes, userIdentities, userTotp } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { requireSelf } from "./self";

export interface TwoFactorStatus {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
  sso: boolean;
}

function countBy(db: DbOrTx, rows: { userId: number; n: number }[]): Map<number, number> {
  void db;
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/** Per user: authenticator app, passkeys, unused recovery codes, linked SSO identity (admin: who has what). */
export function twoFactorByUser(db: DbOrTx = getDb()): Map<number, TwoFactorStatus> {
  const totp = new Set(db.select({ userId: userTotp.userId }).from(userTotp).where(isNotNull(userTotp.confirmedAt)).all().map((r) => r.userId));
  const pk = countBy(db, db.select({ userId: passkeys.userId, n: sql<number>`count(*)` }).from(passkeys).groupBy(passkeys.userId).all());
  const rc = countBy(
    db,
    db.select({ userId: recoveryCodes.userId, n: sql<number>`count(*)` }).from(recoveryCodes).where(isNull(recoveryCodes.usedAt)).groupBy(recoveryCodes.userId).all(),
  );
  const sso = new Set(db.select({ userId: userIdentities.userId }).from(userIdentities).all().map((r) => r.userId));
  const ids = new Set([...totp, ...pk.keys(), ...rc.keys(), ...sso]);
  const out = new Map<number, TwoFactorStatus>();
  for (const id of ids) out.set(id, { totp: totp.has(id), passkeys: pk.get(id) ?? 0, recoveryCodesLeft: rc.get(id) ?? 0, sso: sso.has(id) });
  return out;
}

export function twoFactorOf(db: DbOrTx, userId: number): TwoFactorStatus {
  const totp = Boolean(db.select().from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.confirmedAt))).get());
  const pk = db.select({ n: sql<number>`count(*)` }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;
  const rc =
    db.select({ n: sql<number>`count(*)` }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
  const sso = Boolean(db.select().from(userIdentities).where(eq(userIdentities.userId, userId)).get());
  return { totp, passkeys: pk, recoveryCodesLeft: rc, sso };
}

export function myTwoFactor(actor: Actor): TwoFactorStatus {
  return twoFactorOf(getDb(), requireSelf(actor).id);
}

export function listTwoFactor(actor: Actor): Map<number, TwoFactorStatus> {
  requirePermission(actor, "manage");
  return twoFactorByUser();
}
