import { and, desc, eq } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { runs, targets, type Run } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { recordEvent } from "../../engine/events";
import { requirePermission, type Actor } from "../../auth/actor";
import { assertAppVisible } from "../../api/scope";
import { activeRunOf } from "../../engine/runs/active";
import { getRun } from "../runs/get";
import type { RunDto } from "../runs/dto";
import { reportInput, type ReportInput } from "./schemas";
import { appendReportLog } from "./log-file";
import { refreshTargetStatus } from "../../engine/status/stored";

export interface ReportResult {
  run: RunDto;
  /** true when this report created the run (start, or a finish with no open run). */
  created: boolean;
}

const SUPERSEDED = "Superseded: a new start report arrived before this run reported success or fail";

function openApiRun(tx: Tx, targetId: number): Run | undefined {
  return tx
    .select()
    .from(runs)
    .where(and(eq(runs.targetId, targetId), eq(runs.status, "running"), eq(runs.trigger, "api")))
    .orderBy(desc(runs.id))
    .get();
}

/**
 * A backup Lifeboat did not start, as told by the script that ran it (API report or ping URL).
 * `start` opens a run (trigger "api", status running); `success`/`fail` close the open one, or
 * record a finished run when none is open. Trigger "api" is a counted trigger (counted-runs.ts), so
 * status, overdue, charts and alerts see it like any other run.
 */
export function reportRun(actor: Actor, targetId: number, input: ReportInput, now = new Date()): ReportResult {
  requirePermission(actor, "report.write");
  const data = reportInput.parse(input);
  const db = getDb();
  const { runId, created } = db.transaction((tx) => {
    const target = tx.select({ id: targets.id, appId: targets.appId, name: targets.name }).from(targets).where(eq(targets.id, targetId)).get();
    if (!target) throw new NotFoundError(`Target ${targetId} not found`);
    assertAppVisible(actor, target.appId, `Target ${targetId}`);
    const who = {
      userId: actor.type === "user" ? actor.id : null,
      tokenId: actor.type === "token" ? actor.id : null,
    };
    let open = openApiRun(tx, targetId);

    if (data.event === "start") {
      const busy = activeRunOf(tx, targetId, open?.id);
      if (busy) throw new ConflictError(`Target ${target.name} is being backed up by Lifeboat right now (run ${busy.id})`);
      if (open) {
        tx.update(runs)
          .set({ status: "interrupted", finishedAt: now, durationMs: now.getTime() - (open.startedAt ?? open.queuedAt).getTime(), errorSummary: SUPERSEDED })
          .where(eq(runs.id, open.id))
          .run();
      }
      const row = tx
        .insert(runs)
        .values({ targetId, trigger: "api", ...who, status: "running", queuedAt: now, startedAt: now })
        .returning()
        .get();
      audit(tx, actor, row, data.event, target.name);
      refreshTargetStatus(targetId, tx);
      return { runId: row.id, created: true };
    }

    const status = data.event === "success" ? "success" : "failed";
    const finish = {
      status,
      finishedAt: now,
      exitCode: data.exitCode ?? (status === "success" ? 0 : null),
      sizeBytes: data.sizeBytes ?? null,
      artifactPath: data.artifactPath ?? null,
      // The script's file lives outside Lifeboat's storage: shown, never served for download.
      artifactState: data.artifactPath ? "external" : "none",
      errorSummary: status === "failed" ? failSummary(data.exitCode, data.log) : null,
    } as const;
    let created = false;
    if (!open) {
      const startedAt = new Date(now.getTime() - (data.durationMs ?? 0));
      open = tx.insert(runs).values({ targetId, trigger: "api", ...who, status: "running", queuedAt: startedAt, startedAt }).returning().get();
      created = true;
    }
    const startedAt = open.startedAt ?? open.queuedAt;
    const row = tx
      .update(runs)
      .set({ ...finish, durationMs: data.durationMs ?? Math.max(0, now.getTime() - startedAt.getTime()) })
      .where(eq(runs.id, open.id))
      .returning()
      .get();
    if (status === "failed") {
      recordEvent(tx, {
        type: "run.failed",
        targetId,
        runId: row.id,
        at: now,
        payload: { target: target.name, exitCode: row.exitCode, error: row.errorSummary, trigger: "api" },
      });
    }
    audit(tx, actor, row, data.event, target.name);
    refreshTargetStatus(targetId, tx);
    return { runId: row.id, created };
  });

  if (data.log) {
    const file = appendReportLog(runId, data.log);
    db.update(runs).set({ logPath: file }).where(eq(runs.id, runId)).run();
  }
  return { run: getRun(actor, runId), created };
}

function failSummary(exitCode: number | null | undefined, log: string | null | undefined): string {
  const lastLine = (log ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  const head = exitCode != null ? `The script reported failure (exit code ${exitCode})` : "The script reported failure";
  return lastLine ? `${head}: ${lastLine.slice(0, 300)}` : head;
}

function audit(tx: Tx, actor: Actor, run: Run, event: string, targetName: string): void {
  writeAudit(tx, actor, {
    action: "run.report",
    entityType: "run",
    entityId: run.id,
    after: { event, target: targetName, status: run.status, exitCode: run.exitCode, sizeBytes: run.sizeBytes, durationMs: run.durationMs },
  });
}
