/**
 * The storage forecast, as pure arithmetic: given what each target adds per day and how much its
 * retention policy lets it keep, when does a volume run out of free space?
 *
 * Model: a target with a retention cap grows at its observed rate until it holds `capBytes`, then
 * stays there (retention deletes as much as each backup adds); a target without any rule grows
 * forever. Whatever else fills the disk (observed from the daily samples, minus the backups'
 * share) grows linearly. A target already above its cap drops to it at the next retention sweep.
 */
import type { RetentionPolicy } from "../../retention/policy";

const DAY = 86_400_000;

export interface TargetGrowth {
  /** Bytes of this target's artifacts on the volume now. */
  usedBytes: number;
  /** Observed: average artifact size × artifacts per day over the recent window. */
  bytesPerDay: number;
  /** Steady state under the retention policy; null = no rule, grows without bound. */
  capBytes: number | null;
}

export interface VolumeForecastInput {
  freeBytes: number;
  targets: TargetGrowth[];
  /** Growth on the disk that is not Lifeboat's artifacts (bytes/day, ≥ 0). */
  otherBytesPerDay?: number;
  /** Beyond this many days we say "not filling up". */
  horizonDays?: number;
}

export interface VolumeForecast {
  /** Days until free space reaches zero; null = not within the horizon (not filling up). */
  daysUntilFull: number | null;
  /** Net growth today (bytes/day). */
  bytesPerDayNow: number;
  /** Net growth once every capped target has reached its steady state. */
  bytesPerDaySteady: number;
}

/** Bytes the volume will have consumed (relative to now) after `d` days. */
function consumedAfter(input: VolumeForecastInput, d: number): number {
  let sum = (input.otherBytesPerDay ?? 0) * d;
  for (const t of input.targets) {
    const grown = t.usedBytes + t.bytesPerDay * d;
    sum += (t.capBytes === null ? grown : Math.min(t.capBytes, grown)) - t.usedBytes;
  }
  return sum;
}

export function forecastVolume(input: VolumeForecastInput): VolumeForecast {
  const horizon = input.horizonDays ?? 3650;
  const other = Math.max(0, input.otherBytesPerDay ?? 0);
  const growing = (t: TargetGrowth) => t.bytesPerDay > 0 && (t.capBytes === null || t.usedBytes < t.capBytes);
  const bytesPerDayNow = other + input.targets.filter(growing).reduce((s, t) => s + t.bytesPerDay, 0);
  const bytesPerDaySteady =
    other + input.targets.filter((t) => t.capBytes === null).reduce((s, t) => s + Math.max(0, t.bytesPerDay), 0);
  const result = (daysUntilFull: number | null): VolumeForecast => ({ daysUntilFull, bytesPerDayNow, bytesPerDaySteady });

  if (input.freeBytes <= 0) return result(0);
  // consumedAfter is piecewise linear: its slope only changes where a capped target saturates.
  const breaks = input.targets
    .filter((t) => t.capBytes !== null && t.bytesPerDay > 0 && t.usedBytes < t.capBytes)
    .map((t) => (t.capBytes! - t.usedBytes) / t.bytesPerDay)
    .filter((d) => d < horizon)
    .sort((a, b) => a - b);
  let start = 0;
  for (const end of [...breaks, horizon]) {
    const at = consumedAfter(input, start);
    const slope = (consumedAfter(input, end) - at) / Math.max(end - start, Number.EPSILON);
    if (at >= input.freeBytes) return result(start);
    if (slope > 0 && at + slope * (end - start) >= input.freeBytes) {
      return result(start + (input.freeBytes - at) / slope);
    }
    start = end;
  }
  return result(null);
}

/**
 * How many artifacts the policy holds in steady state at `runsPerDay`; null = no rule (unbounded).
 * Rules are a union (an artifact stays if any rule keeps it), so the largest rule bounds the count
 * from below and the tiers are summed as an upper bound: the forecast errs on the early side.
 * +1: a new artifact is written before retention prunes the oldest, so that is the peak.
 */
export function steadyArtifactCount(p: RetentionPolicy, runsPerDay: number): number | null {
  const n = (v: number | null | undefined) => Math.max(0, v ?? 0);
  const tiers = n(p.keepHourly) + n(p.keepDaily) + n(p.keepWeekly) + n(p.keepMonthly) + n(p.keepYearly);
  if (n(p.keepDays) + n(p.keepLast) + tiers === 0) return null;
  const byDays = Math.ceil(n(p.keepDays) * Math.max(0, runsPerDay));
  return Math.max(byDays, n(p.keepLast), tiers) + 1;
}

/** Least-squares slope of value over time, in units per day; null when the points span < 1 day. */
export function slopePerDay(points: { at: number; value: number }[]): number | null {
  if (points.length < 2) return null;
  const t0 = points[0].at;
  const xs = points.map((p) => (p.at - t0) / DAY);
  if (Math.max(...xs) - Math.min(...xs) < 1) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = points.reduce((s, p) => s + p.value, 0) / points.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (points[i].value - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? null : num / den;
}

/** "full in ~23 days", "not filling up", … */
export function forecastWords(daysUntilFull: number | null): string {
  if (daysUntilFull === null) return "not filling up";
  if (daysUntilFull <= 0) return "full now";
  if (daysUntilFull < 1) return "full within a day";
  const d = Math.floor(daysUntilFull);
  return `full in ~${d} day${d === 1 ? "" : "s"}`;
}

export function isForecastWarning(daysUntilFull: number | null, warnDays: number): boolean {
  return daysUntilFull !== null && daysUntilFull < warnDays;
}
