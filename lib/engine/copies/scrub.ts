import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runCopies, type RunCopy } from "../../db/schema-copies";
import { recordEvent } from "../events";
import { backendFor, getLocation } from "../storage/locations";
import { HashStream } from "./hash-stream";

/** Copies re-read per scrub (the least recently checked first): a full pass over time, a bounded read each day. */
export const SCRUB_SAMPLE = 5;

export interface ScrubResult {
  checked: number[];
  bad: { copyId: number; reason: string }[];
}

/** Re-read one stored copy and compare its size and sha256 with what the copy recorded (the stored object's: no key needed). */
async function checkCopy(copy: RunCopy, signal?: AbortSignal): Promise<string | null> {
  const loc = getLocation(copy.storageId);
  if (!loc) return `storage location ${copy.storageId} is gone`;
  try {
    const body = await backendFor(loc).open(copy.key!);
    const hash = new HashStream({ expect: copy.sha256, what: `the copy ${copy.key} in ${loc.name}` });
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    await pipeline(body, hash, sink, ...(signal ? [{ signal }] : []));
    if (copy.sizeBytes != null && hash.bytes !== copy.sizeBytes) return `${loc.name} holds ${hash.bytes} bytes under ${copy.key}; ${copy.sizeBytes} were copied`;
    return null;
  } catch (e) {
    if (signal?.aborted) throw e;
    return (e as Error).message;
  }
}

/**
 * The scrub: re-read a sample of the copies (those checked longest ago first) and check their
 * sha256 and size, so a damaged or vanished copy is an alert now rather than a surprise during a
 * disaster. A bad copy gets scrub_ok = false (restores then skip it: artifact-sources.ts) and one
 * `copy.corrupt` event when it turns bad; a good one scrub_ok = true.
 */
export async function scrubCopies(now: Date, opts: { sample?: number; signal?: AbortSignal } = {}): Promise<ScrubResult> {
  const db = getDb();
  const sample = db
    .select()
    .from(runCopies)
    // restic copies are checked by the restic-check task (restic check of the location's repository).
    .where(and(eq(runCopies.status, "copied"), isNull(runCopies.snapshotId)))
    .orderBy(sql`${runCopies.scrubbedAt} is not null`, asc(runCopies.scrubbedAt), asc(runCopies.id))
    .limit(opts.sample ?? SCRUB_SAMPLE)
    .all();
  const out: ScrubResult = { checked: [], bad: [] };
  for (const copy of sample) {
    opts.signal?.throwIfAborted();
    const problem = await checkCopy(copy, opts.signal);
    db.transaction((tx) => {
      const res = tx
        .update(runCopies)
        .set({ scrubbedAt: now, scrubOk: problem === null })
        .where(and(eq(runCopies.id, copy.id), eq(runCopies.status, "copied")))
        .run();
      if (res.changes !== 1 || problem === null || copy.scrubOk === false) return;
      recordEvent(tx, {
        type: "copy.corrupt",
        targetId: copy.targetId,
        runId: copy.runId,
        at: now,
        payload: { storageId: copy.storageId, storage: getLocation(copy.storageId, tx)?.name ?? null, key: copy.key, error: problem },
      });
    });
    out.checked.push(copy.id);
    if (problem) out.bad.push({ copyId: copy.id, reason: problem });
  }
  return out;
}
