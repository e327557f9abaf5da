import crypto from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { webauthnChallenges } from "../../db/schema";

type Purpose = "register" | "sign_in" | "second_factor";
const CHALLENGE_MS = 5 * 60_000;

/** Where a WebAuthn ceremony must happen: the console's own origin and host name. */
export interface RelyingParty {
  origin: string;
  rpID: string;
}

export function relyingParty(origin: string): RelyingParty {
  return { origin, rpID: new URL(origin).hostname };
}

export function saveChallenge(tx: DbOrTx, purpose: Purpose, challenge: string, userId: number | null, now = Date.now()): string {
  tx.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date(now))).run();
  const id = crypto.randomBytes(18).toString("base64url");
  tx.insert(webauthnChallenges).values({ id, purpose, challenge, userId, expiresAt: new Date(now + CHALLENGE_MS) }).run();
  return id;
}

/** Take a challenge (single use: gone whatever the outcome), or null if unknown/expired/not this purpose. */
export function takeChallenge(tx: DbOrTx, id: string, purpose: Purpose, now = Date.now()) {
  const row = tx
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.id, id), eq(webauthnChallenges.purpose, purpose)))
    .returning()
    .get();
  return row && row.expiresAt.getTime() > now ? row : null;
}
