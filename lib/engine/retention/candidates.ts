import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { restores, runs, schedules, targets, type Run, type Target } from "../../db/schema";
import { getSettings } from "../../settings/settings";
import { NotFoundError } from "../../errors";
import { decideRetention, type ArtifactKind, type RetentionArtifact, type RetentionDecision } from "./decide";
import { isCountedTrigger } from "../status/counted-runs";
import { runsBeingCopied } from "../copies/copy-rows";
import { policyOf, type RetentionPolicy } from "./policy";

export interface RetentionPlan {
  target: Target;
  policy: RetentionPolicy;
  /** Calendar buckets are counted in this timezone: the target's first schedule's, else the console default. */
  timezone: string;
  decision: RetentionDecision;
  runs: Map<number, Run>;
}

function artifactKind(trigger: Run["trigger"]): ArtifactKind {
  if (isCountedTrigger(trigger)) return "backup";
  return trigger === "upload" ? "upload" : "safety";
}

/** Runs whose artifact a queued or running restore reads. */
export function runsBeingRead(db: DbOrTx, runIds: number[]): Set<number> {
  if (runIds.length === 0) return new Set();
  const rows = db
    .select({ runId: restores.runId })
    .from(restores)
    .where(and(inArray(restores.runId, runIds), inArray(restores.status, ["queued", "running"])))
    .all();
  // A copy still streaming from the primary reads it too.
  return new Set([...rows.map((r) => r.runId), ...runsBeingCopied(db, runIds)]);
}

export function bucketTimezone(db: DbOrTx, targetId: number): string {
  const s = db
    .select({ tz: schedules.timezone })
    .from(schedules)
    .where(and(eq(schedules.targetId, targetId), eq(schedules.enabled, true)))
    .orderBy(asc(schedules.id))
    .get();
  return s?.tz ?? getSettings(db).defaultTimezone;
}

/** What the target's policy (or an override, for a preview while editing) would keep and delete now. */
export function planRetention(targetId: number, now: Date, override?: RetentionPolicy, db: DbOrTx = getDb()): RetentionPlan {
  const target = db.select().from(targets).where(eq(targets.id, targetId)).get();
  if (!target) throw new NotFoundError(`Target ${targetId} not found`);
  const rows = db
    .select()
    .from(runs)
    .where(and(eq(runs.targetId, targetId), eq(runs.artifactState, "present"), isNotNull(runs.artifactPath)))
    .all();
  const reading = runsBeingRead(db, rows.map((r) => r.id));
  const artifacts: RetentionArtifact[] = rows.map((r) => ({
    id: r.id,
    kind: artifactKind(r.trigger),
    at: r.startedAt ?? r.queuedAt,
    status: r.status,
    pinned: r.pinned,
    pinnedUntil: r.pinnedUntil,
    inUse: reading.has(r.id),
  }));
  const policy = override ? policyOf(override) : policyOf(target);
  const timezone = bucketTimezone(db, targetId);
  return {
    target,
    policy,
    timezone,
    decision: decideRetention(artifacts, policy, now, timezone),
    runs: new Map(rows.map((r) => [r.id, r])),
  };
}
