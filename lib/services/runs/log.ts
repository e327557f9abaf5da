import fs from "node:fs";
import path from "node:path";
import type { Actor } from "../../auth/actor";
import { readRunLog } from "../../engine/process/log-read";
import { runLogPath } from "../../engine/process/run-log";
import type { RunDto } from "./dto";
import { loadRunForActor } from "./get";

export interface RunLogChunk {
  text: string;
  nextByte: number;
  done: boolean;
  /** The run as it is now, so a poller gets status and progress with the log in one call. */
  run: RunDto;
}

/** The log from `fromByte` on (viewer+), for the live log on the run page. */
export async function getRunLog(actor: Actor, id: number, fromByte: number): Promise<RunLogChunk> {
  const { dto } = loadRunForActor(actor, id);
  const chunk = await readRunLog(id, Math.max(0, Math.floor(fromByte) || 0));
  return { text: chunk.text, nextByte: chunk.nextByte, done: chunk.done, run: dto };
}

/** The whole log file of a run (viewer+), or null when the run has none yet. */
export function openRunLog(actor: Actor, id: number): { absPath: string; size: number; fileName: string } | null {
  const { run } = loadRunForActor(actor, id);
  // The path comes from the run row (or the runner's naming by id), never from the request.
  const absPath = run.logPath ?? runLogPath(id);
  try {
    const stat = fs.statSync(absPath);
    return { absPath, size: stat.size, fileName: path.basename(absPath) };
  } catch {
    return null;
  }
}

/**
 * The log file at the runner's path for this run id (viewer+; 404 outside the token's apps), or
 * null when nothing is written yet. The path comes from the run id alone, never from the request.
 */
export function runLogFile(actor: Actor, id: number): { absPath: string; size: number } | null {
  loadRunForActor(actor, id);
  const absPath = runLogPath(id);
  try {
    return { absPath, size: fs.statSync(absPath).size };
  } catch {
    return null;
  }
}
