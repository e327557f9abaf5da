import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { pitrRestoreDto } from "@/lib/services/pitr/status";
import { armKeptServer, disarmAllKeptServers, keptServerArmed, recoverKeptServers, stopAllKeptServers, stopKeptServer } from "@/lib/engine/pitr/kept-servers";
import { insertPitrRestoreTask, type PitrRestoreParams } from "@/lib/engine/pitr/restore-task";
import { until } from "@/lib/engine/pitr/pitr.testing";

/**
 * The records alone (no server behind them: pg_ctl status finds no postmaster.pid). A real kept
 * server stopped after a simulated restart: test/pitr/pitr-offsite.test.ts.
 */
function keptTask(server: Partial<NonNullable<PitrRestoreParams["server"]>>) {
  const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
  const full = { host: "127.0.0.1", port: 54999, user: "u", database: "db", until: new Date(Date.now() + 3_600_000).toISOString(), ...server };
  const params: PitrRestoreParams = { targetTime: new Date().toISOString(), destination: { database: "x" }, keepServerMinutes: 60, server: full };
  const task = insertPitrRestoreTask(getDb(), t.id, params, new Date());
  getDb().update(tasks).set({ status: "done" }).where(eq(tasks.id, task.id)).run();
  return task.id;
}
const dto = (id: number) => pitrRestoreDto(getDb().select().from(tasks).where(eq(tasks.id, id)).get()!).server!;
function scratch(name: string) {
  const dir = path.join(tmpDir("lb-kept-"), name);
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  fs.writeFileSync(path.join(dir, "data", "PG_VERSION"), "15\n");
  return { scratchDir: dir, dataDir: path.join(dir, "data"), major: 15 };
}

describe("private servers kept after a point-in-time restore, across a console restart", () => {
  it("start-up stops and removes one whose time ran out while the console was down, records one no longer running, re-arms one with time left, and never removes a folder a record names outside a restore's scratch", async () => {
    disarmAllKeptServers();
    const expired = scratch("pitr-restore-exp001");
    const expiredId = keptTask({ ...expired, until: new Date(Date.now() - 60_000).toISOString() });
    const vanished = scratch("pitr-restore-van001");
    const vanishedId = keptTask(vanished);
    const legacyId = keptTask({});
    const odd = scratch("not-a-restore");
    const oddId = keptTask(odd);

    const r = await recoverKeptServers();
    expect(r.stopped).toContain(expiredId);
    expect(dto(expiredId)).toMatchObject({ running: false, stopReason: "its time ran out while the console was down" });
    expect(fs.existsSync(expired.scratchDir)).toBe(false);
    expect(r.gone).toEqual(expect.arrayContaining([vanishedId, legacyId]));
    expect(dto(vanishedId).stopReason).toMatch(/no longer running/);
    expect(fs.existsSync(vanished.scratchDir)).toBe(false);
    expect(dto(legacyId).stopReason).toMatch(/console stopped/);
    // A record that names some other folder: left alone, still recorded, its folder kept.
    expect(dto(oddId).running).toBe(true);
    expect(fs.existsSync(odd.dataDir)).toBe(true);
    expect(r.inUse.has(odd.scratchDir)).toBe(true);
    await expect(stopKeptServer(oddId)).rejects.toThrow(/unexpected folder/);
    // A second start-up finds nothing more to do for the settled ones.
    const again = await recoverKeptServers();
    expect([...again.stopped, ...again.gone]).not.toEqual(expect.arrayContaining([expiredId]));
  });

  it("a timer stops it when its time is up; a stop on request works once, from the record", async () => {
    disarmAllKeptServers();
    const a = scratch("pitr-restore-tim001");
    const aId = keptTask({ ...a, until: new Date(Date.now() + 200).toISOString() });
    armKeptServer(aId, new Date(Date.now() + 200));
    expect(keptServerArmed(aId)).toBe(true);
    await until("its time is up", () => dto(aId).stoppedAt, 5_000);
    expect(dto(aId).stopReason).toBe("its time was up");
    expect(fs.existsSync(a.scratchDir)).toBe(false);
    const b = scratch("pitr-restore-req001");
    const bId = keptTask(b);
    expect(await stopKeptServer(bId, "stopped by test")).toBe(true);
    expect(await stopKeptServer(bId)).toBe(false);
    expect(dto(bId)).toMatchObject({ running: false, stopReason: "stopped by test" });
  });

  it("a test file's teardown stops every one still recorded running (a failed test leaves none)", async () => {
    const c = scratch("pitr-restore-end001");
    const cId = keptTask(c);
    const legacy = keptTask({});
    const stopped = await stopAllKeptServers("the test file ended");
    expect(stopped).toContain(cId);
    expect(stopped).not.toContain(legacy);
    expect(dto(cId)).toMatchObject({ running: false, stopReason: "the test file ended" });
    expect(fs.existsSync(c.scratchDir)).toBe(false);
  });
});
