import path from "node:path";
import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import type { ToolRunner } from "./runner";
import { localExtract, localPack } from "./tar-streams";
import { excludeMatcher } from "../archive/tree-walk";

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

/** Anything that takes back steps (restore/undo-alternate.ts's Undo). */
interface UndoSteps {
  add(what: string, run: () => Promise<void>): void;
}

/**
 * Before an alternate restore writes into `dest` on the server: the outermost folder it will
 * create there is removed again if the restore fails; a folder that existed (empty: the service
 * allows no other) is emptied again. Neither follows a link (`rm -rf` removes a link itself).
 */
export async function planRemoteUndo(runner: ToolRunner, ctx: Ctx, dest: string, undo: UndoSteps): Promise<void> {
  if (!path.isAbsolute(dest)) throw new StepError(`Not an absolute path: ${dest}`);
  const script = 'p="$1"; first=""; while [ ! -e "$p" ] && [ ! -L "$p" ]; do first="$p"; p=$(dirname -- "$p"); done; printf "%s" "$first"';
  const { stdout } = await runner.run("sh", ["-c", script, "sh", dest], { ...ctx, capture: true, label: "sh (what the restore creates)" });
  const created = stdout.trim();
  if (created) {
    if (!created.startsWith("/") || created === "/") return;
    undo.add(`folder ${created} on ${runner.where}`, async () => void (await runner.run("rm", ["-rf", "--", created], ctx)));
  } else {
    undo.add(`the contents of ${dest} on ${runner.where}`, async () =>
      void (await runner.run("find", ["-P", dest, "-mindepth", "1", "-maxdepth", "1", "-exec", "rm", "-rf", "--", "{}", "+"], ctx)),
    );
  }
}

/**
 * Delete-extra on the server: `find -P` lists the folder (NUL-separated, never following a link),
 * and what the backup does not hold and no exclude rule covers (an excluded folder keeps all it
 * holds, as locally) is removed with `rm -rf --`, which removes a link, not what it points at.
 */
export async function removeExtraOnServer(runner: ToolRunner, ctx: Ctx, dest: string, seen: Set<string>, exclude: string[]): Promise<number> {
  if (!path.isAbsolute(dest)) throw new StepError(`Not an absolute path: ${dest}`);
  const root = dest.replace(/\/+$/, "") || "/";
  const { stdout } = await runner.run("find", ["-P", root, "-mindepth", "1", "-print0"], { ...ctx, capture: true, label: "find" });
  const excluded = excludeMatcher(exclude);
  const isExcluded = (rel: string) => {
    const parts = rel.split("/");
    for (let i = 1; i <= parts.length; i++) if (excluded(parts.slice(0, i).join("/"))) return true;
    return false;
  };
  const prefix = root === "/" ? "/" : `${root}/`;
  const extra: string[] = [];
  for (const p of stdout.split("\0")) {
    if (!p.startsWith(prefix)) continue;
    const rel = p.slice(prefix.length);
    if (!rel || seen.has(rel) || isExcluded(rel)) continue;
    // A folder that goes takes its contents with it: they need no rm of their own.
    const parent = extra.length ? extra[extra.length - 1]! : null;
    if (parent && rel.startsWith(`${parent.slice(prefix.length)}/`)) continue;
    extra.push(p);
  }
  for (let i = 0; i < extra.length; i += 200) await runner.run("rm", ["-rf", "--", ...extra.slice(i, i + 200)], { ...ctx, label: "rm" });
  if (extra.length) ctx.log.info(`Removed ${extra.length} path(s) on ${runner.where} that are not in the backup`);
  return extra.length;
}
