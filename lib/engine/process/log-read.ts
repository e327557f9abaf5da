import fs from "node:fs";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { runLogPath } from "./run-log";

const MAX_CHUNK = 256 * 1024;

/**
 * The run's log from `fromByte`: at most 256 KiB, cut after the last full line so a multi-byte
 * character is never split. `done` once the run has ended and everything was read.
 */
export function readRunLog(runId: number, fromByte: number): { text: string; nextByte: number; done: boolean } {
  const run = getDb().select({ status: runs.status, logPath: runs.logPath }).from(runs).where(eq(runs.id, runId)).get();
  const ended = !!run && run.status !== "queued" && run.status !== "running";
  const file = run?.logPath ?? runLogPath(runId);
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return { text: "", nextByte: fromByte, done: ended };
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.min(Math.max(0, fromByte), size);
    const len = Math.min(MAX_CHUNK, size - start);
    const buf = Buffer.alloc(len);
    const got = len > 0 ? fs.readSync(fd, buf, 0, len, start) : 0;
    let slice = buf.subarray(0, got);
    const lastNl = slice.lastIndexOf(0x0a);
    if (lastNl >= 0) slice = slice.subarray(0, lastNl + 1);
    else if (!ended || start + got < size) slice = slice.subarray(0, 0);
    const nextByte = start + slice.length;
    return { text: slice.toString("utf8"), nextByte, done: ended && nextByte >= size };
  } finally {
    fs.closeSync(fd);
  }
}
