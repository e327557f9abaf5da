/** Calendar buckets (in a timezone) for grandfather-father-son retention. */
export type BucketUnit = "hourly" | "daily" | "weekly" | "monthly" | "yearly";

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(at: Date, timezone: string): { y: number; m: number; d: number; h: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) };
}

/** ISO-8601 week-numbering year and week of a calendar date (as restic buckets weeks). */
function isoWeek(y: number, m: number, d: number): { year: number; week: number } {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = date.getUTCDay() || 7; // Monday=1 … Sunday=7
  date.setUTCDate(date.getUTCDate() + 4 - dow); // the Thursday of this week decides the year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** A label naming the bucket `at` falls in, e.g. "2024-05-01" (daily) or "2024-W18" (weekly). */
export function bucketOf(at: Date, unit: BucketUnit, timezone: string): string {
  const { y, m, d, h } = partsIn(at, timezone);
  switch (unit) {
    case "hourly":
      return `${y}-${p2(m)}-${p2(d)} ${p2(h)}h`;
    case "daily":
      return `${y}-${p2(m)}-${p2(d)}`;
    case "weekly": {
      const w = isoWeek(y, m, d);
      return `${w.year}-W${p2(w.week)}`;
    }
    case "monthly":
      return `${y}-${p2(m)}`;
    case "yearly":
      return String(y);
  }
}
