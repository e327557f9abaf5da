// Test helpers (imported by *.test.ts only): rows inserted straight into the test database.
import fs from "node:fs";
import path from "node:path";
import { getDb } from "../../lib/db/client";
import { apps, runs, schedules, targets, type NewTarget, type Run } from "../../lib/db/schema";

let n = 0;

export function makeTarget(extra: Partial<NewTarget> = {}) {
  const db = getDb();
  n++;
  const app = db.insert(apps).values({ name: `app-${n}-${Date.now()}` }).returning().get();
  return db
    .insert(targets)
    .values({ appId: app.id, name: `target-${n}`, type: "filesystem", source: { path: "/tmp" }, ...extra })
    .returning()
    .get();
}

export function makeSchedule(targetId: number, extra: Partial<typeof schedules.$inferInsert> = {}) {
  return getDb()
    .insert(schedules)
    .values({ targetId, kind: "daily", hour: 2, minute: 0, timezone: "UTC", createdAt: new Date("2020-01-01T00:00:00Z"), ...extra })
    .returning()
    .get();
}

export function makeRun(targetId: number, extra: Partial<typeof runs.$inferInsert> = {}): Run {
  const at = extra.startedAt ?? extra.queuedAt ?? new Date();
  return getDb()
    .insert(runs)
    .values({ targetId, trigger: "manual", status: "success", queuedAt: at, startedAt: at, finishedAt: at, ...extra })
    .returning()
    .get();
}

/** A successful run with a real artifact file (and its .sha256) under `root`. */
export function makeArtifactRun(targetId: number, root: string, iso: string, extra: Partial<typeof runs.$inferInsert> = {}): Run {
  const rel = `t${targetId}/${iso.replace(/[:.]/g, "-")}.tar.zst`;
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `artifact ${iso}`);
  fs.writeFileSync(`${file}.sha256`, "0".repeat(64));
  return makeRun(targetId, {
    startedAt: new Date(iso),
    queuedAt: new Date(iso),
    finishedAt: new Date(iso),
    storageRoot: root,
    artifactPath: rel,
    artifactState: "present",
    sizeBytes: 10,
    ...extra,
  });
}
