import { getDb } from "../../db/client";
import { settings } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { getSettings, settingsSchema, type Settings } from "../../settings/settings";

/** Change console-wide settings (admin), audited with the before and after in one transaction. */
export function updateSettings(actor: Actor, patch: Partial<Settings>): Settings {
  requirePermission(actor, "manage");
  const parsed = settingsSchema.partial().parse(patch);
  return getDb().transaction((tx) => {
    const before = getSettings(tx);
    for (const [key, value] of Object.entries(parsed)) {
      if (value === undefined) continue;
      tx.insert(settings)
        .values({ key, value, updatedAt: new Date() })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } })
        .run();
    }
    const after = getSettings(tx);
    writeAudit(tx, actor, { action: "settings.update", entityType: "settings", entityId: "console", before, after });
    return after;
  });
}
