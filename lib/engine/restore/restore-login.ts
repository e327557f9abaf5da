import type { Run, Target } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";

/**
 * An uploaded artifact was made elsewhere: whatever its dump does runs with the rights of the
 * login that restores it. A postgres or mysql target may name a separate "restricted restore
 * login" (a role without superuser, FILE or SUPER rights) for exactly that; `pg_restore --role`
 * or SET ROLE would not do, a dump can RESET ROLE.
 */
export interface RestoreLogin {
  user: string;
  password: string | null;
}

/** The artifact came from outside this console (uploads); safety backups and runs did not. */
export const isUntrusted = (run: Pick<Run, "trigger">): boolean => run.trigger === "upload";

export function restrictedLoginOf(target: Pick<Target, "type" | "source" | "secretEnc">): RestoreLogin | null {
  if (target.type !== "postgres" && target.type !== "mysql") return null;
  const user = (target.source as Record<string, unknown>).restoreUser;
  if (typeof user !== "string" || !user) return null;
  const secret = unsealJson<{ restorePassword?: string }>(target.secretEnc);
  return { user, password: secret?.restorePassword ?? null };
}

/** The same server and database, logged in as `login`. */
export function withLogin(url: string, login: RestoreLogin): string {
  const u = new URL(url);
  u.username = encodeURIComponent(login.user);
  u.password = login.password ? encodeURIComponent(login.password) : "";
  return u.toString();
}

/** The login a restore of this run into this target uses: the restricted one for uploads, when set. */
export function restoreUrlFor(run: Pick<Run, "trigger">, target: Pick<Target, "type" | "source" | "secretEnc">, url: string): { url: string; restricted: boolean } {
  const login = isUntrusted(run) ? restrictedLoginOf(target) : null;
  return login ? { url: withLogin(url, login), restricted: true } : { url, restricted: false };
}
