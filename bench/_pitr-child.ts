/**
 * (Bundled and run by bench/pitr.ts.)
 *
 * A private PostgreSQL 15 (16 MB WAL segments) with a pgbench database of scale BENCH_PITR_SCALE;
 * Lifeboat streams its WAL with its defaults (tick 2 s, snapshot of the open segment every 5 s).
 *  RPO: pgbench at a fixed rate (BENCH_PITR_RATE tps for BENCH_PITR_LOAD_SECONDS); every second,
 *       how old the newest stored WAL is (a server lost at that instant loses at most that).
 *  RTO: a restore to a moment in the middle of the load into a new database, timed from the call to
 *       success, and the same steps by hand (zstd | tar, zstd -d the WAL, recovery settings,
 *       pg_ctl start -w, pg_dump, createdb, pg_restore, stop, rm) — ratio Lifeboat / by hand.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { getDb } from "../lib/db/client";
import { apps, targets } from "../lib/db/schema";
import { pitrWal } from "../lib/db/schema-pitr";
import { env } from "../lib/env";
import { RunLog } from "../lib/engine/process/run-log";
import { LocalBackend } from "../lib/engine/storage/local/backend";
import { takeBaseBackup } from "../lib/engine/pitr/base-backup";
import { listBaseBackups } from "../lib/engine/pitr/base-rows";
import { restoreToPointInTime } from "../lib/engine/pitr/restore";
import { planPitrRestore } from "../lib/engine/pitr/restore-plan";
import { configureRecovery } from "../lib/engine/pitr/scratch-cluster";
import { startWalStream, stopAllWalStreams } from "../lib/engine/pitr/streams";
import { streamRow } from "../lib/engine/pitr/stream-rows";
import { listWal } from "../lib/engine/pitr/wal-store";
import { asPostgres, freePort, PG_BIN, postgresOwnedDir, startPgCluster } from "../test/servers/pg-cluster";
import { eq } from "drizzle-orm";

const scale = Number(process.env.BENCH_PITR_SCALE ?? 70);
const rate = Number(process.env.BENCH_PITR_RATE ?? 50);
const loadSecs = Number(process.env.BENCH_PITR_LOAD_SECONDS ?? 60);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil(p * a.length) - 1)];

async function main() {
  const pg = await startPgCluster({ walSegSizeMb: 16, conf: ["max_wal_size = 4GB", "checkpoint_timeout = 30min"] });
  try {
    await pg.sql("CREATE DATABASE bench");
    const pgb = ["-h", "127.0.0.1", "-p", String(pg.port), "-U", "postgres"];
    let t0 = Date.now();
    await execa("pgbench", [...pgb, "-i", "-q", "-s", String(scale), "bench"]);
    const size = Number((await pg.sql("SELECT pg_database_size('bench')"))[0][0]);
    console.log(`dataset: pgbench -i -s ${scale}: ${mb(size)} (generated in ${secs(Date.now() - t0)})`);

    const db = getDb();
    const app = db.insert(apps).values({ name: "bench" }).returning().get();
    const url = pg.url("bench");
    const target = db.insert(targets).values({ appId: app.id, name: "pgbench", type: "postgres", source: { url } }).returning().get();
    const backend = new LocalBackend(path.join(env().dataDir, "storage"));
    const prefix = `pitr/${target.id}`;
    await startWalStream({ targetId: target.id, url, backend, prefix, spoolDir: path.join(env().dataDir, "spool", String(target.id)) });
    while (streamRow(target.id)?.state !== "streaming") await sleep(100);
    const log = new RunLog(0, [], path.join(env().dataDir, "logs", "pitr-bench.log"));
    const ac = new AbortController();
    t0 = Date.now();
    const base = await takeBaseBackup({ targetId: target.id, url, backend, prefix, workDir: path.join(env().dataDir, "work"), log, signal: ac.signal });
    console.log(`base backup: ${secs(Date.now() - t0)}, ${mb(base.sizeBytes!)} stored`);

    // RPO under load.
    const load = execa("pgbench", [...pgb, "-n", "-c", "2", "-j", "2", "-R", String(rate), "-T", String(loadSecs), "bench"]);
    const gaps: number[] = [];
    let cut: Date | null = null;
    const start = Date.now();
    while (Date.now() - start < loadSecs * 1000 - 1000) {
      await sleep(1000);
      const el = Date.now() - start;
      if (!cut && el >= (loadSecs * 1000 * 2) / 3) cut = new Date();
      if (el < 10_000) continue; // the first snapshot and segment settle
      const newest = Math.max(...db.select({ at: pitrWal.receivedAt }).from(pitrWal).where(eq(pitrWal.targetId, target.id)).all().map((r) => r.at.getTime()));
      gaps.push(Date.now() - newest);
    }
    await load;
    console.log(`RPO under pgbench -R ${rate} (${gaps.length} samples, 1/s): newest stored WAL median ${secs(q(gaps, 0.5))} old, p95 ${secs(q(gaps, 0.95))}, max ${secs(Math.max(...gaps))}`);

    // The WAL past the cut is stored a few seconds later.
    for (;;) {
      try {
        planPitrRestore(cut!, listBaseBackups(target.id), listWal(target.id));
        break;
      } catch {
        await sleep(500);
      }
    }
    const scratchRoot = path.join("/tmp", `lifeboat-bench-pitr-${process.pid}`);
    fs.mkdirSync(scratchRoot, { recursive: true });
    t0 = Date.now();
    const res = await restoreToPointInTime({ targetId: target.id, url, backend, targetTime: cut!, destination: { database: "bench_pitr" }, scratchRoot, log, signal: ac.signal });
    const lifeboatMs = Date.now() - t0;
    const newestRestored = (await pg.sql("SELECT max(mtime) FROM pgbench_history", "bench_pitr"))[0][0];
    console.log(`RTO Lifeboat: ${secs(lifeboatMs)} (${res.segments} WAL segments, ${res.reached}); newest restored transaction ${newestRestored}, asked for ${cut!.toISOString()}`);

    t0 = Date.now();
    await byHand(backend, target.id, cut!, pg.port, scratchRoot);
    const handMs = Date.now() - t0;
    const counts = await Promise.all(["bench_pitr", "bench_hand"].map(async (d) => (await pg.sql("SELECT count(*) FROM pgbench_history", d))[0][0]));
    console.log(`RTO by hand: ${secs(handMs)}; ratio Lifeboat / by hand = ${(lifeboatMs / handMs).toFixed(2)}; pgbench_history rows: Lifeboat ${counts[0]}, by hand ${counts[1]}`);
    fs.rmSync(scratchRoot, { recursive: true, force: true });
  } finally {
    await stopAllWalStreams();
    await pg.cleanup();
  }
}

/** The same restore as a person would type it, with the same tools and the same plan. */
async function byHand(backend: LocalBackend, targetId: number, at: Date, serverPort: number, scratchRoot: string) {
  const plan = planPitrRestore(at, listBaseBackups(targetId), listWal(targetId));
  const dir = postgresOwnedDir(path.join(scratchRoot, "hand-").replace("/tmp/", ""));
  const data = path.join(dir, "data");
  const wal = path.join(dir, "wal");
  await asPostgres("mkdir", ["-m", "700", data, wal]);
  const baseTar = plan.backup.files.find((f) => f.name === "base.tar")!;
  // buffer: false — execa would otherwise keep (and cap at 100 MB) the gigabyte it pipes on.
  await execa("zstd", ["-dc", backend.localPath(baseTar.key)], { buffer: false }).pipe("runuser", ["-u", "postgres", "--", "tar", "-x", "-C", data]);
  for (const w of plan.segments) await execa("zstd", ["-d", "-q", "-f", backend.localPath(w.key), "-o", path.join(wal, w.name.replace(/\.partial$/, ""))]);
  await execa("chown", ["-R", "postgres:postgres", wal]);
  const port = await freePort();
  await configureRecovery(data, { port, socketDir: dir, walDir: wal, targetTime: at });
  await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "3600", "start"]);
  // pg_ctl -w returns once recovery runs (hot_standby off: no connections yet): wait for the promotion.
  for (;;) {
    const r = await execa("psql", ["-h", dir, "-p", String(port), "-U", "postgres", "-Atc", "SELECT pg_is_in_recovery()", "postgres"], { reject: false });
    if (r.stdout === "f") break;
    await sleep(250);
  }
  const dump = path.join(dir, "dump");
  await execa("pg_dump", ["-Fc", "-Z", "0", "-h", dir, "-p", String(port), "-U", "postgres", "-f", dump, "bench"]);
  await execa("createdb", ["-h", "127.0.0.1", "-p", String(serverPort), "-U", "postgres", "bench_hand"]);
  await execa("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "-h", "127.0.0.1", "-p", String(serverPort), "-U", "postgres", "-d", "bench_hand", dump]);
  await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
