import { NotFoundError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { planRetention } from "../../engine/retention/candidates";
import { describePolicy, type RetentionPolicy } from "../../engine/retention/policy";

export interface RetentionLine {
  runId: number;
  at: string;
  sizeBytes: number | null;
  artifactName: string | null;
  pinned: boolean;
  reasons: string[];
}

export interface RetentionPreviewDto {
  policyText: string;
  timezone: string;
  keep: RetentionLine[];
  delete: RetentionLine[];
  bytesFreed: number;
}

/** "With this policy these artifacts would be deleted" — the target's policy, or one being edited. */
export function previewRetention(actor: Actor, targetId: number, override?: RetentionPolicy, now: Date = new Date()): RetentionPreviewDto {
  requirePermission(actor, "read");
  const plan = planRetention(targetId, now, override);
  if (actor.type === "token" && actor.appIds && !actor.appIds.includes(plan.target.appId)) {
    throw new NotFoundError(`Target ${targetId} not found`);
  }
  const line = (id: number, reasons: string[]): RetentionLine => {
    const r = plan.runs.get(id)!;
    return {
      runId: id,
      at: (r.startedAt ?? r.queuedAt).toISOString(),
      sizeBytes: r.sizeBytes,
      artifactName: r.artifactPath ? r.artifactPath.split("/").pop()! : null,
      pinned: r.pinned || Boolean(r.pinnedUntil && r.pinnedUntil > now),
      reasons,
    };
  };
  const del = plan.decision.delete.map((d) => line(d.id, []));
  return {
    policyText: describePolicy(plan.policy),
    timezone: plan.timezone,
    keep: plan.decision.keep.map((k) => line(k.id, k.reasons)),
    delete: del,
    bytesFreed: del.reduce((n, d) => n + (d.sizeBytes ?? 0), 0),
  };
}
