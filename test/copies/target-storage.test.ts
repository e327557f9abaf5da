import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { updateTarget } from "@/lib/services/targets/update";
import { getTarget } from "@/lib/services/targets/get";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { insertLocation } from "@/lib/engine/storage/locations";
import { operator, tmpDir } from "@/test/backup/fixtures";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };

function errorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors;
    throw e;
  }
  throw new Error("expected a validation error");
}

describe("[COPIES] a target's storage: primary and copy locations", () => {
  it("is saved, shown back, changed by PATCH, and the backup writes to the primary", async () => {
    const app = createApp(admin, { name: "copies-app" });
    const primary = insertLocation(getDb(), { name: "Primary folder", kind: "local", settings: { path: tmpDir("lb-primary-") } });
    const copyA = insertLocation(getDb(), { name: "Copy A", kind: "local", settings: { path: tmpDir("lb-copy-a-") } });
    const copyB = insertLocation(getDb(), { name: "Copy B", kind: "local", settings: { path: tmpDir("lb-copy-b-") } });
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "a.txt"), "primary please");
    const t = createTarget(admin, {
      appId: app.id,
      name: "files",
      type: "filesystem",
      source: { path: src },
      storage: { primary: primary.id, copies: [{ storageId: copyA.id, retention: { keepDaily: 30, keepWeekly: 12 } }] },
    });
    expect(t.storage).toEqual({
      primary: primary.id,
      copies: [{ storageId: copyA.id, retention: { keepDays: null, keepLast: null, keepDaily: 30, keepWeekly: 12, keepMonthly: null, keepYearly: null } }],
      lagLimitHours: null,
    });
    // PATCH without copies keeps them; with copies replaces the list.
    expect(updateTarget(admin, { id: t.id, storage: { lagLimitHours: 48 } }).storage).toMatchObject({ primary: primary.id, lagLimitHours: 48, copies: [{ storageId: copyA.id }] });
    const changed = updateTarget(admin, { id: t.id, storage: { copies: [{ storageId: copyB.id }, { storageId: copyA.id, retention: { keepLast: 2 } }] } });
    expect(changed.storage.copies.map((c) => c.storageId)).toEqual([copyB.id, copyA.id]);
    expect(getTarget(admin, t.id).storage.copies[1].retention.keepLast).toBe(2);

    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    expect(run.storageId).toBe(primary.id);
    expect(fs.existsSync(path.join(primary.settings.path as string, run.artifactPath!))).toBe(true);
  });

  it("refuses unknown locations, the primary as a copy and a location named twice, keyed by field", () => {
    const app = createApp(admin, { name: "copies-bad" });
    const loc = insertLocation(getDb(), { name: "Only one", kind: "local", settings: { path: tmpDir() } });
    const base = { appId: app.id, name: "bad", type: "filesystem" as const, source: { path: tmpDir() } };
    expect(errorsOf(() => createTarget(admin, { ...base, storage: { primary: 99999 } }))).toMatchObject({ "storage.primary": expect.stringMatching(/does not exist/) });
    expect(errorsOf(() => createTarget(admin, { ...base, storage: { primary: loc.id, copies: [{ storageId: loc.id }] } }))).toMatchObject({
      "storage.copies.0.storageId": expect.stringMatching(/primary/),
    });
    expect(errorsOf(() => createTarget(admin, { ...base, storage: { copies: [{ storageId: loc.id }, { storageId: loc.id }] } }))).toMatchObject({
      "storage.copies.1.storageId": expect.stringMatching(/twice/),
    });
  });
});
