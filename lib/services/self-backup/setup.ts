import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { LIFEBOAT_CONSOLE_TYPE } from "../../engine/types/lifeboat-console";
import { createApp } from "../apps/create";
import { createTarget } from "../targets/create";
import { createSchedule } from "../schedules/save";

export const SELF_APP = "Lifeboat";
export const SELF_TARGET = "console";

/** The console's own backup target, if set up. */
export function selfBackupTargetId(actor: Actor): number | null {
  requirePermission(actor, "read");
  return findSelfTarget();
}

function findSelfTarget(): number | null {
  return getDb().select({ id: targets.id }).from(targets).where(eq(targets.type, LIFEBOAT_CONSOLE_TYPE)).get()?.id ?? null;
}

/**
 * Set up the built-in "Lifeboat console" target (admin): app "Lifeboat", target "console" backing
 * up the console's own database, daily at 03:30 in the console's timezone, keeping 14 days. Does
 * nothing when one exists. Each piece is created (and audited) by its own service.
 */
export function setUpSelfBackup(actor: Actor): { targetId: number; created: boolean } {
  requirePermission(actor, "manage");
  const existing = findSelfTarget();
  if (existing) return { targetId: existing, created: false };
  const app = getDb().select().from(apps).where(eq(apps.name, SELF_APP)).get() ?? createApp(actor, { name: SELF_APP, description: "Lifeboat's own database (run history, settings, sealed credentials)" });
  const target = createTarget(actor, {
    appId: app.id,
    name: SELF_TARGET,
    type: LIFEBOAT_CONSOLE_TYPE,
    description: "The console's database, copied with SQLite's online backup API",
    source: {},
    retention: { keepDays: 14 },
  });
  createSchedule(actor, { targetId: target.id, kind: "daily", hour: 3, minute: 30 });
  return { targetId: target.id, created: true };
}
