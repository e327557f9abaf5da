import crypto from "node:crypto";

/** "lb_" + 32 random bytes (base64url): 46 characters, easy to spot in a leaked file. */
export function generateToken(): string {
  return "lb_" + crypto.randomBytes(32).toString("base64url");
}

/** Tokens are long random strings, so a plain sha256 is enough (no slow hash needed). */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}
