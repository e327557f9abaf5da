import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, schedules } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { createApp } from "../apps/create";
import { createTarget } from "../targets/create";
import { apiTargetList } from "../../api/target-list";
import { reportRun } from "./report";
import { appendReportLog } from "./log-file";

const admin: Actor = { type: "cli", label: "test", role: "admin" };
const operator: Actor = { type: "ping", targetId: 0, role: "operator" };

describe("reported runs", () => {
  it("a target fed only by reports is ok while they come and goes overdue when they stop", () => {
    const app = createApp(admin, { name: "legacy" });
    const t = createTarget(admin, { appId: app.id, name: "nightly", type: "external", source: {} });
    // Hourly at :00, 30 minutes of grace, in UTC to keep the arithmetic readable.
    const at = (iso: string) => new Date(iso);
    getDb().insert(schedules).values({ targetId: t.id, kind: "hourly", minute: 0, timezone: "UTC", graceMinutes: 30, enabledAt: at("2025-03-01T09:00:00Z") }).run();
    const statusAt = (iso: string) => apiTargetList(admin, {}, at(iso)).find((x) => x.id === t.id)!.status;

    reportRun(operator, t.id, { event: "start" }, at("2025-03-01T10:02:00Z"));
    expect(statusAt("2025-03-01T10:03:00Z")).toBe("running");
    reportRun(operator, t.id, { event: "success", sizeBytes: 10 }, at("2025-03-01T10:05:00Z"));
    expect(statusAt("2025-03-01T10:40:00Z")).toBe("ok");
    reportRun(operator, t.id, { event: "success" }, at("2025-03-01T11:04:00Z"));
    expect(statusAt("2025-03-01T11:45:00Z")).toBe("ok");
    // The 12:00 report never comes: overdue once 12:30 has passed.
    expect(statusAt("2025-03-01T12:29:00Z")).toBe("ok");
    expect(statusAt("2025-03-01T12:31:00Z")).toBe("overdue");
    // It recovers with the next report.
    reportRun(operator, t.id, { event: "success" }, at("2025-03-01T12:50:00Z"));
    expect(statusAt("2025-03-01T12:51:00Z")).toBe("ok");
    const list = apiTargetList(admin, {}, at("2025-03-01T12:51:00Z")).find((x) => x.id === t.id)!;
    expect(list.lastSuccessAt).toBe("2025-03-01T12:50:00.000Z");
    expect(list.nextRunAt).toBe("2025-03-01T13:00:00.000Z");
  });

  it("a second start closes the forgotten open run as interrupted", () => {
    const app = createApp(admin, { name: "legacy2" });
    const t = createTarget(admin, { appId: app.id, name: "job", type: "external", source: {} });
    const first = reportRun(operator, t.id, { event: "start" }).run;
    const second = reportRun(operator, t.id, { event: "start" }).run;
    expect(second.id).not.toBe(first.id);
    const row = getDb().select().from(runs).where(eq(runs.id, first.id)).get()!;
    expect(row.status).toBe("interrupted");
    expect(row.errorSummary).toMatch(/Superseded/);
    const done = reportRun(operator, t.id, { event: "success", artifactPath: "/srv/backups/x.tgz" }).run;
    expect(done.id).toBe(second.id);
    // The script's own file is shown but never served by Lifeboat.
    expect(done.artifactState).toBe("external");
  });

  it("caps the reported log with a visible marker and masks URL passwords", () => {
    const file = appendReportLog(99_999, "connect postgres://u:pw123@h/db\n" + "y".repeat(5000), 2048);
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toContain("pw123");
    expect(text).toContain("log truncated here");
    expect(Buffer.byteLength(text)).toBeLessThan(2048 + 200);
  });
});
