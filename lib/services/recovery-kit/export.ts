import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { recoveryKitExports, users } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorLabel, type Actor } from "../../auth/actor";
import { verifyPassword } from "../../auth/password";
import { ForbiddenError, TooManyRequestsError, ValidationError } from "../../errors";
import { lockedForKeys, lockMessage, recordFailureKeys, THROTTLE } from "../auth/login-throttle";
import { requireStorageAdmin } from "../storage-locations/access";
import { buildRecoveryKit } from "./build";

export interface KitFile {
  filename: string;
  body: string;
}

/**
 * A signed-in admin types their password again: a session left open on a desk must not hand out
 * every credential. Wrong passwords count like sign-ins (5 per admin, then a 15-minute lock).
 */
export async function recheckPassword(actor: Extract<Actor, { type: "user" }>, password: string | undefined): Promise<void> {
  const db = getDb();
  const keys = [{ key: `kit:${actor.id}`, max: THROTTLE.maxPerEmail }];
  const wait = lockedForKeys(db, keys);
  if (wait > 0) throw new TooManyRequestsError(lockMessage(wait, "attempts"));
  const user = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).get();
  if (!password || !user?.hash || !(await verifyPassword(password, user.hash))) {
    recordFailureKeys(db, keys);
    throw new ValidationError("password: that is not your password", { password: "Not your password" });
  }
}

/**
 * The recovery kit as a file (admin in the console after typing the password again, or the
 * server's CLI). Recorded and audited in one transaction; the audit row names the locations,
 * never a secret.
 */
export async function exportRecoveryKit(actor: Actor, opts: { password?: string } = {}): Promise<KitFile> {
  requireStorageAdmin(actor);
  if (actor.type === "token") throw new ForbiddenError("The recovery kit is downloaded in the console (after typing your password) or with `lifeboat recovery-kit export`, not with an API token");
  if (actor.type === "user") await recheckPassword(actor, opts.password);
  const now = new Date();
  const kit = getDb().transaction((tx) => {
    const kit = buildRecoveryKit(tx, now);
    tx.insert(recoveryKitExports).values({ actorLabel: actorLabel(actor), createdAt: now }).run();
    writeAudit(tx, actor, { action: "recovery_kit.export", entityType: "storage", after: { locations: kit.locations.map((l) => l.name) } }, now);
    return kit;
  });
  return { filename: `lifeboat-recovery-kit-${now.toISOString().slice(0, 10)}.json`, body: JSON.stringify(kit, null, 2) + "\n" };
}
