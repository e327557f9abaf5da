import fsp from "node:fs/promises";
import path from "node:path";
import type { ResultPromise } from "execa";
import { trackedExeca } from "../../process/process-registry";
import { extractEntryToFile } from "../../archive/read";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import { RespClient, type RespValue } from "./resp-client";
import { freeLoopbackPort } from "../../../net/free-port";

/**
 * Redis cannot load an RDB into a running server. Lifeboat's working approach: start a private
 * `redis-server` on a free loopback port from the backed-up dump.rdb, then copy every key of the
 * source's database into the destination with DUMP + PTTL → RESTORE … REPLACE (binary-safe, TTLs
 * kept, works over TLS and AUTH). The destination database is emptied first (FLUSHDB) so keys
 * created after the backup do not linger. Alternative (rdb_file): write dump.rdb to the path of a
 * stopped server's data file; the user then starts Redis (see README).
 */


export interface TempRedis {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway redis-server loaded from dump.rdb in `dir` (nothing saved back, loopback only). */
export async function startRedisFromRdb(dir: string, signal?: AbortSignal): Promise<TempRedis> {
  const port = await freeLoopbackPort();
  const child: ResultPromise = trackedExeca(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", path.join(dir, "redis.log")],
    { reject: false, stdin: "ignore", stdout: "ignore", stderr: "pipe", cancelSignal: signal },
  );
  let exited = false;
  void child.then(() => (exited = true));
  const url = `redis://127.0.0.1:${port}/0`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const log = await fsp.readFile(path.join(dir, "redis.log"), "utf8").catch(() => "");
      throw new RestoreError(`redis-server could not load the backed-up dump.rdb: ${log.trim().split("\n").slice(-2).join(" | ")}`);
    }
    try {
      const c = await RespClient.connect(url, 1000);
      try {
        const info = String(await c.ok(["INFO", "persistence"]));
        if (/loading:0/.test(info)) break;
      } finally {
        c.close();
      }
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new RestoreError("redis-server did not finish loading dump.rdb within 60 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await child;
    },
  };
}

export async function extractRdb(ctx: Pick<RestoreCtx, "artifact" | "workDir" | "signal">): Promise<string> {
  const dir = path.join(ctx.workDir, "redis");
  await fsp.mkdir(dir, { recursive: true });
  await extractEntryToFile(ctx.artifact, "dump.rdb", path.join(dir, "dump.rdb"), ctx.signal);
  return dir;
}

const dbOf = (url: string) => Number(new URL(url).pathname.slice(1) || 0);

export function withDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Keys per database from INFO keyspace ("db0:keys=3,expires=0,…"). */
export async function redisKeyspace(url: string): Promise<Record<number, number>> {
  const c = await RespClient.connect(url);
  try {
    const info = String(await c.ok(["INFO", "keyspace"]));
    const out: Record<number, number> = {};
    for (const m of info.matchAll(/^db(\d+):keys=(\d+)/gm)) out[Number(m[1])] = Number(m[2]);
    return out;
  } finally {
    c.close();
  }
}

export async function redisInfo(url: string): Promise<{ keys: number; usedMemory: number | null; dir: string | null }> {
  const c = await RespClient.connect(url);
  try {
    const keys = Number(await c.ok(["DBSIZE"]));
    const mem = /used_memory:(\d+)/.exec(String(await c.ok(["INFO", "memory"])));
    let dir: string | null = null;
    const conf = await c.command(["CONFIG", "GET", "dir"]);
    if (Array.isArray(conf) && conf[1]) dir = String(conf[1]);
    return { keys, usedMemory: mem ? Number(mem[1]) : null, dir };
  } finally {
    c.close();
  }
}

const BATCH = 500;

/** Copy every key of database `db` from one server to another (DUMP/PTTL → RESTORE REPLACE). */
export async function copyKeys(fromUrl: string, toUrl: string, signal?: AbortSignal): Promise<number> {
  const from = await RespClient.connect(fromUrl);
  const to = await RespClient.connect(toUrl);
  let copied = 0;
  try {
    let cursor = "0";
    do {
      if (signal?.aborted) throw signal.reason;
      const [next, keys] = (await from.ok(["SCAN", cursor, "COUNT", String(BATCH)])) as [Buffer, Buffer[]];
      cursor = next.toString();
      const dumps = await Promise.all(keys.map((k) => from.command(["DUMP", k])));
      const ttls = await Promise.all(keys.map((k) => from.command(["PTTL", k])));
      const writes: Promise<RespValue>[] = [];
      keys.forEach((k, i) => {
        const payload = dumps[i];
        if (!Buffer.isBuffer(payload)) return; // expired between SCAN and DUMP
        const ttl = Number(ttls[i]);
        writes.push(to.command(["RESTORE", k, String(ttl > 0 ? ttl : 0), payload, "REPLACE"]));
      });
      for (const r of await Promise.all(writes)) if (r instanceof Error) throw new RestoreError(`RESTORE failed in the destination: ${r.message}`);
      copied += writes.length;
    } while (cursor !== "0");
  } finally {
    from.close();
    to.close();
  }
  return copied;
}

/** Live restore: load the RDB in a private server, empty the destination database, copy the keys in. */
export async function redisRestoreLive(ctx: RestoreCtx, sourceUrl: string, destUrl: string): Promise<number> {
  const dir = await extractRdb(ctx);
  ctx.log.info("Starting a private redis-server from the backed-up dump.rdb");
  const temp = await startRedisFromRdb(dir, ctx.signal);
  try {
    const dest = await RespClient.connect(destUrl);
    try {
      await dest.ok(["FLUSHDB"]);
    } finally {
      dest.close();
    }
    ctx.log.info(`Emptied the destination database ${dbOf(destUrl)} (FLUSHDB); copying keys of database ${dbOf(sourceUrl)}`);
    const n = await copyKeys(withDb(temp.url, dbOf(sourceUrl)), destUrl, ctx.signal);
    ctx.log.info(`Copied ${n} key(s) into the destination`);
    return n;
  } finally {
    await temp.stop();
  }
}

/** Write dump.rdb to a stopped server's data file (atomically); the old file is kept beside it. */
export async function redisRestoreRdbFile(ctx: RestoreCtx, file: string): Promise<string | null> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.lifeboat-restore`);
  await extractEntryToFile(ctx.artifact, "dump.rdb", tmp, ctx.signal);
  let kept: string | null = null;
  try {
    await fsp.access(file);
    kept = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await fsp.copyFile(file, kept);
    ctx.log.info(`Kept the previous file as ${kept}`);
  } catch {
    /* no previous file */
  }
  await fsp.rename(tmp, file);
  ctx.log.info(`Wrote ${file}. Start Redis (or restart it while stopped) to load it — see README "Restoring Redis"`);
  return kept;
}
