import path from "node:path";
import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import type { ToolRunner } from "./runner";
import { localExtract, localPack } from "./tar-streams";

interface Ctx {
  signal: AbortSignal;
  log: RunLog;
}

/** GNU tar's version on the server ("tar (GNU tar) 1.34" → "1.34"). */
export async function remoteTarVersion(runner: ToolRunner, ctx: Ctx): Promise<string> {
  const { stdout } = await runner.run("tar", ["--version"], { ...ctx, capture: true });
  return stdout.split("\n")[0]?.match(/\d+(\.\d+)+/)?.[0] ?? "unknown";
}

/**
 * Read a folder on the server with its own `tar` and unpack the stream into `into` here (the
 * archive writer then packs it like a local folder). Exit code 1 of GNU tar means files changed
 * while read: kept, with a warning in the log.
 */
export async function pullFolder(runner: ToolRunner, ctx: Ctx, root: string, into: string, onBytes?: (n: number) => void): Promise<void> {
  if (!path.isAbsolute(root)) throw new StepError(`Not an absolute path: ${root}`);
  try {
    await runner.run("test", ["-d", root], { ...ctx, label: "test -d" });
  } catch (e) {
    if (e instanceof StepError && e.exitCode === 1) throw new StepError(`Folder not found on ${runner.where}: ${root}`);
    throw e;
  }
  const x = localExtract(into, ctx.signal);
  try {
    await runner.run("tar", ["-c", "-f", "-", "--numeric-owner", "-C", root, "."], { ...ctx, stdout: x.sink, onBytes, label: "tar" });
  } catch (e) {
    if (!(e instanceof StepError && e.exitCode === 1)) throw e;
    ctx.log.info(`WARNING tar on ${runner.where}: some files changed while they were read (exit code 1); the backup holds what was read`);
  }
  await x.done;
}

/** Send the folder `from` (restored here first, safely) into `dest` on the server with its own `tar -x`. */
export async function pushFolder(runner: ToolRunner, ctx: Ctx, from: string, dest: string): Promise<void> {
  if (!path.isAbsolute(dest)) throw new StepError(`Not an absolute path: ${dest}`);
  await runner.run("mkdir", ["-p", dest], ctx);
  const p = localPack(from, ctx.signal);
  await runner.run("tar", ["-x", "-p", "-f", "-", "-C", dest], { ...ctx, stdin: p.source, label: "tar -x" });
  await p.done;
}
