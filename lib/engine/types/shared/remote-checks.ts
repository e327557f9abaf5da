import type { ConnectionCheck } from "../restore-shapes";
import type { ToolRunner } from "../../servers/runner";
import { RunLog } from "../../process/run-log";

/**
 * "Test connection" for a target on another server: the same questions as the local checks
 * (path-checks.ts), asked on that server with its own `sh` and `test` over SSH. The path is an
 * argument of the script (`$1`), never spliced into it.
 */

export type RemoteCheckCtx = { signal: AbortSignal; log: RunLog };

export const checkCtx = (signal: AbortSignal): RemoteCheckCtx => ({ signal, log: new RunLog(0, [], "/dev/null") });

async function answer(runner: ToolRunner, ctx: RemoteCheckCtx, script: string, p: string): Promise<string> {
  return (await runner.run("sh", ["-c", script, "sh", p], { ...ctx, capture: true, label: "sh (check)" })).stdout.trim();
}

const FOLDER = [
  'if [ ! -e "$1" ]; then echo missing',
  'elif [ ! -d "$1" ]; then echo notdir',
  'elif [ ! -r "$1" ] || [ ! -x "$1" ]; then echo unreadable',
  'else echo "ok $(ls -A -- "$1" | wc -l)"; fi',
].join("; ");

export async function remoteFolderCheck(runner: ToolRunner, p: string, ctx: RemoteCheckCtx): Promise<ConnectionCheck> {
  const a = await answer(runner, ctx, FOLDER, p);
  if (a === "missing") return { ok: false, message: `Folder not found on ${runner.where}: ${p}` };
  if (a === "notdir") return { ok: false, message: `Not a folder on ${runner.where}: ${p}` };
  if (a === "unreadable") return { ok: false, message: `The folder exists on ${runner.where} but cannot be read by the SSH user` };
  const n = Number(a.split(" ")[1]);
  return { ok: true, message: `Found and readable on ${runner.where}: ${n} entr${n === 1 ? "y" : "ies"} at the top level` };
}

const EXECUTABLE = [
  'if [ ! -e "$1" ]; then echo missing',
  'elif [ ! -f "$1" ]; then echo notfile',
  'elif [ ! -x "$1" ]; then echo noexec',
  "else echo ok; fi",
].join("; ");

/** A script or hook on the server: there and executable (it is not run). */
export async function remoteExecutableCheck(runner: ToolRunner, p: string, what: string, ctx: RemoteCheckCtx): Promise<ConnectionCheck> {
  if (!p.startsWith("/")) return { ok: false, message: `The ${what} must be an absolute path` };
  const a = await answer(runner, ctx, EXECUTABLE, p);
  if (a === "missing") return { ok: false, message: `The ${what} was not found on ${runner.where}: ${p}` };
  if (a === "notfile") return { ok: false, message: `The ${what} is not a file on ${runner.where}: ${p}` };
  if (a === "noexec") return { ok: false, message: `The ${what} is not executable on ${runner.where} (chmod +x ${p})` };
  return { ok: true, message: `The ${what} ${p} is there and executable on ${runner.where} (found, executable)` };
}
