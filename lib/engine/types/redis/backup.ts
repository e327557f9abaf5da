import fs from "node:fs";
import path from "node:path";
import { urlParts } from "../shared/db-url";
import { runTool } from "../../process/exec-tool";
import type { Driver, DriverContext } from "../backup-types";
import { describeUrl, versionOf } from "../shared/tools";
import { watchFileSize } from "../shared/file-progress";
import { refuseOptionLike } from "../shared/option-safe";

/** redis-cli connection arguments; the password goes in REDISCLI_AUTH, never argv. */
export function redisConn(url: string): { args: string[]; env: Record<string, string | undefined> } {
  const u = urlParts(url);
  refuseOptionLike({ host: u.host, "user name": u.user });
  const args = ["-h", u.host, "-p", String(u.port ?? 6379), "--no-auth-warning"];
  if (u.user && u.user !== "default") args.push("--user", u.user);
  if (url.startsWith("rediss:")) args.push("--tls");
  if (u.database) args.push("-n", u.database);
  return { args, env: { REDISCLI_AUTH: u.password } };
}

async function redisCmd(ctx: Pick<DriverContext, "signal" | "log">, url: string, ...cmd: string[]): Promise<string> {
  const c = redisConn(url);
  const { stdout } = await runTool("redis-cli", [...c.args, ...cmd], { signal: ctx.signal, log: ctx.log, env: c.env, capture: true });
  // redis-cli exits 0 on server errors (wrong password…): the reply says so.
  if (/^(ERR|NOAUTH|WRONGPASS|NOPERM)\b/m.test(stdout)) throw new Error(`redis-cli ${cmd[0]}: ${stdout.trim().split("\n")[0]}`);
  return stdout;
}

export const redisDriver: Driver = {
  type: "redis",
  describe: describeUrl,
  async produce(ctx) {
    const url = String(ctx.source.url);
    const c = redisConn(url);
    const info = await redisCmd(ctx, url, "INFO", "server");
    const server = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
    const keys = Number((await redisCmd(ctx, url, "DBSIZE")).trim());
    const tool = versionOf((await runTool("redis-cli", ["--version"], { signal: ctx.signal, log: ctx.log, capture: true })).stdout);
    const out = path.join(ctx.workDir, "dump.rdb");
    const stop = watchFileSize(out, (b) => ctx.progress(b, null));
    try {
      await runTool("redis-cli", [...c.args, "--rdb", out], { signal: ctx.signal, log: ctx.log, env: c.env });
    } finally {
      stop();
    }
    const size = fs.statSync(out).size;
    if (size === 0) throw new Error("redis-cli wrote an empty RDB file");
    ctx.progress(size, null);
    return {
      kind: "file",
      path: out,
      name: "dump.rdb",
      tool: { name: "redis-cli", version: tool },
      server: { version: server },
      keys: Number.isFinite(keys) ? keys : undefined,
      finishedAt: new Date(),
    };
  },
};
