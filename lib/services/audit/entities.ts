import { eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiTokens, apps, notificationChannels, restores, runs, schedules, targets, users } from "../../db/schema";

/** What an audit row is about, in words, with a link to it while it exists. */
export interface AuditEntity {
  label: string;
  href: string | null;
}

interface Ref {
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const key = (type: string, id: string) => `${type}:${id}`;

function snapshotName(r: Ref): string | null {
  for (const side of [r.after, r.before]) {
    if (side && typeof side === "object") {
      const o = side as Record<string, unknown>;
      for (const k of ["name", "email", "label"]) if (typeof o[k] === "string" && o[k]) return o[k] as string;
    }
  }
  return null;
}

/**
 * Names and links for a page of audit rows, in one query per entity type (a page is ≤ 200 rows).
 * A deleted entity keeps the name its audit snapshot recorded, without a link.
 */
export function resolveAuditEntities(rows: Ref[]): Map<string, AuditEntity> {
  const db = getDb();
  const ids = (type: string) => [...new Set(rows.filter((r) => r.entityType === type && r.entityId && /^\d+$/.test(r.entityId)).map((r) => Number(r.entityId)))];
  const out = new Map<string, AuditEntity>();
  const targetLabels = new Map<number, string>();
  const targetLabel = (list: number[]) => {
    const missing = list.filter((id) => !targetLabels.has(id));
    if (missing.length) {
      for (const t of db.select({ id: targets.id, name: targets.name, app: apps.name }).from(targets).innerJoin(apps, eq(apps.id, targets.appId)).where(inArray(targets.id, missing)).all()) {
        targetLabels.set(t.id, `${t.app}/${t.name}`);
      }
    }
  };

  const targetIds = ids("target");
  targetLabel(targetIds);
  for (const id of targetIds) if (targetLabels.has(id)) out.set(key("target", String(id)), { label: targetLabels.get(id)!, href: `/targets/${id}` });

  for (const a of ids("app").length ? db.select({ id: apps.id, name: apps.name }).from(apps).where(inArray(apps.id, ids("app"))).all() : []) {
    out.set(key("app", String(a.id)), { label: a.name, href: `/apps/${a.id}` });
  }
  const runRows = ids("run").length ? db.select({ id: runs.id, targetId: runs.targetId }).from(runs).where(inArray(runs.id, ids("run"))).all() : [];
  targetLabel(runRows.map((r) => r.targetId));
  for (const r of runRows) out.set(key("run", String(r.id)), { label: `run #${r.id} of ${targetLabels.get(r.targetId) ?? "a deleted target"}`, href: `/runs/${r.id}` });

  const schedRows = ids("schedule").length ? db.select({ id: schedules.id, targetId: schedules.targetId }).from(schedules).where(inArray(schedules.id, ids("schedule"))).all() : [];
  targetLabel(schedRows.map((s) => s.targetId));
  for (const s of schedRows) out.set(key("schedule", String(s.id)), { label: `schedule of ${targetLabels.get(s.targetId) ?? "?"}`, href: `/schedules/${s.id}/edit` });

  const restoreRows = ids("restore").length ? db.select({ id: restores.id, runId: restores.runId }).from(restores).where(inArray(restores.id, ids("restore"))).all() : [];
  for (const r of restoreRows) out.set(key("restore", String(r.id)), { label: `restore #${r.id} (from run #${r.runId})`, href: `/restores/${r.id}` });

  for (const u of ids("user").length ? db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids("user"))).all() : []) {
    out.set(key("user", String(u.id)), { label: u.email, href: "/users" });
  }
  for (const c of ids("channel").length ? db.select({ id: notificationChannels.id, name: notificationChannels.name }).from(notificationChannels).where(inArray(notificationChannels.id, ids("channel"))).all() : []) {
    out.set(key("channel", String(c.id)), { label: `channel ${c.name}`, href: `/settings/notifications/${c.id}` });
  }
  for (const t of ids("api_token").length ? db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, ids("api_token"))).all() : []) {
    out.set(key("api_token", String(t.id)), { label: `token “${t.name}”`, href: "/settings/tokens" });
  }

  // Rows whose entity is gone (or has no table): the name from the audit snapshot, no link.
  for (const r of rows) {
    if (!r.entityType) continue;
    const k = key(r.entityType, r.entityId ?? "");
    if (out.has(k)) continue;
    if (r.entityType === "settings") {
      out.set(k, { label: "settings", href: "/settings" });
      continue;
    }
    const name = snapshotName(r);
    const what = r.entityType.replace("_", " ");
    out.set(k, { label: `${what} ${name ?? (r.entityId ? `#${r.entityId}` : "")}`.trim() + (r.entityId && /^\d+$/.test(r.entityId) ? " (deleted)" : ""), href: null });
  }
  return out;
}

export function entityOf(map: Map<string, AuditEntity>, entityType: string | null, entityId: string | null): AuditEntity | null {
  return entityType ? (map.get(key(entityType, entityId ?? "")) ?? null) : null;
}
