import type { Actor } from "../../auth/actor";
import type { Run, Target } from "../../db/schema";
import { ForbiddenError } from "../../errors";
import { isUntrusted } from "../../engine/restore/restore-login";

const DATABASES = new Set(["postgres", "mysql", "redis"]);

export const UPLOAD_NEEDS_ADMIN =
  "Only an admin can restore an uploaded artifact into a database: it was made outside this console, and what its dump does runs with the database login's rights";

/** Whether restoring (or test-restoring) this run needs an admin. */
export function restoreNeedsAdmin(run: Pick<Run, "trigger">, target: Pick<Target, "type">): boolean {
  return isUntrusted(run) && DATABASES.has(target.type);
}

/**
 * An uploaded dump is untrusted input: restoring it into a database server (a restore or a test
 * restore into a scratch database there) is an admin's decision, not an operator's.
 */
export function assertMayRestoreRun(actor: Actor, run: Pick<Run, "trigger">, target: Pick<Target, "type">): void {
  if (restoreNeedsAdmin(run, target) && actor.role !== "admin") throw new ForbiddenError(UPLOAD_NEEDS_ADMIN);
}
