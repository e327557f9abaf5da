import { bucketOf, type BucketUnit } from "./buckets";
import { hasAnyRule, type RetentionPolicy } from "./policy";

/**
 * "backup": a counted run (counted-runs.ts), what the keep-rules count. "upload": an artifact made
 * elsewhere, kept until someone deletes it. "safety": taken before a restore, kept while pinned.
 */
export type ArtifactKind = "backup" | "upload" | "safety";

export interface RetentionArtifact {
  id: number;
  /** Absent = "backup". */
  kind?: ArtifactKind;
  /** When the backup was taken (run start), like a restic snapshot time. */
  at: Date;
  /** Run status: only a "success" can be the protected newest successful artifact. */
  status: string;
  pinned: boolean;
  pinnedUntil: Date | null;
  /** A queued or running restore reads this artifact. */
  inUse: boolean;
}

export interface RetentionDecision {
  keep: { id: number; at: Date; reasons: string[] }[];
  delete: { id: number; at: Date }[];
}

const UNITS: [BucketUnit, keyof RetentionPolicy][] = [
  ["hourly", "keepHourly"],
  ["daily", "keepDaily"],
  ["weekly", "keepWeekly"],
  ["monthly", "keepMonthly"],
  ["yearly", "keepYearly"],
];
const DAY = 86_400_000;

/**
 * Which artifacts a policy keeps, with the meaning of `restic forget --keep-*`: walking from the
 * newest, each hourly/daily/weekly/monthly/yearly rule keeps the newest artifact of each bucket
 * until it has kept N (only buckets that hold an artifact count); keepLast keeps the newest N;
 * keepDays keeps those taken less than N days before the newest one (restic --keep-within: if
 * backups stop, the old ones are not all swept away). An artifact is kept if any rule keeps it.
 * Safety: the newest successful, pinned and in-use artifacts are always kept; no rule = keep all.
 * Buckets are calendar periods in `timezone` (a DST day is still one day).
 *
 * Only backups of the source are counted by the rules and protected as the newest: an uploaded
 * artifact (perhaps months old) or a safety backup never takes a real backup's place in "last N"
 * or a bucket. Uploads are kept until deleted by hand; safety backups while their pin lasts.
 */
export function decideRetention(
  artifacts: RetentionArtifact[],
  policy: RetentionPolicy,
  now: Date,
  timezone: string,
): RetentionDecision {
  const all = [...artifacts].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
  const reasons = new Map<number, string[]>(all.map((a) => [a.id, []]));
  const add = (id: number, why: string) => reasons.get(id)!.push(why);
  const list = all.filter((a) => (a.kind ?? "backup") === "backup");

  if (!hasAnyRule(policy)) for (const a of all) add(a.id, "no retention rule set");
  for (const a of all) if (a.kind === "upload") add(a.id, "uploaded artifact (kept until deleted)");

  const last = policy.keepLast ?? 0;
  list.slice(0, Math.max(0, last)).forEach((a) => add(a.id, `last ${last}`));

  const days = policy.keepDays ?? 0;
  if (days > 0 && list.length > 0) {
    const cutoff = list[0].at.getTime() - days * DAY;
    for (const a of list) if (a.at.getTime() > cutoff) add(a.id, `within ${days} day${days === 1 ? "" : "s"} of the newest`);
  }

  for (const [unit, field] of UNITS) {
    const n = policy[field] ?? 0;
    let kept = 0;
    let lastBucket: string | null = null;
    for (const a of list) {
      if (kept >= n) break;
      const bucket = bucketOf(a.at, unit, timezone);
      if (bucket !== lastBucket) {
        add(a.id, `${unit} ${bucket}`);
        kept++;
        lastBucket = bucket;
      }
    }
  }

  const newestGood = list.find((a) => a.status === "success");
  if (newestGood) add(newestGood.id, "newest successful artifact");
  for (const a of all) {
    if (a.pinned) add(a.id, "pinned");
    else if (a.pinnedUntil && a.pinnedUntil.getTime() > now.getTime()) add(a.id, `pinned until ${a.pinnedUntil.toISOString()}`);
    if (a.inUse) add(a.id, "a restore is reading it");
  }

  const decision: RetentionDecision = { keep: [], delete: [] };
  for (const a of all) {
    const why = reasons.get(a.id)!;
    if (why.length) decision.keep.push({ id: a.id, at: a.at, reasons: why });
    else decision.delete.push({ id: a.id, at: a.at });
  }
  return decision;
}
