import { gte } from "drizzle-orm";
import { getDb } from "../../db/client";
import { storageSamples } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { getSettings } from "../../settings/settings";
import { dayAt, dayKey } from "./per-day";

export interface StoragePoint {
  day: string;
  at: number;
  /** Lifeboat's artifacts on all storage roots that day (last sample of each root). */
  usedBytes: number;
}

/** Total storage used per day from the daily samples, oldest first. */
export function getStorageHistory(actor: Actor, now: Date = new Date(), days = 90): StoragePoint[] {
  requirePermission(actor, "read");
  const db = getDb();
  const tz = getSettings(db).defaultTimezone;
  const rows = db
    .select()
    .from(storageSamples)
    .where(gte(storageSamples.at, new Date(now.getTime() - days * 86_400_000)))
    .orderBy(storageSamples.at)
    .all();
  // Last sample of each root per day wins (rows are in time order).
  const perDay = new Map<string, Map<string, number>>();
  for (const s of rows) {
    const k = dayKey(s.at.getTime(), tz);
    const roots = perDay.get(k) ?? new Map<string, number>();
    roots.set(s.storageRoot, s.usedBytes);
    perDay.set(k, roots);
  }
  return [...perDay.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([day, roots]) => ({ day, at: dayAt(day), usedBytes: [...roots.values()].reduce((s, b) => s + b, 0) }));
}

/** Today's date in the console timezone, as the x of the "now" point the chart ends with. */
export function storageToday(now: Date = new Date()): StoragePoint {
  const day = dayKey(now.getTime(), getSettings().defaultTimezone);
  return { day, at: dayAt(day), usedBytes: 0 };
}
