import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { RunCopy } from "@/lib/db/schema-copies";
import type { Actor } from "@/lib/auth/actor";
import { copiesOfRun } from "@/lib/engine/copies/copy-rows";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import type { StorageInput } from "@/lib/services/targets/storage-input";
import { tmpDir } from "@/test/backup/fixtures";

let seq = 0;

/** An admin user (real row: audit rows refer to it). */
export function admin(): Actor {
  const email = `admin${++seq}-${process.pid}@example.test`;
  const u = getDb().insert(users).values({ email, passwordHash: "x", role: "admin" }).returning().get();
  return { type: "user", id: u.id, email, role: "admin" };
}

/** A folder target holding `bytes` random bytes (incompressible, so the artifact is about that big). */
export function folderTarget(actor: Actor, storage: StorageInput, bytes = 3_000_000) {
  const src = tmpDir("lb-copy-src-");
  fs.writeFileSync(path.join(src, "data.bin"), crypto.randomBytes(bytes));
  fs.writeFileSync(path.join(src, "hello.txt"), "hello offsite");
  const app = createApp(actor, { name: `copies-${++seq}-${process.pid}` });
  return createTarget(actor, { appId: app.id, name: "files", type: "filesystem", source: { path: src }, storage });
}

/** Wait until no copy of the run is pending or copying. */
export async function waitForCopies(runId: number, timeoutMs = 120_000): Promise<RunCopy[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const copies = copiesOfRun(runId);
    if (copies.length && copies.every((c) => c.status !== "pending" && c.status !== "copying")) return copies;
    if (Date.now() > until) throw new Error(`copies of run ${runId} still ${copies.map((c) => c.status).join(", ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
