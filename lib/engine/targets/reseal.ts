import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { SYSTEM } from "../../audit/actor";
import { writeAudit } from "../../audit/write";
import { storedSource } from "./stored-source";
import { hasUrlSecret } from "./source-input";

/**
 * Targets saved before query-string secrets were sealed (`?password=…` kept in clear): seal them
 * now, once, at start-up. Returns the ids changed. The URL's own password was always sealed and
 * stays as it is.
 */
export function resealUrlSecrets(): number[] {
  const db = getDb();
  const changed: number[] = [];
  for (const t of db.select({ id: targets.id, type: targets.type, source: targets.source, secretEnc: targets.secretEnc }).from(targets).all()) {
    const source = t.source as Record<string, unknown>;
    if (!hasUrlSecret(t.type) || typeof source.url !== "string") continue;
    let next: ReturnType<typeof storedSource>;
    try {
      next = storedSource(t.type, source, t.secretEnc);
    } catch {
      continue; // an unparsable URL stays as it is; saving the target reports it
    }
    if (next.source.url === source.url) continue;
    db.transaction((tx) => {
      tx.update(targets).set(next).where(eq(targets.id, t.id)).run();
      writeAudit(tx, SYSTEM, { action: "target.secrets_sealed", entityType: "target", entityId: t.id });
    });
    changed.push(t.id);
  }
  return changed;
}
