import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { pitrCopies, pitrTargets } from "@/lib/db/schema-pitr";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { saveTargetStorage } from "@/lib/engine/copies/target-storage";
import { applyCopyLagTransitions, copyLags } from "@/lib/engine/copies/copy-lag";
import { at, insertWal, MB } from "@/lib/engine/pitr/pitr-rows.testing";
import { segmentName } from "@/lib/engine/pitr/wal-names";

const HOUR = 3600;
const eventsOf = (targetId: number, type: string) => getDb().select().from(events).where(and(eq(events.targetId, targetId), eq(events.type, type))).all();
function copied(targetId: number, storageId: number, n: number, receivedSec: number) {
  const name = segmentName(1, n, MB);
  getDb().insert(pitrCopies).values({ targetId, storageId, kind: "segment", name, key: `pitr/${targetId}/wal/${name}.zst`, timeline: 1, segNo: n, segSize: MB, size: MB, sha256: "x", storedSize: 1, receivedAt: at(receivedSec), copiedAt: at(receivedSec) }).run();
}

describe("copy.lagging for PITR copies", () => {
  it("a copy location whose WAL reach is more than the target's limit behind the PITR location's raises copy.lagging once (naming the location and how far behind), and copy.recovered once it catches up", async () => {
    const target = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const primary = await createStorageLocation(ADMIN_CLI, { name: `lag-pitr-${target.id}`, kind: "local", settings: { path: tmpDir("lb-pitr-lag-p-") } });
    const near = await createStorageLocation(ADMIN_CLI, { name: `lag-near-${target.id}`, kind: "local", settings: { path: tmpDir("lb-pitr-lag-n-") } });
    const far = await createStorageLocation(ADMIN_CLI, { name: `lag-far-${target.id}`, kind: "local", settings: { path: tmpDir("lb-pitr-lag-f-") } });
    saveTargetStorage(getDb(), target.id, { primary: primary.id, copies: [{ storageId: near.id, retention: {} }, { storageId: far.id, retention: {} }], lagLimitHours: 2 });
    getDb().insert(pitrTargets).values({ targetId: target.id, enabled: true, storageId: primary.id, enabledAt: at(0) }).run();
    // The PITR location: segments 1..4, the newest complete 3 h after the first.
    insertWal(target.id, [[1, 0], [2, HOUR], [3, 2 * HOUR], [4, 3 * HOUR]]);
    // Near has everything but the newest (1 h behind: within the limit); far stopped at segment 1 (3 h behind).
    for (const [n, s] of [[1, 0], [2, HOUR], [3, 2 * HOUR]]) copied(target.id, near.id, n, s);
    copied(target.id, far.id, 1, 0);

    // The clock does not matter (a stopped stream is pitr.stopped's): only the distance to the primary.
    const lag = copyLags(at(3 * HOUR + 60)).get(target.id)!;
    expect(lag.lagging).toBe(true);
    expect(lag.pitrLagging.map((p) => [p.storageId, p.lagHours, p.walTo?.toISOString()])).toEqual([[far.id, 3, at(0).toISOString()]]);
    expect(applyCopyLagTransitions(at(3 * HOUR + 60)).lagging).toContain(target.id);
    expect(applyCopyLagTransitions(at(3 * HOUR + 120)).lagging).not.toContain(target.id); // once per episode
    const [ev] = eventsOf(target.id, "copy.lagging");
    expect(ev.payload).toMatchObject({ limitHours: 2, pitr: [{ storageId: far.id, lagHours: 3, walTo: at(0).toISOString(), primaryWalTo: at(3 * HOUR).toISOString() }] });

    // Far catches up to segment 3 (1 h behind): recovered, once.
    copied(target.id, far.id, 2, HOUR);
    copied(target.id, far.id, 3, 2 * HOUR);
    expect(applyCopyLagTransitions(at(3 * HOUR + 180)).recovered).toContain(target.id);
    expect(applyCopyLagTransitions(at(3 * HOUR + 240)).recovered).not.toContain(target.id);
    expect(eventsOf(target.id, "copy.recovered")).toHaveLength(1);

    // A copy location that has no WAL yet counts from the PITR location's oldest; PITR off: no PITR lag.
    const fresh = await createStorageLocation(ADMIN_CLI, { name: `lag-fresh-${target.id}`, kind: "local", settings: { path: tmpDir("lb-pitr-lag-x-") } });
    saveTargetStorage(getDb(), target.id, { copies: [{ storageId: near.id, retention: {} }, { storageId: fresh.id, retention: {} }] });
    expect(copyLags(at(3 * HOUR)).get(target.id)!.pitrLagging).toEqual([{ targetId: target.id, storageId: fresh.id, walTo: null, primaryWalTo: at(3 * HOUR), lagHours: 3 }]);
    getDb().update(pitrTargets).set({ enabled: false }).where(eq(pitrTargets.targetId, target.id)).run();
    expect(copyLags(at(3 * HOUR)).get(target.id)).toMatchObject({ lagging: false, pitrLagging: [] });
  });
});
