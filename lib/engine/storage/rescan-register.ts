import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps, COMPRESSIONS, runs, targets, TARGET_TYPES, type StorageLocation, type TargetType } from "../../db/schema";
import type { FoundArtifact } from "./rescan";

export interface RegisteredRun {
  runId: number;
  key: string;
  app: string;
  target: string;
}

function appId(db: DbOrTx, name: string): number {
  return (
    db.select({ id: apps.id }).from(apps).where(eq(apps.name, name)).get()?.id ??
    db.insert(apps).values({ name, description: "Found by a storage rescan" }).returning().get().id
  );
}

/**
 * The target an artifact belongs to, by app and target name; made when missing, disabled (a fresh
 * console must not start backing up a source it has not been told about), with the manifest's
 * source (never a secret: FORMAT.md), so a restore to another place can be chosen at once.
 */
export function findOrMakeTarget(db: DbOrTx, m: { app: string; target: string; type: string; source?: unknown; compression?: string }): number {
  const app = appId(db, m.app);
  const hit = db.select({ id: targets.id }).from(targets).where(and(eq(targets.appId, app), eq(targets.name, m.target))).get();
  if (hit) return hit.id;
  const type = (TARGET_TYPES as readonly string[]).includes(m.type) ? (m.type as TargetType) : "external";
  return db
    .insert(targets)
    .values({ appId: app, name: m.target, type, source: (m.source ?? {}) as Record<string, unknown>, compression: COMPRESSIONS.find((c) => c === m.compression) ?? "zstd", enabled: false, description: "Found by a storage rescan" })
    .returning()
    .get().id;
}

const targetId = (db: DbOrTx, m: NonNullable<FoundArtifact["manifest"]>) => findOrMakeTarget(db, { ...m, source: (m as { source?: unknown }).source });

/**
 * Register found artifacts as successful runs in `loc` (trigger "upload": not produced by this
 * console), so they can be previewed, downloaded and restored. Keys already registered there and
 * objects without a readable manifest are skipped. The caller audits, in the same transaction.
 */
export function registerFoundArtifacts(db: DbOrTx, loc: StorageLocation, found: FoundArtifact[]): RegisteredRun[] {
  const out: RegisteredRun[] = [];
  for (const f of found) {
    const m = f.manifest;
    if (!m) continue;
    if (db.select({ id: runs.id }).from(runs).where(and(eq(runs.storageId, loc.id), eq(runs.artifactPath, f.key))).get()) continue;
    const started = new Date(m.startedAt ?? f.mtime);
    const finished = new Date(m.finishedAt ?? f.mtime);
    const run = db
      .insert(runs)
      .values({
        targetId: targetId(db, m),
        trigger: "upload",
        status: "success",
        queuedAt: started,
        startedAt: started,
        finishedAt: finished,
        durationMs: Math.max(0, finished.getTime() - started.getTime()),
        storageId: loc.id,
        artifactPath: f.key,
        artifactState: "present",
        sizeBytes: f.size,
        sha256: f.sha256,
        manifest: m as unknown as Record<string, unknown>,
      })
      .returning()
      .get();
    out.push({ runId: run.id, key: f.key, app: m.app, target: m.target });
  }
  return out;
}
