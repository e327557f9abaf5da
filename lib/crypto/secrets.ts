import crypto from "node:crypto";
import { env } from "../env";

// AES-256-GCM; sealed form: "v1:" + base64url(iv | tag | ciphertext).
const PREFIX = "v1:";

export function seal(plain: string, key: Buffer = env().secretKey): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url");
}

export function unseal(sealed: string, key: Buffer = env().secretKey): string {
  if (!sealed.startsWith(PREFIX)) throw new Error("Unknown secret format");
  const buf = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
}

export function sealJson(value: Record<string, unknown>): string {
  return seal(JSON.stringify(value));
}

export function unsealJson<T = Record<string, string>>(sealed: string | null | undefined): T | null {
  if (!sealed) return null;
  return JSON.parse(unseal(sealed)) as T;
}
