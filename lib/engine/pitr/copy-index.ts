import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "../../db/client";
import { apps, targets, type StorageLocation } from "../../db/schema";
import { pitrCopies, pitrTargets, type PitrCopiedBase } from "../../db/schema-pitr";
import type { StorageBackend } from "../storage/backend";
import { putSealedJson, readSealedJson } from "../storage/artifact-index";
import { backendFor } from "../storage/locations";
import { describeUrl } from "../types/shared/tools";
import { findOrMakeTarget } from "../storage/rescan-register";

/**
 * Self-describing indexes beside the PITR objects in a copy location (issue 13's rescan for
 * issue 15's copies): a console that lost its database (a new one with the recovery kit) rebuilds
 * the pitr_copies rows a point-in-time restore plans from, by reading them.
 *
 * - One per **base backup**, in its folder: `<prefix>/base/<id>/index.pitr-index.json[.age]` —
 *   the PitrCopiedBase the copy recorded (WAL range, times, files with both checksums). Deleted
 *   with the base backup's files.
 * - One per **WAL batch** (not per WAL file): `<prefix>/wal-index/<newest segment>-<ms>.pitr-index.json[.age]`
 *   listing every WAL file that batch copied, with its received time (what the plan decides
 *   by; an object's mtime is the copy's, later) and uncompressed sha256. Why per batch: a busy
 *   server completes a segment every few seconds; an index per file would double the objects and
 *   the puts (and the age processes) of the hottest path, while a batch's index costs one put per
 *   15 s look. The copy location's retention removes a batch index once its newest segment is
 *   older than the WAL it keeps.
 *
 * Both carry the target's identity (app, name, its source described without secrets, as an
 * artifact's manifest does). In an encrypting location they are age-encrypted to its recipients.
 * An index is a plan, never trusted for the bytes: an entry counts only while its object is in
 * the listing with the stored size it names, and the restore checks every file's sha256.
 */

export const PITR_INDEX = /\.pitr-index\.json(\.age)?$/;
const suffix = (loc: StorageLocation) => `.pitr-index.json${loc.encryption === "age" ? ".age" : ""}`;

/** `pitr/7/base/3/base.tar.zst[.age]` → `pitr/7/base/3/index.pitr-index.json[.age]`. */
export const baseIndexKey = (loc: StorageLocation, fileKey: string) => `${fileKey.slice(0, fileKey.lastIndexOf("/"))}/index${suffix(loc)}`;
/** `pitr/7/wal/…` → `pitr/7/wal-index/`. */
export const walIndexDir = (walKey: string) => `${walKey.slice(0, walKey.lastIndexOf("/wal/"))}/wal-index/`;
const SEGMENT = /^[0-9A-F]{24}$/;

const walEntry = z.object({
  name: z.string().regex(/^([0-9A-F]{24}|[0-9A-F]{8}\.history)$/),
  kind: z.enum(["segment", "history"]),
  key: z.string().min(1),
  timeline: z.number().int().positive(),
  segNo: z.number().int().nonnegative().nullable(),
  segSize: z.number().int().positive().nullable(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storedSize: z.number().int().nonnegative(),
  storedSha256: z.string().nullable(),
  receivedAt: z.string(),
});
const fileEntry = z.object({ name: z.string(), key: z.string().min(1), size: z.number().int().nonnegative(), storedSize: z.number().int().nonnegative(), sha256: z.string(), storedSha256: z.string() });
const baseEntry = z.object({
  id: z.number().int(),
  timeline: z.number().int().positive(),
  startLsn: z.string().nullable(),
  endLsn: z.string().nullable(),
  startWal: z.string().regex(/^[0-9A-F]{24}$/),
  endWal: z.string().regex(/^[0-9A-F]{24}$/),
  walSegSize: z.number().int().positive(),
  startedAt: z.string(),
  finishedAt: z.string(),
  runId: z.number().int().nullable(),
  files: z.array(fileEntry).min(1),
});
const indexSchema = z.object({
  format: z.literal("lifeboat-pitr-index"),
  version: z.literal(1),
  app: z.string().min(1),
  target: z.string().min(1),
  type: z.literal("postgres"),
  source: z.record(z.string(), z.unknown()),
  base: baseEntry.optional(),
  wal: z.array(walEntry).optional(),
});
export type PitrIndex = z.infer<typeof indexSchema>;
export type PitrIndexWal = z.infer<typeof walEntry>;

function identity(targetId: number, db: DbOrTx = getDb()): Pick<PitrIndex, "app" | "target" | "type" | "source"> {
  const row = db.select({ app: apps.name, target: targets.name, source: targets.source }).from(targets).innerJoin(apps, eq(apps.id, targets.appId)).where(eq(targets.id, targetId)).get();
  if (!row) throw new Error(`Target ${targetId} not found`);
  // The stored source holds no password (sealed apart); masked again all the same, as a manifest's.
  return { app: row.app, target: row.target, type: "postgres", source: describeUrl(row.source as Record<string, unknown>) };
}

/** The index of one copied base backup, in its folder (written after its files, before its row). */
export async function writeBaseIndex(backend: StorageBackend, loc: StorageLocation, targetId: number, base: PitrCopiedBase, signal?: AbortSignal): Promise<string> {
  const key = baseIndexKey(loc, base.files[0].key);
  await putSealedJson(backend, loc, key, { format: "lifeboat-pitr-index", version: 1, ...identity(targetId), base }, signal);
  return key;
}

/** The index of one batch's WAL files (after they are all stored). */
export async function writeWalIndex(backend: StorageBackend, loc: StorageLocation, targetId: number, wal: PitrIndexWal[], at: Date, signal?: AbortSignal): Promise<string> {
  const newest = wal.filter((w) => w.kind === "segment").map((w) => w.name).sort().at(-1) ?? "history";
  const key = `${walIndexDir(wal[0].key)}${newest}-${at.getTime()}${suffix(loc)}`;
  await putSealedJson(backend, loc, key, { format: "lifeboat-pitr-index", version: 1, ...identity(targetId), wal }, signal);
  return key;
}

/** Remove the batch indexes under `dir` whose newest segment is older than `keepFrom` (a segment name). */
export async function pruneWalIndexes(backend: StorageBackend, dir: string, keepFrom: string): Promise<number> {
  let n = 0;
  for await (const obj of backend.list(dir)) {
    const newest = obj.key.slice(dir.length).split("-")[0];
    if (!PITR_INDEX.test(obj.key) || !SEGMENT.test(newest) || newest >= keepFrom) continue;
    await backend.delete(obj.key);
    n++;
  }
  return n;
}

export interface FoundPitr {
  indexKey: string;
  index: PitrIndex;
}

/**
 * Every PITR index in a location, read (decrypted with the location's identity when `.age`), and
 * the size of every object listed (an entry counts only while its object is there in that size).
 * Unreadable indexes are returned apart, with the reason.
 */
export async function scanPitrIndexes(loc: StorageLocation, scratch: string): Promise<{ found: FoundPitr[]; sizes: Map<string, number>; unreadable: { key: string; error: string }[] }> {
  const backend = backendFor(loc);
  const sizes = new Map<string, number>();
  const keys: string[] = [];
  for await (const obj of backend.list("")) {
    sizes.set(obj.key, obj.size);
    if (PITR_INDEX.test(obj.key)) keys.push(obj.key);
  }
  const found: FoundPitr[] = [];
  const unreadable: { key: string; error: string }[] = [];
  for (const key of keys.sort()) {
    if (key.endsWith(".age") && loc.encryption !== "age") continue;
    const raw = await readSealedJson(backend, loc, key, { scratchDir: scratch });
    const parsed = indexSchema.safeParse(raw);
    if (parsed.success) found.push({ indexKey: key, index: parsed.data });
    else unreadable.push({ key, error: raw == null ? "cannot be read (encrypted to another identity, or damaged)" : "not a PITR index" });
  }
  return { found, sizes, unreadable };
}

/** Keys a scan's indexes name (the archive rescan leaves them out: a base.tar.zst is no artifact). */
export function pitrIndexedKeys(found: FoundPitr[]): Set<string> {
  const out = new Set<string>(found.map((f) => f.indexKey));
  for (const { index } of found) {
    for (const f of index.base?.files ?? []) out.add(f.key);
    for (const w of index.wal ?? []) out.add(w.key);
  }
  return out;
}

export interface RegisteredPitr {
  targetId: number;
  app: string;
  target: string;
  baseBackups: number;
  walFiles: number;
}

/** A rescanned base backup's row name: not `base-<id>` (that id was the old console's; this console's own base backups use those names). */
export const foundBaseName = (indexKey: string) => `found:${indexKey.replace(PITR_INDEX, "")}`;

/**
 * Rebuild the pitr_copies rows of `loc` from the indexes found there, for the target each names
 * (found by app and name, else made — disabled — as the archive rescan does, with a PITR setting
 * that is off and has no PITR location: a restore then plans from this location's rows). Only
 * entries whose objects are listed in their stored size count; rows already there are kept.
 */
export function registerFoundPitr(db: DbOrTx, loc: StorageLocation, scan: { found: FoundPitr[]; sizes: Map<string, number> }, at: Date): RegisteredPitr[] {
  const byTarget = new Map<number, RegisteredPitr>();
  const encryption = loc.encryption === "age" ? ("age" as const) : ("none" as const);
  for (const { indexKey, index } of scan.found) {
    // An index whose files are all gone (its target deleted with its files, a lost folder) registers nothing, not even its target.
    const present = (index.base ? [index.base.files.every((f) => scan.sizes.get(f.key) === f.storedSize)] : []).concat((index.wal ?? []).map((w) => scan.sizes.get(w.key) === w.storedSize));
    if (!present.some(Boolean)) continue;
    const targetId = findOrMakeTarget(db, { app: index.app, target: index.target, type: "postgres", source: index.source, compression: "zstd" });
    if (!db.select({ id: pitrTargets.targetId }).from(pitrTargets).where(eq(pitrTargets.targetId, targetId)).get()) {
      db.insert(pitrTargets).values({ targetId, enabled: false, storageId: null, updatedAt: at }).run();
    }
    const reg = byTarget.get(targetId) ?? { targetId, app: index.app, target: index.target, baseBackups: 0, walFiles: 0 };
    byTarget.set(targetId, reg);
    const there = (key: string, size: number) => scan.sizes.get(key) === size;
    const b = index.base;
    if (b && b.files.every((f) => there(f.key, f.storedSize))) {
      const tar = b.files.find((f) => f.name === "base.tar");
      const r = db
        .insert(pitrCopies)
        .values({ targetId, storageId: loc.id, kind: "base", name: foundBaseName(indexKey), baseBackupId: null, key: null, encryption, timeline: b.timeline, size: b.files.reduce((s, f) => s + f.size, 0), sha256: tar?.sha256 ?? "", storedSize: b.files.reduce((s, f) => s + f.storedSize, 0), receivedAt: new Date(b.finishedAt), base: { ...b, runId: null }, copiedAt: at })
        .onConflictDoNothing()
        .run();
      reg.baseBackups += r.changes;
    }
    for (const w of index.wal ?? []) {
      if (!there(w.key, w.storedSize)) continue;
      const r = db
        .insert(pitrCopies)
        .values({ targetId, storageId: loc.id, kind: w.kind, name: w.name, key: w.key, encryption, timeline: w.timeline, segNo: w.segNo, segSize: w.segSize, size: w.size, sha256: w.sha256, storedSize: w.storedSize, storedSha256: w.storedSha256, receivedAt: new Date(w.receivedAt), copiedAt: at })
        .onConflictDoNothing()
        .run();
      reg.walFiles += r.changes;
    }
  }
  return [...byTarget.values()];
}
