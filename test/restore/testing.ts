/** Helpers for the restore integration tests (not used by the app). */
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";
import { expect } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../lib/db/client";
import { restores, runs, users, type Restore, type Run } from "../../lib/db/schema";
import type { Actor } from "../../lib/auth/actor";
import { enqueueRun } from "../../lib/services/runs/trigger";
import { waitForRun } from "../../lib/engine/runs/wait";
import { startRestore, type StartRestoreInput } from "../../lib/services/restores/create";
import { receiveUpload } from "../../lib/services/restores/upload";

let seq = 0;

export function userActor(role: "viewer" | "operator" | "admin"): Extract<Actor, { type: "user" }> {
  const email = `restore-${role}${++seq}-${process.pid}@example.test`;
  const u = getDb().insert(users).values({ email, passwordHash: "x", role }).returning().get();
  return { type: "user", id: u.id, email, role };
}

/** A backup with the real engine; it must succeed. */
export async function backupNow(actor: Actor, targetId: number): Promise<Run> {
  const { id } = enqueueRun(actor, targetId);
  const run = await waitForRun(id, 120_000);
  expect(run.errorSummary, `backup run ${id} failed`).toBeNull();
  expect(run.status).toBe("success");
  return run;
}

export async function waitForRestore(id: number, timeoutMs = 120_000): Promise<Restore> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = getDb().select().from(restores).where(eq(restores.id, id)).get()!;
    if (r.status !== "queued" && r.status !== "running") return r;
    if (Date.now() > deadline) throw new Error(`restore ${id} still ${r.status}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Start a restore through the service and wait for its end. */
export async function restoreAndWait(actor: Actor, input: StartRestoreInput): Promise<Restore> {
  const dto = await startRestore(actor, input);
  return waitForRestore(dto.id);
}

export function runRow(id: number): Run {
  return getDb().select().from(runs).where(eq(runs.id, id)).get()!;
}

export interface CraftedEntry {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "fifo" | "character-device";
  body?: string | Buffer;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

/**
 * A hand-made (hostile) artifact: manifest.json first, then the entries as given, as a plain tar.
 * Uploaded, it becomes a run like any artifact made elsewhere.
 */
export async function craftArtifact(file: string, type: string, payload: string, entries: CraftedEntry[]): Promise<string> {
  const pack = tarStream.pack();
  const out = pipeline(pack, fs.createWriteStream(file));
  const manifest = JSON.stringify({ format: "lifeboat-artifact", formatVersion: 1, app: "elsewhere", target: "crafted", type, payload: { name: payload } });
  pack.entry({ name: "manifest.json" }, manifest);
  for (const e of entries) {
    const body = typeof e.body === "string" ? Buffer.from(e.body) : e.body;
    const header = { name: e.name, type: e.type ?? "file", linkname: e.linkname, mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, devmajor: 1, devminor: 3 };
    await new Promise<void>((resolve, reject) => pack.entry(header, body ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  await out;
  return file;
}

/** Upload a file as an artifact of `targetId` (the route's service, trigger "upload"). */
export async function uploadFile(actor: Actor, targetId: number, file: string): Promise<Run> {
  const dto = await receiveUpload(actor, { targetId, body: fs.createReadStream(file), fileName: path.basename(file) });
  return runRow(dto.id);
}
