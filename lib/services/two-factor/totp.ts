import { eq } from "drizzle-orm";
import { generateSecret, generateURI, verifySync } from "otplib";
import QRCode from "qrcode";
import type { DbOrTx } from "../../db/client";
import { userTotp } from "../../db/schema";
import { seal, unseal } from "../../crypto/secrets";

const ISSUER = "Lifeboat";

export function totpCodeShape(code: string): string | null {
  const c = code.replace(/\s/g, "");
  return /^\d{6}$/.test(c) ? c : null;
}

/** A fresh secret for enrolment, with the otpauth:// URI and its QR code (SVG). */
export async function newTotpSecret(email: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = generateSecret();
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, uri, qrSvg };
}

export function storePendingSecret(tx: DbOrTx, userId: number, secret: string): void {
  tx.delete(userTotp).where(eq(userTotp.userId, userId)).run();
  tx.insert(userTotp).values({ userId, secretEnc: seal(secret), confirmedAt: null }).run();
}

export function totpRow(db: DbOrTx, userId: number) {
  return db.select().from(userTotp).where(eq(userTotp.userId, userId)).get();
}

/**
 * Check a 6-digit code against the user's secret (one step of clock drift either way). A code is
 * accepted once: its time step must be after the last accepted one (RFC 6238 §5.2).
 */
export function checkTotp(tx: DbOrTx, userId: number, code: string, opts: { pending?: boolean } = {}): boolean {
  const row = totpRow(tx, userId);
  const token = totpCodeShape(code);
  if (!row || !token) return false;
  if (!opts.pending && !row.confirmedAt) return false;
  const result = verifySync({
    secret: unseal(row.secretEnc),
    token,
    epochTolerance: 30,
    ...(row.lastStep != null ? { afterTimeStep: row.lastStep } : {}),
  });
  if (!result.valid) return false;
  // verifySync's type is the TOTP|HOTP union; a TOTP result always carries its time step.
  const step = (result as { timeStep: number }).timeStep;
  tx.update(userTotp)
    .set({ lastStep: step, ...(opts.pending ? { confirmedAt: new Date() } : {}) })
    .where(eq(userTotp.userId, userId))
    .run();
  return true;
}
