import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, targets, users, RUN_STATUSES, RUN_TRIGGERS, type Run } from "../../db/schema";
import { z } from "zod";
import { toRunDto, type RunDto } from "./dto";

/** Columns a runs table may sort by; id stands for "newest" (ids grow with queued time). */
export const RUN_SORT_FIELDS = ["id", "queuedAt", "startedAt", "durationMs", "sizeBytes"] as const;
export type RunSortField = (typeof RUN_SORT_FIELDS)[number];

const optionalId = z.coerce.number().int().positive().optional();
const optionalDate = z.coerce.date().optional();

/** Filters, paging and sorting as the runs page (search params) and the API send them. */
export const listRunsInput = z.object({
  appId: optionalId,
  targetId: optionalId,
  status: z.enum(RUN_STATUSES).optional(),
  trigger: z.enum(RUN_TRIGGERS).optional(),
  /** queued at or after (inclusive) */
  from: optionalDate,
  /** queued before (exclusive) */
  to: optionalDate,
  /** Text search: "#123" or "123" finds that run; words match app and target names and the error summary. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** "<field>.<asc|desc>", e.g. "durationMs.desc"; default newest first */
  sort: z
    .string()
    .regex(new RegExp(`^(${RUN_SORT_FIELDS.join("|")})\\.(asc|desc)$`), "Use <field>.asc or <field>.desc")
    .default("id.desc"),
});
export type ListRunsInput = z.input<typeof listRunsInput>;
export type ListRunsFilters = z.output<typeof listRunsInput>;

/** WHERE for the filters; each one can ride an index of runs (target_id, status, trigger, queued_at). */
export function runsWhere(f: ListRunsFilters, appScope: number[] | null): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.targetId ? eq(runs.targetId, f.targetId) : undefined,
    f.status ? eq(runs.status, f.status) : undefined,
    f.trigger ? eq(runs.trigger, f.trigger) : undefined,
    f.from ? gte(runs.queuedAt, f.from) : undefined,
    f.to ? lt(runs.queuedAt, f.to) : undefined,
  ];
  if (f.q) parts.push(textSearch(f.q));
  // App filters go through the (small) targets table, so SQLite can use runs_target_id per target.
  if (f.appId) parts.push(inArray(runs.targetId, targetIdsOfApps([f.appId])));
  if (appScope) parts.push(inArray(runs.targetId, targetIdsOfApps(appScope)));
  return and(...parts.filter(Boolean));
}

/** LIKE with the user's % and _ taken literally. */
const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function textSearch(q: string): SQL {
  const id = /^#?(\d{1,12})$/.exec(q)?.[1];
  if (id) return eq(runs.id, Number(id));
  const like = likeOf(q);
  // Names live in the small targets/apps tables; only the error summary is matched row by row.
  const named = getDb()
    .select({ id: targets.id })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(sql`(${targets.name} like ${like} escape '\\' or ${apps.name} like ${like} escape '\\' or (${apps.name} || '/' || ${targets.name}) like ${like} escape '\\')`);
  return or(inArray(runs.targetId, named), sql`${runs.errorSummary} like ${like} escape '\\'`)!;
}

function targetIdsOfApps(appIds: number[]) {
  return getDb()
    .select({ id: targets.id })
    .from(targets)
    .where(appIds.length ? inArray(targets.appId, appIds) : sql`0`);
}

export function runsOrder(sort: string): SQL[] {
  const [field, dir] = sort.split(".") as [RunSortField, "asc" | "desc"];
  const by = dir === "asc" ? asc : desc;
  const col = runs[field];
  // The id tiebreaker keeps paging stable when many rows share a value (or a null).
  return field === "id" ? [by(runs.id)] : [by(col), by(runs.id)];
}

/** Runs joined with what the DTO needs (target, app, user); filter with runsWhere. */
export function selectRunRows() {
  return getDb()
    .select({ run: runs, targetName: targets.name, targetType: targets.type, appId: apps.id, appName: apps.name, userEmail: users.email })
    .from(runs)
    .innerJoin(targets, eq(targets.id, runs.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .leftJoin(users, eq(users.id, runs.userId));
}

export function rowToDto(r: {
  run: Run;
  targetName: string;
  targetType: string;
  appId: number;
  appName: string;
  userEmail: string | null;
}): RunDto {
  return toRunDto(r.run, r);
}
