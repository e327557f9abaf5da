import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { apps, targets, type App, type Target } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { unsealJson } from "../../crypto/secrets";
import { withUrlSecret, type UrlSecret } from "./url-secrets";

export interface ResolvedTarget {
  target: Target;
  app: App;
  /** The source with secrets put back (server side only: for drivers, never for a DTO). */
  source: Record<string, unknown>;
}

/** Load a target with its app and its decrypted source, for the runner and the restore engine. */
export function resolveTarget(id: number, db: DbOrTx = getDb()): ResolvedTarget {
  const row = db
    .select()
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(eq(targets.id, id))
    .get();
  if (!row) throw new NotFoundError(`Target ${id} not found`);
  const { targets: target, apps: app } = row;
  const secret = unsealJson<UrlSecret>(target.secretEnc);
  const source = { ...(target.source as Record<string, unknown>) };
  if (typeof source.url === "string") source.url = withUrlSecret(source.url, secret);
  return { target, app, source };
}
