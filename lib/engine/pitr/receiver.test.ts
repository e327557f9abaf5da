import fs from "node:fs";
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
import { PitrLeaseError, WalReceiver } from "./receiver";
import { streamRow } from "./stream-rows";
import { fetchWal, listWal, walGaps } from "./wal-store";

describe("WAL receiver against a private PostgreSQL", () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPgCluster();
    await pg.sql("CREATE TABLE t (id serial primary key, at timestamptz default now(), pad text)");
  }, 180_000);
  afterAll(async () => pg?.cleanup());

  const fill = () => pg.sql("INSERT INTO t (pad) SELECT repeat('x', 500) FROM generate_series(1, 200); SELECT pg_switch_wal()");

  it("streams, stores completed segments, survives a killed pg_receivewal and reports the gap, and says stopped when the server goes", async () => {
    const target = makeTarget({ type: "postgres", source: { url: pg.url() } });
    const root = tmpDir("lb-pitr-store-");
    const backend = new LocalBackend(root);
    const spoolDir = path.join(tmpDir("lb-pitr-spool-"), "spool");
    const log: string[] = [];
    const rx = new WalReceiver({ targetId: target.id, url: pg.url(), backend, prefix: `pitr/${target.id}`, spoolDir, tickMs: 200, statusEveryMs: 500, backoff: { firstMs: 300, maxMs: 1000 }, stoppedAfterMs: 5000, onLog: (l) => log.push(l) });
    await rx.start();
    try {
      await until("streaming", () => streamRow(target.id)?.state === "streaming");
      await fill();
      const first = await until("a stored segment", () => listWal(target.id).find((w) => w.kind === "segment"));
      expect(first.name).toMatch(/^[0-9A-F]{24}$/);
      expect(first.size).toBe(1 << 20);
      expect(first.storedSize).toBeLessThan(first.size);
      // What a restore fetches back is the segment, checked against its sha256.
      const back = await fetchWal(backend, first, tmpDir("lb-pitr-fetch-"));
      expect(fs.statSync(back).size).toBe(first.size);

      // Kill pg_receivewal: it comes back, and the time without it is recorded.
      const child = await until("pg_receivewal child", () => registeredChildren().find((c) => c.label === "pg_receivewal"));
      process.kill(-child.pgid!, "SIGKILL");
      await until("restarted", () => (streamRow(target.id)?.restarts ?? 0) >= 1 && streamRow(target.id)?.lastGapMs != null && streamRow(target.id)?.state === "streaming");
      expect(streamRow(target.id)!.lastGapMs!).toBeGreaterThan(0);
      const segments = () => listWal(target.id).filter((w) => w.kind === "segment").length;
      const count = segments();
      await fill();
      await fill();
      await until("more segments", () => segments() >= count + 2);
      // Nothing was lost while it was down: the slot kept the WAL.
      expect(walGaps(listWal(target.id))).toEqual([]);
      expect(streamRow(target.id)!.slotRetainedBytes).not.toBeNull();

      // A second console may not stream the same target.
      const other = new WalReceiver({ targetId: target.id, url: pg.url(), backend, prefix: `pitr/${target.id}`, spoolDir, owner: "other-console" });
      await expect(other.start()).rejects.toBeInstanceOf(PitrLeaseError);

      await pg.stop();
      await until("stopped", () => streamRow(target.id)?.state === "stopped", 20_000);
      const ev = getDb().select().from(events).where(and(eq(events.type, "pitr.stopped"), eq(events.targetId, target.id))).all();
      expect(ev).toHaveLength(1);
      await pg.start();
      await until("streaming after the server is back", () => streamRow(target.id)?.state === "streaming", 20_000);
    } finally {
      await rx.stop();
    }
    expect(streamRow(target.id)).toMatchObject({ owner: null, state: "stopped" });
    expect(registeredChildren().filter((c) => c.label === "pg_receivewal")).toEqual([]);
  }, 180_000);
});
