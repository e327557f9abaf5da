import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { makeTarget } from "@/test/backup/fixtures";
import { startPgCluster, type PgCluster } from "@/test/servers/pg-cluster";
import { now } from "../clock";
import { locationForTarget } from "../storage/folder-location";
import { listBaseBackups } from "./base-rows";
import { savePitrConfig } from "./config-rows";
import { until } from "./pitr.testing";
import { streamRow } from "./stream-rows";
import { activeWalStreams, stopAllWalStreams } from "./streams";
import { superviseOnce } from "./supervisor";

describe("the PITR supervisor (what boot starts)", () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPgCluster();
  }, 120_000);
  afterAll(async () => {
    await stopAllWalStreams();
    await pg?.cleanup();
  });

  it("starts streaming for targets with PITR on, queues their first base backup (a task of the queue), and stops streams of targets turned off", async () => {
    const t = makeTarget({ type: "postgres", source: { url: pg.url() } });
    getDb().transaction((tx) => savePitrConfig(tx, t.id, { enabled: true, storageId: locationForTarget(t, tx).id }, now()));
    await superviseOnce();
    expect(activeWalStreams()).toContain(t.id);
    await until("streaming", () => streamRow(t.id)?.state === "streaming", 30_000);
    const task = getDb().select().from(tasks).where(and(eq(tasks.kind, "pitr-base-backup"), eq(tasks.targetId, t.id))).get();
    expect(task).toBeDefined();
    await until("the base backup", () => listBaseBackups(t.id).find((b) => b.status === "success" && b.taskId === task!.id), 90_000);
    // Not due again for a day: a second look queues nothing.
    await superviseOnce();
    expect(getDb().select().from(tasks).where(and(eq(tasks.kind, "pitr-base-backup"), eq(tasks.targetId, t.id))).all()).toHaveLength(1);

    getDb().transaction((tx) => savePitrConfig(tx, t.id, { enabled: false, storageId: 0 }, now()));
    await superviseOnce();
    expect(activeWalStreams()).not.toContain(t.id);
    expect(streamRow(t.id)).toMatchObject({ owner: null, state: "stopped" });
  }, 180_000);
});
