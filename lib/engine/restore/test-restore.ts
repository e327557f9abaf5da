import fsp from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, runs, type Restore } from "../../db/schema";
import { recordEvent } from "../events";
import { RunLog } from "../process/run-log";
import { resolveTarget } from "../targets/resolve";
import { readManifest, type ArtifactManifest } from "../archive/read";
import { artifactFileOf, restoreLogPath, restoreWorkDir } from "./paths";
import { verifyArtifactFile } from "./verify";
import { RestoreCancelled, RestoreError, type RestoreCtx } from "./context";
import { trackRestore } from "./execute";
import { pgCreateDatabase, pgDropDatabase, pgRestore, pgTableCounts } from "./postgres";
import { mysqlCreateDatabase, mysqlDropDatabase, mysqlRestore, mysqlTableCounts } from "./mysql";
import { mysqlCreateRefused, pgCreateRefused } from "./scratch-rights";
import { restoreUrlFor } from "./restore-login";
import { sqliteIntegrity, sqliteTableCounts } from "./sqlite";
import { extractEntryToFile } from "../archive/read";
import { folderRestore } from "./folder";
import { sha256File } from "./verify";
import { extractRdb, redisKeyspace, startRedisFromRdb } from "./redis";

type Table = { schema?: string | null; name: string; rows: number };

/** Differences between the tables the manifest recorded and those restored ("" when equal). */
export function compareTables(expected: Table[] | null | undefined, actual: Table[]): string[] {
  if (!expected) return [];
  const key = (t: Table) => (t.schema ? `${t.schema}.${t.name}` : t.name);
  const got = new Map(actual.map((t) => [key(t), t.rows]));
  const diffs: string[] = [];
  for (const t of expected) {
    if (!got.has(key(t))) diffs.push(`table ${key(t)} is missing`);
    else if (t.rows != null && got.get(key(t)) !== t.rows) diffs.push(`table ${key(t)}: ${got.get(key(t))} rows, the backup recorded ${t.rows}`);
  }
  return diffs;
}

/** How one database server restores into, counts and drops a scratch database. */
interface ScratchDatabaseOps {
  create: (url: string, database: string) => Promise<void>;
  restore: (ctx: RestoreCtx, url: string, database: string, opts: { create: boolean; restricted?: boolean }) => Promise<void>;
  counts: (url: string, database: string, exact: boolean) => Promise<Table[]>;
  drop: (url: string, database: string) => Promise<void>;
  /** A clear message when the login may not create the scratch database (null: not that). */
  createRefused: (e: Error, url: string, database: string) => string | null;
}

/** Restore a dump into a new scratch database on the same server, compare table rows, drop it. */
async function scratchDatabaseCheck(
  ctx: RestoreCtx,
  tables: Table[] | undefined,
  url: string,
  scratch: string,
  ops: ScratchDatabaseOps,
  restricted: boolean,
): Promise<string> {
  ctx.log.info(`Creating scratch database ${scratch}`);
  try {
    await ops.create(url, scratch);
  } catch (e) {
    throw new RestoreError(ops.createRefused(e as Error, url, scratch) ?? `Could not create the scratch database ${scratch}: ${(e as Error).message}`);
  }
  try {
    await ops.restore(ctx, url, scratch, { create: false, restricted });
    const got = await ops.counts(url, scratch, true);
    const diffs = compareTables(tables, got);
    if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
    return `${got.length} table(s), ${got.reduce((a, t) => a + t.rows, 0)} rows match the manifest`;
  } finally {
    await ops.drop(url, scratch).then(
      () => ctx.log.info(`Dropped scratch database ${scratch}`),
      (e) => ctx.log.info(`Could not drop scratch database ${scratch}: ${(e as Error).message}`),
    );
  }
}

const PG_SCRATCH: ScratchDatabaseOps = { create: (u, d) => pgCreateDatabase(u, d), restore: pgRestore, counts: pgTableCounts, drop: pgDropDatabase, createRefused: pgCreateRefused };
const MYSQL_SCRATCH: ScratchDatabaseOps = { create: mysqlCreateDatabase, restore: mysqlRestore, counts: mysqlTableCounts, drop: mysqlDropDatabase, createRefused: mysqlCreateRefused };

/** Restore into a scratch place, compare with the manifest, drop the scratch. Returns what was checked. */
async function scratchCheck(ctx: RestoreCtx, m: ArtifactManifest, login: { url: string; restricted: boolean }, source: Record<string, unknown>, restoreId: number): Promise<string> {
  const tables = m.payload.tables as Table[] | undefined;
  switch (m.payload.name) {
    case "database.dump":
      return scratchDatabaseCheck(ctx, tables, login.url, `lifeboat_verify_${restoreId}`, PG_SCRATCH, login.restricted);
    case "database.sql":
      return scratchDatabaseCheck(ctx, tables, login.url, `lifeboat_verify_${restoreId}`, MYSQL_SCRATCH, login.restricted);
    case "database.sqlite": {
      const file = path.join(ctx.workDir, "scratch.sqlite");
      await extractEntryToFile(ctx.artifact, "database.sqlite", file, ctx.signal);
      const check = sqliteIntegrity(file);
      if (check !== "ok") throw new RestoreError(`The SQLite copy fails its integrity check: ${check}`);
      const got = sqliteTableCounts(file);
      const diffs = compareTables(tables, got);
      if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
      return `integrity ok; ${got.length} table(s), ${got.reduce((a, t) => a + t.rows, 0)} rows match the manifest`;
    }
    case "files/": {
      const dir = path.join(ctx.workDir, "files");
      const r = await folderRestore(ctx, dir, { sampleEvery: 25 });
      const want = { files: r.summary?.fileCount ?? m.payload.fileCount ?? null, bytes: r.summary?.bytes ?? m.payload.sizeBytes ?? null };
      const diffs: string[] = [];
      if (want.files != null && want.files !== r.files) diffs.push(`${r.files} files restored, the backup recorded ${want.files}`);
      if (want.bytes != null && want.bytes !== r.bytes) diffs.push(`${r.bytes} bytes restored, the backup recorded ${want.bytes}`);
      for (const s of r.sampled.slice(0, 200)) {
        const again = await sha256File(path.join(dir, s.rel));
        if (again !== s.sha256) diffs.push(`${s.rel}: content on disk differs from the artifact`);
      }
      if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
      return `${r.files} file(s), ${r.bytes} bytes match; ${r.sampled.length} sampled file checksum(s) match`;
    }
    case "dump.rdb": {
      const dir = await extractRdb(ctx);
      const temp = await startRedisFromRdb(dir, ctx.signal);
      try {
        const space = await redisKeyspace(temp.url);
        const total = Object.values(space).reduce((a, b) => a + b, 0);
        const db = Number(new URL(String(source.url)).pathname.slice(1) || 0);
        const expected = m.payload.keys;
        if (expected != null && expected !== total && expected !== (space[db] ?? 0)) {
          throw new RestoreError(`The RDB loads with ${total} key(s); the backup recorded ${expected}`);
        }
        return `the RDB loads in redis-server with ${total} key(s)${expected != null ? ", as recorded" : ""}`;
      } finally {
        await temp.stop();
      }
    }
    default:
      throw new RestoreError(`Test restores of ${m.payload.name} payloads are not supported`);
  }
}

/** Carry out a queued test restore and record the result on the run ("restore-verified at …"). */
export function executeTestRestore(restoreId: number): Promise<Restore> {
  const row = getDb().select().from(restores).where(eq(restores.id, restoreId)).get();
  if (!row) return Promise.reject(new Error(`restore ${restoreId} not found`));
  return trackRestore(restoreId, row.targetId, (signal) => runTestRestoreRow(row, signal));
}

async function runTestRestoreRow(row: Restore, signal: AbortSignal): Promise<Restore> {
  const db = getDb();
  const restoreId = row.id;
  const run = db.select().from(runs).where(eq(runs.id, row.runId)).get()!;
  const { target, source } = resolveTarget(row.targetId);
  // An uploaded artifact is restored with the target's restricted login when it has one.
  const login = typeof source.url === "string" ? restoreUrlFor(run, target, source.url) : { url: "", restricted: false };
  const secrets = [source.url, login.url].map((u) => (typeof u === "string" && u ? decodeURIComponent(new URL(u).password) : ""));
  const log = new RunLog(restoreId, secrets, restoreLogPath(restoreId));
  const started = new Date();
  db.update(restores).set({ status: "running", startedAt: started, logPath: log.path }).where(eq(restores.id, restoreId)).run();
  const workDir = restoreWorkDir(restoreId);
  let failure: string | null = null;
  let cancelled = false;
  let checked = "";
  try {
    log.info(`Test restore #${restoreId} of run #${run.id} (${target.name}) into a scratch place`);
    const artifact = artifactFileOf(run);
    const v = await verifyArtifactFile(artifact, run.sha256, signal);
    if (!v.ok) throw new RestoreError(v.message);
    log.info(v.message);
    const manifest = await readManifest(artifact);
    if (login.restricted) log.info(`Uploaded artifact: restoring with the restricted restore login "${decodeURIComponent(new URL(login.url).username)}"`);
    checked = await scratchCheck({ artifact, manifest, log, signal, workDir }, manifest, login, source, restoreId);
    log.info(`Verified: ${checked}`);
  } catch (e) {
    cancelled = signal.aborted && signal.reason instanceof RestoreCancelled;
    failure = cancelled ? `${(signal.reason as Error).message}; the scratch copy was removed` : e instanceof RestoreError ? e.message : log.mask((e as Error).message ?? String(e));
    log.info(`${cancelled ? "CANCELLED" : "FAILED"}: ${failure}`);
  } finally {
    log.close();
    await fsp.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const finished = new Date();
  return db.transaction((tx) => {
    tx.update(restores)
      .set({ status: cancelled ? "cancelled" : failure ? "failed" : "success", finishedAt: finished, durationMs: finished.getTime() - started.getTime(), errorSummary: failure })
      .where(eq(restores.id, restoreId))
      .run();
    // A cancelled check says nothing about the artifact: the run keeps its last verification.
    if (!cancelled) {
      tx.update(runs)
        .set({
          verifiedAt: finished,
          verifyStatus: failure ? "restore-failed" : "restore-verified",
          verifyMessage: failure ? `Test restore #${restoreId} failed: ${failure}` : `restore-verified at ${finished.toISOString()}: ${checked}`,
        })
        .where(eq(runs.id, run.id))
        .run();
    }
    if (failure && !cancelled) {
      recordEvent(tx, { type: "test_restore.failed", targetId: row.targetId, runId: run.id, restoreId, payload: { target: target.name, error: failure } });
    }
    return tx.select().from(restores).where(eq(restores.id, restoreId)).get()!;
  });
}
