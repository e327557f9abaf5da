import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget } from "@/test/backup/fixtures";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { pitrRestoreDto } from "@/lib/services/pitr/status";
import { markOrphanedKeptServers } from "@/lib/engine/pitr/kept-server-rows";
import { keepServer, removeKeptServer } from "@/lib/engine/pitr/kept-servers";
import { insertPitrRestoreTask, type PitrRestoreParams } from "@/lib/engine/pitr/restore-task";

describe("private servers kept after a point-in-time restore, across a console restart", () => {
  it("are recorded in their task: a console restart marks every one still kept as stopped (the page and API no longer call it running)", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const server = { host: "127.0.0.1", port: 54999, user: "u", database: "db", until: new Date(Date.now() + 3_600_000).toISOString() };
    const params: PitrRestoreParams = { targetTime: new Date().toISOString(), destination: { database: "x" }, keepServerMinutes: 60, server };
    const task = insertPitrRestoreTask(getDb(), t.id, params, new Date());
    getDb().update(tasks).set({ status: "done" }).where(eq(tasks.id, task.id)).run();
    const other = insertPitrRestoreTask(getDb(), t.id, { ...params, server: undefined }, new Date());
    keepServer(task.id, new Date(server.until), async () => {});
    expect(pitrRestoreDto(getDb().select().from(tasks).where(eq(tasks.id, task.id)).get()!).server).toMatchObject({ running: true, stoppedAt: null });

    const marked = markOrphanedKeptServers();
    expect(marked).toContain(task.id);
    expect(marked).not.toContain(other.id);
    expect(markOrphanedKeptServers()).not.toContain(task.id);
    const dto = pitrRestoreDto(getDb().select().from(tasks).where(eq(tasks.id, task.id)).get()!);
    expect(dto.server).toMatchObject({ running: false, port: 54999, stopReason: expect.stringMatching(/console stopped/) });
    expect(dto.server!.stoppedAt).not.toBeNull();
    await removeKeptServer(task.id);
  });
});
