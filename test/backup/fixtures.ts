import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { getDb } from "@/lib/db/client";
import { apps, targets, users, type NewTarget, type Target } from "@/lib/db/schema";
import { storedSource } from "@/lib/engine/targets/stored-source";
import type { Actor } from "@/lib/auth/actor";

let seq = 0;

/** An operator user (real row) to trigger runs as. */
export function operator(): Actor {
  const db = getDb();
  const email = `op${++seq}-${process.pid}@example.test`;
  const u = db.insert(users).values({ email, passwordHash: "x", role: "operator" }).returning().get();
  return { type: "user", id: u.id, email, role: "operator" };
}

/** A target row (source split into clear part + sealed password, like the targets service does). */
export function makeTarget(t: Partial<NewTarget> & Pick<NewTarget, "type" | "source">, appName = "shop"): Target {
  const db = getDb();
  const app = db.select().from(apps).all().find((a) => a.name === appName) ?? db.insert(apps).values({ name: appName }).returning().get();
  const { source, secretEnc } = storedSource(t.type, t.source as Record<string, unknown>, null);
  return db
    .insert(targets)
    .values({ name: `t${++seq}`, appId: app.id, ...t, source, secretEnc })
    .returning()
    .get();
}

export function tmpDir(prefix = "lb-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Unpack an artifact with the system tar (+ zstd) into a fresh folder. */
export function unpack(artifact: string): string {
  const dir = tmpDir("lb-unpack-");
  const args = artifact.endsWith(".zst") ? ["--zstd", "-xf", artifact] : ["-xf", artifact];
  execFileSync("tar", [...args, "-C", dir]);
  return dir;
}

/** `cd dir && sha256sum -c file.sha256` — throws if the artifact does not match. */
export function sha256sumCheck(artifact: string): string {
  return execFileSync("sha256sum", ["-c", path.basename(artifact) + ".sha256"], { cwd: path.dirname(artifact) }).toString();
}

/** tar's listing in archive order (names only). */
export function listArchive(artifact: string): string[] {
  const args = artifact.endsWith(".zst") ? ["--zstd", "-tf", artifact] : ["-tf", artifact];
  return execFileSync("tar", args).toString().split("\n").filter(Boolean);
}

export function script(dir: string, name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
  return p;
}
