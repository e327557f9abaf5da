import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, auditLog, runs, targets, users, type RunStatus, type RunTrigger } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { listRuns } from "./list";
import { getRun } from "./get";
import { openArtifact, recordArtifactDownload } from "./artifact-file";
import { runFilterOptions } from "./filter-options";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const viewer: Actor = { type: "user", id: 2, email: "viewer@example.com", role: "viewer" };
const T0 = Date.UTC(2025, 0, 1);

// Two apps, three targets; 30 runs spread over them with known statuses, triggers and times.
let appA = 0, appB = 0, tA1 = 0, tA2 = 0, tB1 = 0;
beforeAll(() => {
  const db = getDb();
  db.insert(users).values([
    { id: 1, email: "admin@example.com", passwordHash: "x", role: "admin" },
    { id: 2, email: "viewer@example.com", passwordHash: "x", role: "viewer" },
  ]).run();
  appA = db.insert(apps).values({ name: "alpha" }).returning().get().id;
  appB = db.insert(apps).values({ name: "beta" }).returning().get().id;
  const t = (appId: number, name: string) =>
    db.insert(targets).values({ appId, name, type: "filesystem", source: { path: "/tmp" } }).returning().get().id;
  tA1 = t(appA, "db");
  tA2 = t(appA, "uploads");
  tB1 = t(appB, "files");
  const statuses: RunStatus[] = ["success", "failed", "success", "partial", "running"];
  const triggers: RunTrigger[] = ["scheduler", "manual", "api"];
  for (let i = 0; i < 30; i++) {
    db.insert(runs).values({
      targetId: [tA1, tA2, tB1][i % 3],
      trigger: triggers[i % 3],
      status: statuses[i % 5],
      userId: i % 3 === 1 ? 1 : null,
      queuedAt: new Date(T0 + i * 3_600_000),
      durationMs: (i * 7919) % 1000,
      sizeBytes: i * 10,
    }).run();
  }
});

describe("listRuns", () => {
  it("finds runs by text: a run number, app/target names, words of the error, % taken literally", () => {
    const db = getDb();
    const odd = db.insert(runs).values({ targetId: tB1, trigger: "manual", status: "failed", queuedAt: new Date(T0 - 1), errorSummary: "disk full: ENOSPC at 100%" }).returning().get();
    try {
      expect(listRuns(viewer, { q: `#${odd.id}` }).rows.map((r) => r.id)).toEqual([odd.id]);
      expect(listRuns(viewer, { q: String(odd.id) }).total).toBe(1);
      expect(listRuns(viewer, { q: "ENOSPC", pageSize: 200 }).rows.map((r) => r.id)).toEqual([odd.id]);
      expect(listRuns(viewer, { q: "beta/fil", pageSize: 200 }).total).toBe(11);
      expect(listRuns(viewer, { q: "uploads", pageSize: 200 }).rows.every((r) => r.targetName === "uploads")).toBe(true);
      expect(listRuns(viewer, { q: "100%" }).rows.map((r) => r.id)).toEqual([odd.id]);
      expect(listRuns(viewer, { q: "%" }).total).toBe(1);
      expect(listRuns(viewer, { q: "no-such-thing" }).total).toBe(0);
    } finally {
      db.delete(runs).where(eq(runs.id, odd.id)).run();
    }
  });

  it("pages newest first with a total, in SQL", () => {
    const p1 = listRuns(viewer, { pageSize: 10 });
    expect(p1.total).toBe(30);
    expect(p1.rows.map((r) => r.id)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    const p3 = listRuns(viewer, { pageSize: 10, page: 3 });
    expect(p3.rows.map((r) => r.id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(listRuns(viewer, { pageSize: 10, page: 4 }).rows).toEqual([]);
    expect(p1.rows[0]).toMatchObject({ appName: "beta", targetName: "files", targetType: "filesystem" });
    expect(listRuns(viewer, { pageSize: 10 }).rows.find((r) => r.trigger === "manual")?.userEmail).toBe("admin@example.com");
  });

  it("filters by app, target, status, trigger and time, and the total follows the filter", () => {
    const byApp = listRuns(viewer, { appId: appA, pageSize: 100 });
    expect(byApp.total).toBe(20);
    expect(byApp.rows.every((r) => r.appId === appA)).toBe(true);
    const byTarget = listRuns(viewer, { targetId: tB1, pageSize: 100 });
    expect(byTarget.total).toBe(10);
    expect(byTarget.rows.every((r) => r.targetId === tB1)).toBe(true);
    const failed = listRuns(viewer, { status: "failed" });
    expect(failed.total).toBe(6);
    expect(failed.rows.every((r) => r.status === "failed")).toBe(true);
    const api = listRuns(viewer, { trigger: "api", status: "success" });
    expect(api.rows.every((r) => r.trigger === "api" && r.status === "success")).toBe(true);
    expect(api.total).toBe(api.rows.length);
    const window = listRuns(viewer, { from: new Date(T0 + 5 * 3_600_000), to: new Date(T0 + 8 * 3_600_000) });
    expect(window.rows.map((r) => r.id)).toEqual([8, 7, 6]);
    // Search params arrive as strings.
    expect(listRuns(viewer, { appId: String(appB) as unknown as number, page: "1" as unknown as number }).total).toBe(10);
  });

  it("sorts by other columns with a stable id tiebreak", () => {
    const bySize = listRuns(viewer, { sort: "sizeBytes.asc", pageSize: 3 });
    expect(bySize.rows.map((r) => r.sizeBytes)).toEqual([0, 10, 20]);
    const byDuration = listRuns(viewer, { sort: "durationMs.desc", pageSize: 30 }).rows.map((r) => r.durationMs!);
    expect(byDuration).toEqual([...byDuration].sort((a, b) => b - a));
    expect(() => listRuns(viewer, { sort: "passwordHash.asc" })).toThrow();
  });

  it("limits a token scoped to some apps to those apps", () => {
    const token: Actor = { type: "token", id: 9, name: "ci", role: "viewer", appIds: [appB] };
    const page = listRuns(token, { pageSize: 100 });
    expect(page.total).toBe(10);
    expect(page.rows.every((r) => r.appId === appB)).toBe(true);
    // Asking for another app's runs yields nothing rather than leaking them.
    expect(listRuns(token, { appId: appA }).total).toBe(0);
    expect(listRuns({ ...token, appIds: [] }).total).toBe(0);
    const firstA = listRuns(viewer, { appId: appA, pageSize: 1 }).rows[0];
    expect(() => getRun(token, firstA.id)).toThrow(/not found/);
    expect(getRun(viewer, firstA.id).id).toBe(firstA.id);
    expect(runFilterOptions(token).apps.map((a) => a.name)).toEqual(["beta"]);
    expect(runFilterOptions(viewer).targets).toHaveLength(3);
  });
});

describe("openArtifact", () => {
  it("serves only present artifacts inside the storage root, to operators", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-store-"));
    fs.mkdirSync(path.join(root, "alpha/db"), { recursive: true });
    fs.writeFileSync(path.join(root, "alpha/db/a.tar.zst"), "hello");
    fs.writeFileSync(path.join(root, "alpha/db/a.tar.zst.sha256"), "abc  a.tar.zst\n");
    const db = getDb();
    const mk = (artifactPath: string, artifactState = "present") =>
      db.insert(runs).values({
        targetId: tA1, trigger: "manual", status: "success", queuedAt: new Date(), storageRoot: root, artifactPath, artifactState,
      }).returning().get().id;
    const good = mk("alpha/db/a.tar.zst");
    const f = await openArtifact(admin, good, "artifact");
    expect(f).toEqual({ absPath: fs.realpathSync(path.join(root, "alpha/db/a.tar.zst")), size: 5, fileName: "a.tar.zst" });
    expect((await openArtifact(admin, good, "sha256")).fileName).toBe("a.tar.zst.sha256");
    await expect(openArtifact(viewer, good, "artifact")).rejects.toThrow(/role/);
    await expect(openArtifact(admin, mk("alpha/db/a.tar.zst", "pruned"), "artifact")).rejects.toThrow(/retention/);
    await expect(openArtifact(admin, mk("../../etc/passwd"), "artifact")).rejects.toThrow(/outside/);
    await expect(openArtifact(admin, mk("alpha/db/gone.tar.zst"), "artifact")).rejects.toThrow(/missing/);
    // A symlink inside the root that points outside is refused too.
    fs.symlinkSync("/etc/hostname", path.join(root, "alpha/db/link.tar.zst"));
    await expect(openArtifact(admin, mk("alpha/db/link.tar.zst"), "artifact")).rejects.toThrow(/outside/);

    recordArtifactDownload(admin, good, "artifact", { fileName: f.fileName, size: f.size, range: "bytes=0-1" });
    const audit = db.select().from(auditLog).all().filter((r) => r.action === "artifact.download");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "admin@example.com", entityType: "run", entityId: String(good) });
  });
});
