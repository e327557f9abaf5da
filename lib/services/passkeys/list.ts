import { asc, eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { passkeys, type Passkey } from "../../db/schema";
import { iso } from "../iso";
import type { Actor } from "../../auth/actor";
import { requireSelf } from "../two-factor/self";

export interface PasskeyDto {
  id: number;
  name: string;
  deviceType: string | null;
  backedUp: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Never the public key or the credential id: the browser needs neither to manage its passkeys. */
export function toPasskeyDto(p: Passkey): PasskeyDto {
  return {
    id: p.id,
    name: p.name,
    deviceType: p.deviceType,
    backedUp: p.backedUp,
    createdAt: iso(p.createdAt)!,
    lastUsedAt: iso(p.lastUsedAt),
  };
}

export function passkeyCount(db: DbOrTx, userId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;
}

export function userPasskeys(db: DbOrTx, userId: number): Passkey[] {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.id)).all();
}

export function listMyPasskeys(actor: Actor): PasskeyDto[] {
  const me = requireSelf(actor);
  return userPasskeys(getDb(), me.id).map(toPasskeyDto);
}
