import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { scanLocation } from "../../engine/storage/rescan";
import { registerFoundArtifacts, type RegisteredRun } from "../../engine/storage/rescan-register";
import { pitrIndexedKeys, registerFoundPitr, scanPitrIndexes, type RegisteredPitr } from "../../engine/pitr/copy-index";
import { now } from "../../engine/clock";
import { requireStorageAdmin } from "./access";
import { rowOf } from "./rows";

export interface RescanResult {
  /** Artifacts found that this console did not know, registered as runs (restorable now). */
  registered: RegisteredRun[];
  /** Objects that look like artifacts but whose manifest could not be read, with the reason. */
  unreadable: { key: string; error: string }[];
  /** Artifacts this console already had. */
  known: number;
  /**
   * PITR copies rebuilt from the indexes beside them (pitr/copy-index.ts), per target: base
   * backups and WAL files this console did not know, so a point-in-time restore can read them.
   */
  pitr: RegisteredPitr[];
}

/**
 * Rescan (admin): list the artifacts in a location, read each one's manifest and register the
 * unknown ones as runs — how a new console with the recovery kit gets the old backups back.
 * Remote objects are fetched one at a time into a scratch folder (decrypted with the location's
 * identity when stored as `.age`), so this reads every byte once.
 */
export async function rescanLocation(actor: Actor, id: number): Promise<RescanResult> {
  requireStorageAdmin(actor);
  const loc = rowOf(getDb(), id);
  const knownKeys = new Set(
    getDb()
      .select({ key: runs.artifactPath })
      .from(runs)
      .where(and(eq(runs.storageId, id), isNotNull(runs.artifactPath)))
      .all()
      .map((r) => r.key!),
  );
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-rescan-"));
  let found, pitr;
  try {
    pitr = await scanPitrIndexes(loc, scratch);
    const pitrKeys = pitrIndexedKeys(pitr.found);
    found = await scanLocation(loc, scratch, (key) => knownKeys.has(key) || pitrKeys.has(key));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return getDb().transaction((tx) => {
    const registered = registerFoundArtifacts(tx, rowOf(tx, id), found);
    const pitrFound = registerFoundPitr(tx, rowOf(tx, id), pitr, now());
    const unreadable = [...found.filter((f) => !f.manifest).map((f) => ({ key: f.key, error: f.error ?? "no manifest" })), ...pitr.unreadable];
    writeAudit(tx, actor, { action: "storage.rescan", entityType: "storage", entityId: id, after: { name: loc.name, registered: registered.length, unreadable: unreadable.length, pitr: pitrFound.map((p) => ({ target: p.targetId, baseBackups: p.baseBackups, walFiles: p.walFiles })) } });
    return { registered, unreadable, known: knownKeys.size, pitr: pitrFound };
  });
}
