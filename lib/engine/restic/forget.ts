import { hasAnyRule, type RetentionPolicy } from "../retention/policy";
import { parseJsonLines, runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

/**
 * A target's keep policy as `restic forget` flags. The tar engine's rules already have restic's
 * meaning (lib/engine/retention/decide.ts); keepDays is --keep-within Nd (counted back from the
 * newest snapshot, so stopped backups do not sweep the old ones away).
 */
export function policyArgs(p: RetentionPolicy): string[] {
  const args: string[] = [];
  const add = (flag: string, v: number | null | undefined, suffix = "") => {
    if (v && v > 0) args.push(flag, `${Math.floor(v)}${suffix}`);
  };
  add("--keep-within", p.keepDays, "d");
  add("--keep-last", p.keepLast);
  add("--keep-hourly", p.keepHourly);
  add("--keep-daily", p.keepDaily);
  add("--keep-weekly", p.keepWeekly);
  add("--keep-monthly", p.keepMonthly);
  add("--keep-yearly", p.keepYearly);
  return args;
}

export interface ForgetResult {
  kept: string[];
  removed: string[];
}

interface ForgetGroup {
  keep?: { id: string }[] | null;
  remove?: { id: string }[] | null;
}

/**
 * Apply the policy to one target's snapshots (its tag; one group for all of them: paths and host
 * do not split a target's history). No rule = keep everything, like the tar engine: restic
 * itself refuses a forget without a rule, and a policy must never delete by accident.
 */
export async function forgetByPolicy(repo: ResticRepo, tag: string, policy: RetentionPolicy, opts: ResticCallOptions & { timezone?: string; dryRun?: boolean } = {}): Promise<ForgetResult> {
  if (!hasAnyRule(policy)) return { kept: [], removed: [] };
  const args = ["forget", "--tag", tag, "--group-by", "tags", ...policyArgs(policy), ...(opts.dryRun ? ["--dry-run"] : [])];
  // Daily/weekly buckets are calendar periods of the schedule's timezone, as in the tar engine.
  const env = opts.timezone ? { TZ: opts.timezone } : undefined;
  const { stdout } = await runRestic({ ...repo, env: { ...repo.env, ...env } }, args, "forget", { ...opts, capture: true });
  const groups = parseJsonLines<ForgetGroup[]>(stdout)[0] ?? [];
  return {
    kept: groups.flatMap((g) => (g.keep ?? []).map((s) => s.id)),
    removed: groups.flatMap((g) => (g.remove ?? []).map((s) => s.id)),
  };
}
