import { eq } from "drizzle-orm";
import { z } from "zod";
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { getDb } from "../../db/client";
import { passkeys, users, type User } from "../../db/schema";
import { TooManyRequestsError, UnauthorizedError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { SYSTEM } from "../../auth/actor";
import { lockedForKeys, lockMessage, recordFailureKeys, THROTTLE, type ThrottleKey } from "../auth/login-throttle";
import { saveChallenge, takeChallenge, type RelyingParty } from "./challenges";
import { userPasskeys } from "./list";

type Purpose = "sign_in" | "second_factor";

/** Options for navigator.credentials.get(): any passkey of this console (sign-in), or this user's (second factor). */
export async function passkeyAuthenticationOptions(rp: RelyingParty, purpose: Purpose, userId: number | null) {
  const db = getDb();
  const allow = userId ? userPasskeys(db, userId).map((p) => ({ id: p.credentialId, transports: p.transports ?? undefined })) : undefined;
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: "required", allowCredentials: allow });
  const challengeId = db.transaction((tx) => saveChallenge(tx, purpose, options.challenge, userId));
  return { challengeId, options };
}

export const passkeyAnswer = z.object({
  challengeId: z.string().min(1).max(100),
  response: z.custom<AuthenticationResponseJSON>((v) => typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string", "Missing the browser's answer"),
});

const ipKeys = (ip: string | null): ThrottleKey[] => (ip ? [{ key: `ip:${ip}`, max: THROTTLE.maxPerIp }] : []);

/**
 * Check a passkey answer: the challenge (single use, this purpose, this user for a second factor),
 * the signature with the stored public key, user verification, and a counter that only goes up.
 * Returns the user it belongs to. Failures are throttled per IP like passwords.
 */
export async function verifyPasskey(rp: RelyingParty, purpose: Purpose, input: z.infer<typeof passkeyAnswer>, ip: string | null, expectUserId: number | null = null): Promise<User> {
  const data = passkeyAnswer.parse(input);
  const db = getDb();
  const wait = lockedForKeys(db, ipKeys(ip));
  if (wait > 0) throw new TooManyRequestsError(lockMessage(wait));
  const fail = (why: string): never => {
    db.transaction((tx) => {
      recordFailureKeys(tx, ipKeys(ip));
      writeAudit(tx, SYSTEM, { action: "auth.sign_in_failed", entityType: "user", entityId: expectUserId, after: { method: "passkey", reason: why, ip } });
    });
    throw new UnauthorizedError("The passkey was not accepted");
  };
  const challenge = db.transaction((tx) => takeChallenge(tx, data.challengeId, purpose));
  if (!challenge || challenge.userId !== expectUserId) return fail("unknown or expired challenge");
  const key = db.select().from(passkeys).where(eq(passkeys.credentialId, data.response.id)).get();
  if (!key || (expectUserId !== null && key.userId !== expectUserId)) return fail("unknown passkey");
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: data.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: { id: key.credentialId, publicKey: Buffer.from(key.publicKey, "base64url"), counter: key.counter, transports: key.transports ?? undefined },
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!result.verified) return fail("signature");
  const user = db.select().from(users).where(eq(users.id, key.userId)).get();
  if (!user || user.disabled) return fail("account disabled");
  db.update(passkeys).set({ counter: result.authenticationInfo.newCounter, lastUsedAt: new Date() }).where(eq(passkeys.id, key.id)).run();
  return user;
}
