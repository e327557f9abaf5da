import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { loadRunForActor } from "../runs/get";
import { artifactFileOf } from "../../engine/restore/paths";
import { verifyArtifactFile } from "../../engine/restore/verify";

export interface VerifyRunResult {
  runId: number;
  ok: boolean;
  message: string;
  verifiedAt: string;
}

/** Check a run's artifact against its sha256 (operator+); the result is recorded on the run and audited. */
export async function verifyRun(actor: Actor, runId: number): Promise<VerifyRunResult> {
  requirePermission(actor, "restore.execute");
  const { run } = loadRunForActor(actor, runId);
  const file = artifactFileOf(run);
  const outcome = await verifyArtifactFile(file, run.sha256);
  const at = new Date();
  const status = outcome.ok ? "ok" : "failed";
  getDb().transaction((tx) => {
    tx.update(runs).set({ verifiedAt: at, verifyStatus: status, verifyMessage: outcome.message }).where(eq(runs.id, runId)).run();
    writeAudit(tx, actor, {
      action: "run.verify",
      entityType: "run",
      entityId: runId,
      before: { verifyStatus: run.verifyStatus, verifiedAt: run.verifiedAt },
      after: { verifyStatus: status, message: outcome.message },
    });
  });
  return { runId, ok: outcome.ok, message: outcome.message, verifiedAt: at.toISOString() };
}
