import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { getDb } from "../../db/client";
import { passkeys } from "../../db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { requireSelf } from "../two-factor/self";
import { totpRow } from "../two-factor/totp";
import { getSignInPolicy } from "../auth/policy";
import { saveChallenge, takeChallenge, type RelyingParty } from "./challenges";
import { toPasskeyDto, userPasskeys, type PasskeyDto } from "./list";

/** Options for navigator.credentials.create(): a discoverable credential with user verification. */
export async function passkeyRegistrationOptions(actor: Actor, rp: RelyingParty) {
  const me = requireSelf(actor);
  const db = getDb();
  const options = await generateRegistrationOptions({
    rpName: "Lifeboat",
    rpID: rp.rpID,
    userName: me.email,
    userID: new TextEncoder().encode(`lifeboat:${me.id}`),
    attestationType: "none",
    excludeCredentials: userPasskeys(db, me.id).map((p) => ({ id: p.credentialId, transports: p.transports ?? undefined })),
    // Discoverable, so the same passkey can also be the whole sign-in (no email typed).
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const challengeId = db.transaction((tx) => saveChallenge(tx, "register", options.challenge, me.id));
  return { challengeId, options };
}

export const registerPasskeyInput = z.object({
  challengeId: z.string().min(1).max(100),
  name: z.string().trim().min(1, "Name the passkey (e.g. the device)").max(60),
  response: z.custom<RegistrationResponseJSON>((v) => typeof v === "object" && v !== null, "Missing the browser's answer"),
});

export async function registerPasskey(actor: Actor, rp: RelyingParty, input: z.infer<typeof registerPasskeyInput>): Promise<PasskeyDto> {
  const me = requireSelf(actor);
  const data = registerPasskeyInput.parse(input);
  const db = getDb();
  const challenge = db.transaction((tx) => takeChallenge(tx, data.challengeId, "register"));
  if (!challenge || challenge.userId !== me.id) throw new ValidationError("The passkey request expired: try again");
  const result = await verifyRegistrationResponse({
    response: data.response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  }).catch((e: Error) => {
    throw new ValidationError(`The passkey was not accepted: ${e.message}`);
  });
  if (!result.verified) throw new ValidationError("The passkey was not accepted");
  const info = result.registrationInfo;
  return db.transaction((tx) => {
    if (tx.select().from(passkeys).where(eq(passkeys.credentialId, info.credential.id)).get()) {
      throw new ConflictError("This passkey is already registered");
    }
    const row = tx
      .insert(passkeys)
      .values({
        userId: me.id,
        name: data.name,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: info.credential.transports ?? null,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      })
      .returning()
      .get();
    writeAudit(tx, me, { action: "user.passkey_add", entityType: "user", entityId: me.id, after: { id: row.id, name: row.name } });
    return toPasskeyDto(row);
  });
}

/** Remove one of one's own passkeys; the last second factor of a role that requires one stays. */
export function removePasskey(actor: Actor, id: number): void {
  const me = requireSelf(actor);
  getDb().transaction((tx) => {
    const row = tx.select().from(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, me.id))).get();
    if (!row) throw new NotFoundError("Passkey not found");
    const others = userPasskeys(tx, me.id).length - 1;
    if (getSignInPolicy(tx).twoFactorRoles.includes(me.role) && others === 0 && !totpRow(tx, me.id)?.confirmedAt) {
      throw new ConflictError(`Your role (${me.role}) requires two-factor authentication: set up an authenticator app or another passkey first`);
    }
    tx.delete(passkeys).where(eq(passkeys.id, id)).run();
    writeAudit(tx, me, { action: "user.passkey_remove", entityType: "user", entityId: me.id, before: { id, name: row.name } });
  });
}
