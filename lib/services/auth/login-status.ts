import { getDb } from "../../db/client";
import { lockedFor, lockMessage } from "./login-throttle";

export function loginLockMessage(email: string, ip: string | null): string {
  const wait = lockedFor(getDb(), email.trim().toLowerCase(), ip);
  return wait > 0 ? lockMessage(wait) : "Too many failed sign-ins. Try again later.";
}
