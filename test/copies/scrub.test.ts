import crypto from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events, runs, tasks } from "@/lib/db/schema";
import { runCopies } from "@/lib/db/schema-copies";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import { copiesOfRun, copyRow } from "@/lib/engine/copies/copy-rows";
import { scrubCopies } from "@/lib/engine/copies/scrub";
import { artifactSources } from "@/lib/engine/copies/artifact-sources";
import { enqueueTask } from "@/lib/engine/tasks/task-rows";
import { updateSettings } from "@/lib/services/settings/settings";
import { kickQueue } from "@/lib/engine/queue/queue";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

describe("[COPIES] the scrub re-reads copies and checks their sha256 (real S3 server)", () => {
  it("good copies pass; a damaged one is marked bad with one copy.corrupt event and is no longer offered for restores", async () => {
    const a = admin();
    const loc = await createStorageLocation(a, { name: "Offsite S3", kind: "s3", settings: s3.settings({ prefix: "scrub" }), encryption: "age" });
    const t = folderTarget(a, { copies: [{ storageId: loc.id }] }, 300_000);
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      expect(run.status).toBe("success");
      await waitForCopies(run.id);
      ids.push(copiesOfRun(run.id)[0].id);
    }

    // Through the task kind, as the daily sweep queues it.
    const task = enqueueTask({ kind: "copy-scrub", priority: 0 }).id;
    kickQueue();
    for (let i = 0; ; i++) {
      const row = getDb().select().from(tasks).where(eq(tasks.id, task)).get()!;
      if (row.status !== "queued" && row.status !== "running") {
        expect([row.status, row.error]).toEqual(["done", null]);
        break;
      }
      if (i > 600) throw new Error("scrub task did not end");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids.map((id) => copyRow(id)!.scrubOk)).toEqual([true, true]);

    // Damage the first copy in the bucket (other bytes under its key).
    const bad = copyRow(ids[0])!;
    await backendFor(getLocation(loc.id)!).put(bad.key!, Readable.from([crypto.randomBytes(1000)]));
    const r1 = await scrubCopies(new Date(), { sample: 10 });
    expect(r1.bad.map((b) => b.copyId)).toEqual([ids[0]]);
    expect(r1.bad[0].reason).toMatch(/sha256/);
    expect(copyRow(ids[0])!.scrubOk).toBe(false);
    expect(copyRow(ids[1])!.scrubOk).toBe(true);
    const corrupt = () => getDb().select().from(events).where(and(eq(events.type, "copy.corrupt"), eq(events.targetId, t.id))).all();
    expect(corrupt()).toHaveLength(1);
    expect(corrupt()[0]).toMatchObject({ runId: bad.runId, payload: { storageId: loc.id, storage: "Offsite S3" } });

    // Still bad next time: no second event for the same finding.
    await scrubCopies(new Date(), { sample: 10 });
    expect(corrupt()).toHaveLength(1);

    // A restore no longer counts on it.
    const run = getDb().select().from(runs).where(eq(runs.id, bad.runId)).get()!;
    const copySource = (await artifactSources(run)).find((s) => s.role === "copy")!;
    expect(copySource).toMatchObject({ healthy: false, problem: "the last scrub found it damaged" });
  }, 180_000);

  it("the sample is a setting: 0 turns the daily scrub off, 1 checks the copy checked longest ago", async () => {
    const a = admin();
    const loc = await createStorageLocation(a, { name: "Offsite S3 (sample)", kind: "s3", settings: s3.settings({ prefix: "scrub-sample" }) });
    const t = folderTarget(a, { copies: [{ storageId: loc.id }] }, 50_000);
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      await waitForCopies(run.id);
      ids.push(copiesOfRun(run.id)[0].id);
    }
    // Every other copy in this database was checked just now: these two are the least recently checked.
    await scrubCopies(new Date(), { sample: 1000 });
    getDb().update(runCopies).set({ scrubbedAt: null }).where(inArray(runCopies.id, ids)).run();
    const scrubTask = async () => {
      const task = enqueueTask({ kind: "copy-scrub", priority: 0 }).id;
      kickQueue();
      for (let i = 0; ; i++) {
        const row = getDb().select().from(tasks).where(eq(tasks.id, task)).get()!;
        if (row.status !== "queued" && row.status !== "running") return expect([row.status, row.error]).toEqual(["done", null]);
        if (i > 600) throw new Error("scrub task did not end");
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    updateSettings(a, { scrubSample: 0 });
    await scrubTask();
    expect(ids.map((id) => copyRow(id)!.scrubbedAt)).toEqual([null, null]);
    updateSettings(a, { scrubSample: 1 });
    await scrubTask();
    expect(ids.map((id) => copyRow(id)!.scrubbedAt !== null)).toEqual([true, false]);
    expect(() => updateSettings(a, { scrubSample: -1 })).toThrow(/0 \(off\) or more/);
    updateSettings(a, { scrubSample: 5 });
  }, 180_000);
});
