import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Actor } from "../../auth/actor";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, userActor } from "../../../test/restore/testing";
import { artifactFileOf } from "../restore/paths";
import { createSchedule } from "../../services/schedules/save";
import { listSchedules } from "../../services/schedules/list";
import { listTargetOverview, getTargetOverview } from "../../services/targets/overview";
import { getDashboard } from "../../services/dashboard/get-dashboard";
import { receiveUpload } from "../../services/restores/upload";
import { reportRun } from "../../services/reports/report";
import { apiTargetDetail, apiTargetList } from "../../api/target-list";
import { collectMetrics } from "../../metrics/collect";
import { status as cliStatus } from "../../cli/status";
import type { Io } from "../../cli/io";

interface Words {
  status: string;
  lastRunId: number | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  size: number | null;
}

async function cliJson(id: number) {
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: () => {}, stdin: process.stdin } as unknown as Io;
  await cliStatus(["--json"], io);
  return (JSON.parse(lines.join("\n")) as { targets: ReturnType<typeof apiTargetList> }).targets.find((t) => t.id === id)!;
}

/** What every view says about one target, side by side. */
async function everyView(actor: Actor, id: number): Promise<Record<string, Partial<Words>>> {
  const list = listTargetOverview(actor).find((t) => t.id === id)!;
  const page = getTargetOverview(actor, id);
  const dash = getDashboard(actor).rows.find((r) => r.targetId === id)!;
  const sched = listSchedules(actor, { targetId: id }).find((s) => s.purpose === "backup")!;
  const api = apiTargetList(actor).find((t) => t.id === id)!;
  const detail = apiTargetDetail(actor, id);
  const cli = await cliJson(id);
  const metric = (name: string) => collectMetrics().find((f) => f.name === name)!.samples.find((s) => s.labels.target === list.name && s.labels.app === list.appName);
  const state = collectMetrics()
    .find((f) => f.name === "lifeboat_target_status")!
    .samples.find((s) => s.labels.target === list.name && s.labels.app === list.appName && s.value === 1);
  const secs = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);
  return {
    targetsList: { status: list.status, lastRunId: list.lastRunId, lastRunAt: list.lastRunAt, lastSuccessAt: list.lastSuccessAt, size: list.lastSizeBytes },
    targetPage: { status: page.status, lastRunId: page.lastRunId, lastRunAt: page.lastRunAt, lastSuccessAt: page.lastSuccessAt, size: page.lastSizeBytes },
    dashboard: { status: dash.status, lastRunId: dash.lastRun?.id ?? null, lastRunAt: dash.lastRun?.at ?? null, lastSuccessAt: dash.lastSuccessAt, size: dash.artifactSizeBytes },
    scheduleRow: { status: sched.targetStatus ?? "", lastRunId: sched.lastRun?.id ?? null, lastRunAt: sched.lastRun?.at ?? null },
    apiList: { status: api.status, lastRunAt: api.lastRunAt, lastSuccessAt: api.lastSuccessAt, size: api.lastSizeBytes },
    apiDetail: { status: detail.status, lastRunAt: detail.lastRunAt, lastSuccessAt: detail.lastSuccessAt, size: detail.lastSizeBytes },
    cli: { status: cli.status, lastRunAt: cli.lastRunAt, lastSuccessAt: cli.lastSuccessAt, size: cli.lastSizeBytes },
    metrics: { status: state?.labels.status, lastSuccessAt: String(metric("lifeboat_last_success_timestamp_seconds")?.value) },
    expected: { lastSuccessAt: String(secs(list.lastSuccessAt)) },
  };
}

/** Every view's answer must equal the expected words (fields a view does not show are left out). */
function expectAgree(views: Record<string, Partial<Words>>, want: Words) {
  const { metrics, expected, ...rest } = views;
  for (const [name, v] of Object.entries(rest)) {
    const subset = Object.fromEntries(Object.keys(v).map((k) => [k, want[k as keyof Words]]));
    expect({ view: name, ...v }).toEqual({ view: name, ...subset });
  }
  expect(metrics).toEqual({ status: want.status, lastSuccessAt: expected.lastSuccessAt });
}

describe('"Last run", status and size agree in every view', () => {
  test("after a manual run (Back up now), an upload, and an API report", async () => {
    const op = userActor("admin");
    const src = tmpDir("lb-agree-src-");
    fs.writeFileSync(path.join(src, "a.txt"), "data");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-agree-st-") });
    createSchedule(op, { targetId: t.id, kind: "daily", hour: 2, minute: 0, timezone: "UTC", graceMinutes: 60 });

    const manual = await backupNow(op, t.id);
    expect(manual.trigger).toBe("manual");
    const want: Words = { status: "ok", lastRunId: manual.id, lastRunAt: manual.startedAt!.toISOString(), lastSuccessAt: manual.startedAt!.toISOString(), size: manual.sizeBytes };
    expectAgree(await everyView(op, t.id), want);

    // An upload is listed with its trigger but changes none of these words.
    await receiveUpload(op, { targetId: t.id, body: fs.createReadStream(artifactFileOf(manual)) });
    expectAgree(await everyView(op, t.id), want);

    // A target fed by its own script's reports.
    const ext = makeTarget({ type: "external", source: {} });
    createSchedule(op, { targetId: ext.id, kind: "hourly", minute: 0, timezone: "UTC", graceMinutes: 60 });
    const reported = reportRun(op, ext.id, { event: "success", sizeBytes: 4242, durationMs: 30_000 }).run;
    const started = reported.startedAt!;
    expectAgree(await everyView(op, ext.id), { status: "ok", lastRunId: reported.id, lastRunAt: started, lastSuccessAt: started, size: 4242 });
  });
});
