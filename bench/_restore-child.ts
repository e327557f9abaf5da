/**
 * (Bundled and run by bench/restore.ts: the lib uses ESM-only execa, which tsx's CommonJS mode cannot load.)
 *
 * Restore benchmark (issue 5): a pgbench database (scale BENCH_PG_SCALE, default 70 ≈ 1 GB) is
 * backed up by the engine, then restored
 *   (a) by hand: `pg_restore --clean --if-exists --no-owner --single-transaction -d <fresh db> dump`
 *       (the same flags Lifeboat uses, from the already-extracted dump) — the baseline;
 *   (b) by Lifeboat into a fresh alternate database (sha256 verify + extract + pg_restore);
 *   (c) by Lifeboat over the original, which first takes the safety backup.
 * Prints times, the ratio (b)/(a), and what the safety backup adds to (c).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "../lib/db/client";
import { apps, restores, runs, targets, users } from "../lib/db/schema";
import type { Actor } from "../lib/auth/actor";
import { enqueueRun } from "../lib/services/runs/trigger";
import { waitForRun } from "../lib/engine/runs/wait";
import { startRestore } from "../lib/services/restores/create";
import { artifactFileOf } from "../lib/engine/restore/paths";
import { extractEntryToFile } from "../lib/engine/archive/read";
import { env } from "../lib/env";

const scale = Number(process.env.BENCH_PG_SCALE ?? 70);
const DB = "lifeboat_bench_restore";
const ALT = `${DB}_alt`;
const BASE = `${DB}_baseline`;
const PG = ["-h", "127.0.0.1", "-U", "postgres"];
const psql = (sql: string, db = "postgres") => execFileSync("psql", [...PG, "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function waitRestore(id: number) {
  for (;;) {
    const r = getDb().select().from(restores).where(eq(restores.id, id)).get()!;
    if (r.status !== "queued" && r.status !== "running") return r;
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function main() {
  for (const d of [DB, ALT, BASE]) psql(`drop database if exists ${d} with (force)`);
  psql(`create database ${DB}`);
  let t0 = Date.now();
  execFileSync("pgbench", [...PG, "-i", "-q", "-s", String(scale), DB], { stdio: ["ignore", "ignore", "ignore"] });
  const size = Number(psql("select pg_database_size(current_database())", DB));
  console.log(`dataset: pgbench -i -s ${scale}: ${mb(size)} (generated in ${secs(Date.now() - t0)})`);

  const db = getDb();
  const u = db.insert(users).values({ email: "bench@lifeboat.test", passwordHash: "x", role: "operator" }).returning().get();
  const actor: Actor = { type: "user", id: u.id, email: u.email, role: "operator" };
  const app = db.insert(apps).values({ name: "bench" }).returning().get();
  const storage = path.join(env().dataDir, "storage");
  const target = db
    .insert(targets)
    .values({ appId: app.id, name: "pgbench", type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: storage })
    .returning()
    .get();

  t0 = Date.now();
  const { id } = enqueueRun(actor, target.id);
  const run = await waitForRun(id, 3 * 3600_000);
  if (run.status !== "success") throw new Error(`backup failed: ${run.errorSummary}`);
  console.log(`backup (engine, zstd): ${secs(Date.now() - t0)}, artifact ${mb(run.sizeBytes ?? 0)}`);

  const dump = path.join(env().dataDir, "baseline.dump");
  await extractEntryToFile(artifactFileOf(run), "database.dump", dump);
  psql(`create database ${BASE}`);
  t0 = Date.now();
  execFileSync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", ...PG, "-d", BASE, dump], { stdio: "ignore" });
  const baseline = Date.now() - t0;
  fs.rmSync(dump);
  psql(`drop database ${BASE} with (force)`);
  console.log(`(a) plain pg_restore of the extracted dump into a fresh database: ${secs(baseline)}`);

  t0 = Date.now();
  const alt = await waitRestore((await startRestore(actor, { runId: run.id, destination: { mode: "alternate", database: ALT }, confirmName: target.name })).id);
  const lifeboat = Date.now() - t0;
  if (alt.status !== "success") throw new Error(`restore failed: ${alt.errorSummary}`);
  console.log(`(b) Lifeboat restore into a fresh alternate database (verify + extract + pg_restore): ${secs(lifeboat)}`);
  console.log(`    ratio Lifeboat/plain = ${(lifeboat / baseline).toFixed(2)}`);
  psql(`drop database ${ALT} with (force)`);

  t0 = Date.now();
  const orig = await waitRestore((await startRestore(actor, { runId: run.id, destination: { mode: "original" }, confirmName: target.name })).id);
  const total = Date.now() - t0;
  if (orig.status !== "success") throw new Error(`restore failed: ${orig.errorSummary}`);
  const safety = db.select().from(runs).where(eq(runs.id, orig.safetyRunId!)).get()!;
  console.log(`(c) Lifeboat restore over the original with its safety backup: ${secs(total)}`);
  console.log(`    safety backup run #${safety.id}: ${secs(safety.durationMs ?? 0)} (${((100 * (safety.durationMs ?? 0)) / total).toFixed(0)}% of the total)`);
  const rows = psql("select count(*) from pgbench_accounts", DB);
  console.log(`    pgbench_accounts after restore: ${rows} rows (expected ${scale * 100000})`);
  psql(`drop database ${DB} with (force)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
