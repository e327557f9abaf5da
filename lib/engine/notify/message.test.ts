import { describe, expect, it } from "vitest";
import { buildMessage } from "./message";
import type { EventContext } from "./event-context";

const opts = { baseUrl: "https://backup.example.com/", timezone: "Asia/Ho_Chi_Minh" };
const at = new Date("2025-03-01T10:00:00Z");
const ctx = (e: Partial<EventContext["event"]>, extra: Partial<EventContext> = {}): EventContext => ({
  event: { id: 1, type: "run.failed", at, targetId: 3, runId: null, restoreId: null, payload: null, ...e },
  app: { id: 2, name: "shop" },
  target: { id: 3, name: "db", lastSuccessAt: null },
  run: null,
  restore: null,
  ...extra,
});

describe("notification messages", () => {
  it("an overdue target names the missed slot and the last success, and links to the target", () => {
    const m = buildMessage(ctx({ type: "target.overdue", payload: { slot: "2025-03-01T08:00:00.000Z", deadline: "x" } }), opts);
    expect(m.subject).toBe("[Lifeboat] Backup overdue: shop/db");
    expect(m.text).toContain("Missed slot: 2025-03-01 15:00 (Asia/Ho_Chi_Minh)");
    expect(m.text).toContain("Last success: never");
    expect(m.text).toContain("Target: https://backup.example.com/targets/3");
    expect(m.json).toMatchObject({ status: "overdue", runUrl: null, url: "https://backup.example.com/targets/3" });
  });

  it("a failed restore links to the restore, and to the run it restored from", () => {
    const m = buildMessage(
      ctx({ type: "restore.failed", runId: 7, restoreId: 9, payload: { error: "pg_restore: exit 1", destination: "database shop_copy" } }),
      opts,
    );
    expect(m.text).toContain("Restore: https://backup.example.com/restores/9");
    expect(m.text).toContain("Destination: database shop_copy");
    expect(m.json).toMatchObject({ error: "pg_restore: exit 1", runUrl: "https://backup.example.com/runs/7", status: "failed" });
  });

  it("a storage forecast says when the disk is full, in words", () => {
    const m = buildMessage(
      ctx(
        { type: "storage.forecast", targetId: null, payload: { volume: "/srv/backups", roots: ["/srv/backups"], daysUntilFull: 12, words: "full in ~12 days", freeBytes: 5 * 1024 ** 3 } },
        { app: null, target: null },
      ),
      opts,
    );
    expect(m.subject).toBe("[Lifeboat] Storage filling up: /srv/backups");
    expect(m.text).toContain("full in ~12 days");
    expect(m.text).toContain("Free now: 5.0 GiB");
  });
});
