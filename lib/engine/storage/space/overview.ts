import { eq, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../../db/client";
import { apps, targets } from "../../../db/schema";
import { getSettings } from "../../../settings/settings";
import { forecastVolume, forecastWords, isForecastWarning, steadyArtifactCount } from "./forecast";
import { observedRunsByTarget, otherGrowthPerDay } from "./growth";
import { storageRoots, usedBytesByTarget } from "./usage";
import { orphanBytesByRoot } from "./orphan-bytes";
import { volumesOf } from "./volumes";

export interface StorageTargetDto {
  targetId: number;
  targetName: string;
  appId: number;
  appName: string;
  root: string;
  usedBytes: number;
  /** Observed over the last 14 days (average artifact × artifacts per day). */
  bytesPerDay: number;
  /** What the retention policy holds in steady state; null = no rule (grows forever). */
  steadyBytes: number | null;
}

export interface StorageVolumeDto {
  key: string;
  roots: string[];
  freeBytes: number;
  totalBytes: number;
  /** Lifeboat's artifacts on this volume (files of deleted targets included). */
  usedBytes: number;
  /** Of which: files not belonging to any target (deleted targets' artifacts, listed on /storage). */
  orphanBytes: number;
  bytesPerDayNow: number;
  daysUntilFull: number | null;
  words: string;
  warning: boolean;
  /** "samples": other growth on the disk seen in the daily samples is included; "runs": backups only. */
  growthSource: "samples" | "runs";
}

export interface StorageOverview {
  totalUsedBytes: number;
  /** Files left by deleted targets and apps: counted in the totals until an admin deletes them on /storage. */
  orphans: { count: number; bytes: number };
  warnDays: number;
  targets: StorageTargetDto[];
  volumes: StorageVolumeDto[];
}

/** Storage use, free space and the forecast (data: lib/services/storage/overview.ts checks who may read it), for the dashboard, the forecast check and metrics. */
export function computeStorage(now: Date = new Date(), db: DbOrTx = getDb()): StorageOverview {
  const warnDays = getSettings(db).forecastWarnDays;
  const { defaultRoot, byTarget: rootOf } = storageRoots(db);
  const used = usedBytesByTarget(db);
  const observed = observedRunsByTarget(now, db);
  const rows = db
    .select({
      id: targets.id,
      name: targets.name,
      appId: apps.id,
      appName: apps.name,
      keepDays: targets.keepDays,
      keepLast: targets.keepLast,
      keepHourly: targets.keepHourly,
      keepDaily: targets.keepDaily,
      keepWeekly: targets.keepWeekly,
      keepMonthly: targets.keepMonthly,
      keepYearly: targets.keepYearly,
    })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .orderBy(apps.name, targets.name)
    .all();

  const targetDtos: StorageTargetDto[] = rows.map((t) => {
    const o = observed.get(t.id);
    const count = steadyArtifactCount(t, o?.runsPerDay ?? 0);
    return {
      targetId: t.id,
      targetName: t.name,
      appId: t.appId,
      appName: t.appName,
      root: rootOf.get(t.id) ?? defaultRoot,
      usedBytes: used.get(t.id) ?? 0,
      bytesPerDay: o ? o.avgBytes * o.runsPerDay : 0,
      steadyBytes: count === null ? null : count * (o?.avgBytes ?? 0),
    };
  });

  const orphanBytes = orphanBytesByRoot(db);
  const orphanCount = db.get<{ n: number }>(sql`select count(*) as n from orphan_artifacts`)?.n ?? 0;
  const volumes = volumesOf([defaultRoot, ...rootOf.values(), ...orphanBytes.keys()]).map((v): StorageVolumeDto => {
    const onVolume = targetDtos.filter((t) => v.roots.includes(t.root));
    const orphans = v.roots.reduce((s, r) => s + (orphanBytes.get(r) ?? 0), 0);
    const other = otherGrowthPerDay(v.roots, now, db);
    const f = forecastVolume({
      freeBytes: v.freeBytes,
      otherBytesPerDay: other ?? 0,
      targets: onVolume.map((t) => ({ usedBytes: t.usedBytes, bytesPerDay: t.bytesPerDay, capBytes: t.steadyBytes })),
    });
    return {
      ...v,
      usedBytes: onVolume.reduce((s, t) => s + t.usedBytes, 0) + orphans,
      orphanBytes: orphans,
      bytesPerDayNow: f.bytesPerDayNow,
      daysUntilFull: f.daysUntilFull,
      words: v.totalBytes === 0 ? "storage folder unavailable" : forecastWords(f.daysUntilFull),
      warning: v.totalBytes === 0 || isForecastWarning(f.daysUntilFull, warnDays),
      growthSource: other === null ? "runs" : "samples",
    };
  });

  return {
    totalUsedBytes: targetDtos.reduce((s, t) => s + t.usedBytes, 0) + [...orphanBytes.values()].reduce((s, b) => s + b, 0),
    orphans: { count: orphanCount, bytes: [...orphanBytes.values()].reduce((s, b) => s + b, 0) },
    warnDays,
    targets: targetDtos,
    volumes,
  };
}
