/** Helpers for the restore integration tests (not used by the app). */
import { expect } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { restores, runs, users, type Restore, type Run } from "../db/schema";
import type { Actor } from "../auth/actor";
import { enqueueRun, waitForRun } from "../runner";
import { startRestore, type StartRestoreInput } from "../services/restores/create";

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
