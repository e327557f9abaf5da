import fs from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import type { DriverContext, FilePayload } from "../backup-types";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import type { ConnectionCheck, DestinationState, Resolved } from "../restore-shapes";
import { RunLog } from "../../process/run-log";
import { StepError } from "../../process/step";
import { runnerFor, type ToolRunner } from "../../servers/runner";
import { remoteTool } from "../shared/remote-tools";
import { redisConn } from "./backup";
import { extractRdb, startRedisFromRdb, withDb } from "./restore";
import { encodeCommand, RespClient } from "./resp-client";

type Ctx = { signal: AbortSignal; log: RunLog };

/**
 * redis-cli run on the server: connection arguments as locally, the password through the
 * wrapper's stdin into REDISCLI_AUTH (never on the remote command line). redis-cli exits 0 on a
 * server error reply (wrong password…): the reply says so.
 */
async function remoteRedis(runner: ToolRunner, ctx: Ctx, url: string, ...cmd: string[]): Promise<string> {
  const c = redisConn(url);
  const { stdout } = await runner.run("redis-cli", [...c.args, ...cmd], { ...ctx, env: c.env, capture: true });
  if (/^(ERR|NOAUTH|WRONGPASS|NOPERM)\b/m.test(stdout)) throw new Error(`redis-cli ${cmd[0]} on ${runner.where}: ${stdout.trim().split("\n")[0]}`);
  return stdout;
}

/** `redis-cli --rdb -` on the target's server: the RDB streamed back over SSH into the work folder. */
export async function produceRemoteRedis(ctx: DriverContext): Promise<FilePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const url = String(ctx.source.url);
  const c = redisConn(url);
  const info = await remoteRedis(runner, ctx, url, "INFO", "server");
  const server = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
  const keys = Number((await remoteRedis(runner, ctx, url, "DBSIZE")).trim());
  const tool = await remoteTool(runner, ctx, ["redis-cli"]);
  const out = path.join(ctx.workDir, "dump.rdb");
  let bytes = 0;
  await runner.run("redis-cli", [...c.args, "--rdb", "-"], { ...ctx, env: c.env, stdoutFile: out, onBytes: (n) => ctx.progress((bytes += n), null) });
  const size = fs.statSync(out).size;
  if (size === 0) throw new Error(`redis-cli on ${runner.where} sent an empty RDB file`);
  ctx.progress(size, null);
  return {
    kind: "file",
    path: out,
    name: "dump.rdb",
    tool: { name: "redis-cli", version: tool.version },
    server: { version: server },
    keys: Number.isFinite(keys) ? keys : undefined,
    finishedAt: new Date(),
  };
}

/** "Test connection" from the target's server: its redis-cli asks the version and the keys. */
export async function remoteRedisConnection(source: Record<string, unknown>, runner: ToolRunner, ctx: Ctx): Promise<ConnectionCheck> {
  const url = String(source.url);
  const info = await remoteRedis(runner, ctx, url, "INFO", "server");
  const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? "(version unknown)";
  const keys = Number((await remoteRedis(runner, ctx, url, "DBSIZE")).trim());
  return { ok: true, message: `Connected from ${runner.where}: Redis ${version}, ${keys} key(s) in this database` };
}

const BATCH = 500;
const dbOf = (url: string) => Number(new URL(url).pathname.slice(1) || 0);

/**
 * The restore as a stream of commands: FLUSHDB, then RESTORE key ttl payload REPLACE for every
 * key of the private server's database (DUMP + PTTL, binary-safe, TTLs kept), read a batch at a
 * time as the channel takes them.
 */
async function* restoreCommands(fromUrl: string, sent: { keys: number }): AsyncGenerator<Buffer> {
  yield encodeCommand(["FLUSHDB"]);
  const from = await RespClient.connect(fromUrl);
  try {
    let cursor = "0";
    do {
      const [next, keys] = (await from.ok(["SCAN", cursor, "COUNT", String(BATCH)])) as [Buffer, Buffer[]];
      cursor = next.toString();
      const dumps = await Promise.all(keys.map((k) => from.command(["DUMP", k])));
      const ttls = await Promise.all(keys.map((k) => from.command(["PTTL", k])));
      const out: Buffer[] = [];
      keys.forEach((k, i) => {
        const payload = dumps[i];
        if (!Buffer.isBuffer(payload)) return; // expired between SCAN and DUMP
        const ttl = Number(ttls[i]);
        out.push(encodeCommand(["RESTORE", k, String(ttl > 0 ? ttl : 0), payload, "REPLACE"]));
      });
      sent.keys += out.length;
      if (out.length) yield Buffer.concat(out);
    } while (cursor !== "0");
  } finally {
    from.close();
  }
}

/** redis-cli --pipe's answer ("errors: 0, replies: N" and any error replies), kept small, logged. */
function pipeAnswer(log: RunLog): Writable & { text: () => string } {
  let text = "";
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString("utf8");
      log.output(s, "stdout");
      text = (text + s).slice(-8192);
      cb();
    },
  });
  return Object.assign(w, { text: () => text });
}

/**
 * Live restore into a Redis the target's server reaches (the original URL or another, as that
 * server sees it): the backed-up dump.rdb is loaded in a private redis-server HERE, and its keys
 * go as a RESP stream (FLUSHDB, RESTORE … REPLACE) through SSH into `redis-cli --pipe` THERE.
 */
export async function restoreRemoteRedis(ctx: RestoreCtx, dest: Resolved, sourceUrl: string): Promise<number> {
  const runner = runnerFor(dest.serverId);
  const destUrl = dest.url!;
  const c = redisConn(destUrl);
  const dir = await extractRdb(ctx);
  ctx.log.info("Starting a private redis-server from the backed-up dump.rdb");
  const temp = await startRedisFromRdb(dir, ctx.signal);
  try {
    const sent = { keys: 0 };
    const answer = pipeAnswer(ctx.log);
    ctx.log.info(`Emptying the destination database ${dbOf(destUrl)} (FLUSHDB) on ${runner.where} and copying the keys of database ${dbOf(sourceUrl)} into it`);
    try {
      await runner.run("redis-cli", [...c.args, "--pipe"], { ...ctx, env: c.env, stdin: Readable.from(restoreCommands(withDb(temp.url, dbOf(sourceUrl)), sent)), stdout: answer });
    } catch (e) {
      if (!(e instanceof StepError) || e.exitCode == null) throw e;
      const lines = answer.text().split(/\r?\n/).filter((l) => /^(ERR|errors:|NOAUTH|WRONGPASS|NOPERM|BUSYKEY|-)/.test(l));
      throw new RestoreError(`redis-cli --pipe on ${runner.where} reported errors: ${lines.slice(-3).join(" | ") || e.message}`);
    }
    const m = /errors: (\d+), replies: (\d+)/.exec(answer.text());
    if (!m || Number(m[1]) !== 0) throw new RestoreError(`redis-cli --pipe on ${runner.where} did not confirm the restore: ${answer.text().trim().split("\n").slice(-2).join(" | ")}`);
    ctx.log.info(`Copied ${sent.keys} key(s) into the destination (${m[2]} replies, no errors)`);
    return sent.keys;
  } finally {
    await temp.stop();
  }
}

/** What is in the destination database now, asked by the server's redis-cli. */
export async function probeRemoteRedis(d: Resolved): Promise<DestinationState> {
  const runner = runnerFor(d.serverId);
  const ctx = { signal: AbortSignal.timeout(30_000), log: new RunLog(0, [], "/dev/null") };
  try {
    const keys = Number((await remoteRedis(runner, ctx, d.url!, "DBSIZE")).trim());
    const mem = /used_memory:(\d+)/.exec(await remoteRedis(runner, ctx, d.url!, "INFO", "memory"));
    return { exists: true, empty: keys === 0, sizeBytes: mem ? Number(mem[1]) : null, keys, free: null };
  } catch (e) {
    return { exists: false, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}
