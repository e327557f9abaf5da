import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { startPgCluster, type PgCluster } from "@/test/servers/pg-cluster";
import { registeredChildren } from "../process/process-registry";
import { LocalBackend } from "../storage/local/backend";
import { until } from "./pitr.testing";
import { WalReceiver } from "./receiver";
import { streamRow } from "./stream-rows";

describe("WAL stream health", () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPgCluster();
    await pg.sql("CREATE TABLE t (id serial primary key, pad text)");
  }, 180_000);
  afterAll(async () => pg?.cleanup());

  const eventsOf = (targetId: number, type: string) => getDb().select().from(events).where(and(eq(events.type, type), eq(events.targetId, targetId))).all();

  it("says lagging when the server writes and nothing arrives for longer than the limit, and warns once about a slot holding too much", async () => {
    const target = makeTarget({ type: "postgres", source: { url: pg.url() } });
    const rx = new WalReceiver({
      targetId: target.id, url: pg.url(), backend: new LocalBackend(tmpDir("lb-pitr-lag-")), prefix: `pitr/${target.id}`, spoolDir: path.join(tmpDir("lb-pitr-lag-spool-"), "s"),
      tickMs: 200, statusEveryMs: 300, lagLimitMs: 1500, slotBloatBytes: 1, partialEveryMs: 60_000,
    });
    await rx.start();
    const child = await until("pg_receivewal", () => registeredChildren().find((c) => c.label === "pg_receivewal"));
    try {
      await until("streaming", () => streamRow(target.id)?.state === "streaming");
      // A frozen receiver (a hung network looks the same): the server goes on writing.
      process.kill(child.pid, "SIGSTOP");
      await until("lagging", async () => {
        await pg.sql("INSERT INTO t (pad) SELECT repeat('x', 100) FROM generate_series(1, 50)");
        return streamRow(target.id)?.state === "lagging";
      }, 30_000, 300);
      expect(eventsOf(target.id, "pitr.lagging")).toHaveLength(1);
      expect(eventsOf(target.id, "pitr.lagging")[0].payload).toMatchObject({ behindBytes: expect.any(Number) });
      process.kill(child.pid, "SIGCONT");
      await until("streaming again", async () => {
        await pg.sql("INSERT INTO t (pad) VALUES ('y')");
        return streamRow(target.id)?.state === "streaming";
      }, 30_000, 300);
      expect(eventsOf(target.id, "pitr.slot_bloat")).toHaveLength(1);
    } finally {
      process.kill(child.pid, "SIGCONT");
      await rx.stop();
    }
  }, 180_000);
});
