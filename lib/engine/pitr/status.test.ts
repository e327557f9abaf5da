import { describe, expect, it } from "vitest";
import { makeTarget } from "@/test/backup/fixtures";
import { at, insertBase, insertWal } from "./pitr-rows.testing";
import { pitrStatus } from "./status";
import { acquireLease, heartbeat, patchStream, setStreamState } from "./stream-rows";

describe("PITR status of a target", () => {
  it("is stopped with no window before anything is stored", () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    expect(pitrStatus(t.id, at(0))).toEqual({ state: "stopped", lastWalAt: null, windowFrom: null, windowTo: null, slotRetainedBytes: null });
  });

  it("shows the stream's state while its lease is fresh, and the window from the oldest copy to the newest WAL after the last hole", () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    insertBase(t.id, 2, 2, 6); // before the hole: its WAL cannot reach the newest segments
    insertWal(t.id, [[2, 5], [3, 10], [5, 30], [6, 40], [7, 50]]);
    insertBase(t.id, 5, 5, 31);
    insertBase(t.id, 6, 6, 45);
    expect(acquireLease(t.id, "me", at(50), 30_000)).toBe(true);
    setStreamState(t.id, "me", "streaming", at(50));
    patchStream(t.id, "me", { lastWalAt: at(50), slotRetainedBytes: 4096 });
    expect(pitrStatus(t.id, at(55))).toEqual({
      state: "streaming",
      lastWalAt: at(50).toISOString(),
      windowFrom: at(31).toISOString(),
      windowTo: at(50).toISOString(),
      slotRetainedBytes: 4096,
    });
    // The console holding the lease went away without a word: stopped.
    expect(pitrStatus(t.id, at(50 + 31)).state).toBe("stopped");
    heartbeat(t.id, "me", at(81));
    expect(pitrStatus(t.id, at(82)).state).toBe("streaming");
  });
});
