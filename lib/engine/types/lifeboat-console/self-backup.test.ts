import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { setUpSelfBackup } from "@/lib/services/self-backup/setup";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { getDb } from "@/lib/db/client";
import { schedules, targets } from "@/lib/db/schema";
import { operator, sha256sumCheck, unpack } from "@/test/backup/fixtures";

const CLI = { type: "cli" as const, label: "test", role: "admin" as const };

describe("Lifeboat console self-backup", () => {
  test("set up once (app, target, daily schedule); a run copies the live database with the online backup API", async () => {
    const first = setUpSelfBackup(CLI);
    expect(first.created).toBe(true);
    expect(setUpSelfBackup(CLI)).toEqual({ targetId: first.targetId, created: false });
    const t = getDb().select().from(targets).where(eq(targets.id, first.targetId)).get()!;
    expect(t).toMatchObject({ type: "lifeboat_console", name: "console", keepDays: 14 });
    expect(getDb().select().from(schedules).where(eq(schedules.targetId, t.id)).get()).toMatchObject({ kind: "daily", hour: 3, minute: 30, enabled: true });

    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    const art = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    expect(sha256sumCheck(art)).toContain(": OK");
    const out = unpack(art);
    const copy = new Database(path.join(out, "database.sqlite"), { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.prepare("select name from targets where id = ?").pluck().get(t.id)).toBe("console");
    } finally {
      copy.close();
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.payload.tables.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(["targets", "runs", "storage_locations"]));
  });
});
