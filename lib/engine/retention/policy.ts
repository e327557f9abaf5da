/** A target's retention policy; null or 0 turns a rule off. Same meaning as `restic forget --keep-*`. */
export interface RetentionPolicy {
  keepDays?: number | null;
  keepLast?: number | null;
  keepHourly?: number | null;
  keepDaily?: number | null;
  keepWeekly?: number | null;
  keepMonthly?: number | null;
  keepYearly?: number | null;
}

export const POLICY_FIELDS = ["keepDays", "keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly"] as const;

export function policyOf(t: RetentionPolicy): RetentionPolicy {
  return Object.fromEntries(POLICY_FIELDS.map((k) => [k, t[k] ?? null])) as RetentionPolicy;
}

export function hasAnyRule(p: RetentionPolicy): boolean {
  return POLICY_FIELDS.some((k) => (p[k] ?? 0) > 0);
}

/** The policy in words for the target page, e.g. "keep 3 days, 7 daily, 4 weekly". */
export function describePolicy(p: RetentionPolicy): string {
  const parts: string[] = [];
  if (p.keepDays) parts.push(`${p.keepDays} day${p.keepDays === 1 ? "" : "s"}`);
  if (p.keepLast) parts.push(`last ${p.keepLast}`);
  if (p.keepHourly) parts.push(`${p.keepHourly} hourly`);
  if (p.keepDaily) parts.push(`${p.keepDaily} daily`);
  if (p.keepWeekly) parts.push(`${p.keepWeekly} weekly`);
  if (p.keepMonthly) parts.push(`${p.keepMonthly} monthly`);
  if (p.keepYearly) parts.push(`${p.keepYearly} yearly`);
  return parts.length ? `keep ${parts.join(", ")}` : "keep everything (no rule set)";
}
