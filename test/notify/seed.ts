import { getDb } from "../../lib/db/client";
import { apps, runs, targets, type RunStatus } from "../../lib/db/schema";

/** Minimal app/target/run rows for notifier and metrics tests. */
export function seedTarget(appName: string, targetName: string, extra: Partial<typeof targets.$inferInsert> = {}) {
  const db = getDb();
  const app =
    db.select().from(apps).all().find((a) => a.name === appName) ?? db.insert(apps).values({ name: appName }).returning().get();
  const target = db
    .insert(targets)
    .values({ appId: app.id, name: targetName, type: "postgres", source: {}, ...extra })
    .returning()
    .get();
  return { app, target };
}

export function seedRun(targetId: number, status: RunStatus, extra: Partial<typeof runs.$inferInsert> = {}) {
  const now = new Date();
  return getDb()
    .insert(runs)
    .values({ targetId, trigger: "scheduler", status, queuedAt: now, startedAt: now, finishedAt: now, ...extra })
    .returning()
    .get();
}
