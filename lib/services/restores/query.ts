import { and, desc, eq, inArray, sql } from "drizzle-orm";
import fs from "node:fs";
import { getDb, type DbOrTx } from "../../db/client";
import { apps, restores, targets, users } from "../../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { toRestoreDto, type RestoreDto } from "./dto";

function selectRows(db: DbOrTx = getDb()) {
  return db
    .select({ r: restores, targetName: targets.name, targetType: targets.type, appId: apps.id, appName: apps.name, userEmail: users.email })
    .from(restores)
    .innerJoin(targets, eq(targets.id, restores.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .leftJoin(users, eq(users.id, restores.userId));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRows>["all"]>>[number];
const dto = (x: Row) => toRestoreDto(x.r, x);

export function getRestore(actor: Actor, id: number): RestoreDto {
  requirePermission(actor, "read");
  const row = Number.isInteger(id) && id > 0 ? selectRows().where(eq(restores.id, id)).get() : undefined;
  const scope = actorAppScope(actor);
  if (!row || (scope && !scope.includes(row.appId))) throw new NotFoundError(`Restore ${id} not found`);
  return dto(row);
}

const LOG_TAIL_BYTES = 256 * 1024;

/** The restore's log (its last 256 KiB), for the status page. */
export function getRestoreLog(actor: Actor, id: number): string {
  getRestore(actor, id);
  const row = getDb().select({ logPath: restores.logPath }).from(restores).where(eq(restores.id, id)).get();
  if (!row?.logPath || !fs.existsSync(row.logPath)) return "";
  const size = fs.statSync(row.logPath).size;
  const fd = fs.openSync(row.logPath, "r");
  try {
    const start = Math.max(0, size - LOG_TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    return (start > 0 ? "[earlier lines not shown]\n" : "") + buf.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

export function listRestores(actor: Actor, opts: { page?: number; pageSize?: number; targetId?: number } = {}): { items: RestoreDto[]; total: number } {
  requirePermission(actor, "read");
  const page = Math.max(1, opts.page ?? 1);
  const size = Math.min(200, Math.max(1, opts.pageSize ?? 50));
  const scope = actorAppScope(actor);
  const where = and(opts.targetId ? eq(restores.targetId, opts.targetId) : undefined, scope ? inArray(apps.id, scope.length ? scope : [-1]) : undefined);
  const items = selectRows().where(where).orderBy(desc(restores.id)).limit(size).offset((page - 1) * size).all().map(dto);
  const total = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(restores)
    .innerJoin(targets, eq(targets.id, restores.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(where)
    .get()!.n;
  return { items, total };
}
